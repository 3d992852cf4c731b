// describe text / JSON / Markdown rendered from a parameter table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/json_reader.hpp"
#include "config/param_docs.hpp"

namespace ferry::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kModes[] = {"no_copy", "shallow", nullptr};

const ferry_param kServerRows[] = {
    {"host", FERRY_PARAM_STRING, FERRY_PARAM_REQUIRED, nullptr, "Server host", nullptr, nullptr,
     nullptr, 0, 0},
    {"port", FERRY_PARAM_INTEGER, FERRY_PARAM_HAS_MIN | FERRY_PARAM_HAS_MAX, "24224",
     "Port | number", nullptr, nullptr, nullptr, 1, 65535},
};
const ferry_param_table kServer{sizeof(ferry_param), 2, kServerRows,
                                FERRY_TABLE_HAS_ARG | FERRY_TABLE_PLAIN_SECTION};

const ferry_param kRows[] = {
    {"tag", FERRY_PARAM_STRING, FERRY_PARAM_REQUIRED, nullptr, "Tag of \"events\"", nullptr,
     nullptr, nullptr, 0, 0},
    {"copy_mode", FERRY_PARAM_ENUM, 0, "no_copy", "How to copy", kModes, nullptr, "mode", 0, 0},
    {"shared_key", FERRY_PARAM_STRING, FERRY_PARAM_SECRET, "s3cr3t", "Key", nullptr, nullptr,
     nullptr, 0, 0},
    {"fancy", FERRY_PARAM_BOOL, FERRY_PARAM_UNSUPPORTED, nullptr, nullptr, nullptr, nullptr,
     nullptr, 0, 0},
    {"server", FERRY_PARAM_SECTION, FERRY_PARAM_MULTI, nullptr, "Destinations", nullptr, &kServer,
     nullptr, 0, 0},
};
const ferry_param_table kTable{sizeof(ferry_param), std::size(kRows), kRows, 0};

ferry_plugin_info make_info() {
  ferry_plugin_info info{};
  info.struct_size = sizeof info;
  info.abi_major = FERRY_ABI_MAJOR;
  info.abi_minor = FERRY_ABI_MINOR;
  info.kind = FERRY_KIND_OUTPUT;
  info.type_name = "demo";
  info.version = "1.2.3";
  info.description = "A demo output";
  info.status = "experimental";
  info.params = &kTable;
  info.capabilities = FERRY_CAP_FORMAT | FERRY_CAP_BUFFERED;
  return info;
}

const json::Value* member(const json::Value& v, const std::string& key) {
  for (const auto& [k, val] : v.members)
    if (k == key) return &val;
  return nullptr;
}

TEST(ParamDocs, JsonParsesAndHoldsEveryRow) {
  std::string text = describe_plugin_json(make_info());
  std::string error;
  std::optional<json::Value> doc = json::parse(text, error);
  ASSERT_TRUE(doc) << error << "\n" << text;
  EXPECT_EQ(member(*doc, "name")->text, "demo");
  EXPECT_EQ(member(*doc, "kind")->text, "output");
  EXPECT_EQ(member(*doc, "version")->text, "1.2.3");
  EXPECT_EQ(json::serialize(*member(*doc, "capabilities")), R"(["format","buffered"])");
  const json::Value* params = member(*doc, "params");
  ASSERT_NE(params, nullptr);
  ASSERT_EQ(params->items.size(), 5u);

  const json::Value& tag = params->items[0];
  EXPECT_EQ(member(tag, "name")->text, "tag");
  EXPECT_EQ(member(tag, "type")->text, "string");
  EXPECT_EQ(member(tag, "required")->text, "true");
  EXPECT_EQ(member(tag, "default")->kind, json::Value::Kind::Null);
  EXPECT_EQ(member(tag, "description")->text, "Tag of \"events\"");

  const json::Value& mode = params->items[1];
  EXPECT_EQ(json::serialize(*member(mode, "enum")), R"(["no_copy","shallow"])");
  EXPECT_EQ(member(mode, "default")->text, "no_copy");
  EXPECT_EQ(member(mode, "alias")->text, "mode");

  const json::Value& key = params->items[2];
  EXPECT_EQ(member(key, "default")->text, "xxxxxx");
  EXPECT_EQ(json::serialize(*member(key, "flags")), R"(["secret"])");
  EXPECT_EQ(json::serialize(*member(params->items[3], "flags")), R"(["unsupported"])");

  const json::Value& server = params->items[4];
  EXPECT_EQ(member(server, "type")->text, "section");
  const json::Value* section = member(server, "section");
  ASSERT_NE(section, nullptr);
  EXPECT_EQ(member(*section, "multi")->text, "true");
  EXPECT_EQ(member(*section, "has_arg")->text, "true");
  const json::Value* nested = member(*section, "params");
  ASSERT_EQ(nested->items.size(), 2u);
  EXPECT_EQ(member(nested->items[1], "min")->text, "1");
  EXPECT_EQ(member(nested->items[1], "max")->text, "65535");
}

TEST(ParamDocs, SecretDefaultsAreMaskedEverywhere) {
  ferry_plugin_info info = make_info();
  for (const std::string& out :
       {describe_plugin_text(info), describe_plugin_json(info), describe_plugin_markdown(info)}) {
    EXPECT_THAT(out, Not(HasSubstr("s3cr3t")));
    EXPECT_THAT(out, HasSubstr("xxxxxx"));
  }
}

TEST(ParamDocs, TextShowsTypesDefaultsAndSections) {
  std::string text = describe_plugin_text(make_info());
  EXPECT_THAT(text, HasSubstr("demo (output) 1.2.3 [experimental]"));
  EXPECT_THAT(text, HasSubstr("capabilities: format, buffered"));
  EXPECT_THAT(text, HasSubstr("tag (string, required)"));
  EXPECT_THAT(text, HasSubstr("copy_mode (enum: no_copy|shallow, default: no_copy, alias: mode)"));
  EXPECT_THAT(text, HasSubstr("fancy (bool, not supported by Ferry yet)"));
  EXPECT_THAT(text, HasSubstr("<server> (section, multiple, takes an argument)"));
  EXPECT_THAT(text, HasSubstr("      port (integer, default: 24224, min: 1, max: 65535)"));
}

TEST(ParamDocs, MarkdownTablesPerSection) {
  std::string md = describe_plugin_markdown(make_info());
  EXPECT_THAT(md, HasSubstr("# demo (output)"));
  EXPECT_THAT(md, HasSubstr("| `tag` | string |  | yes | Tag of \"events\" |"));
  EXPECT_THAT(md, HasSubstr("### `<server>` section (may appear several times)"));
  EXPECT_THAT(md, HasSubstr("Port \\| number"));  // pipes escaped inside cells
}

TEST(ParamDocs, PluginWithoutParameters) {
  ferry_plugin_info info = make_info();
  info.params = nullptr;
  EXPECT_THAT(describe_plugin_text(info), HasSubstr("(none)"));
  std::string error;
  EXPECT_TRUE(json::parse(describe_plugin_json(info), error)) << error;
}

TEST(ParamDocs, OlderShorterPluginInfoIsReadSafely) {
  ferry_plugin_info info = make_info();
  info.struct_size = offsetof(ferry_plugin_info, params);  // built before `params` existed
  std::string error;
  std::optional<json::Value> doc = json::parse(describe_plugin_json(info), error);
  ASSERT_TRUE(doc) << error;
  EXPECT_TRUE(member(*doc, "params")->items.empty());
}

TEST(ParamDocs, CoreSectionTable) {
  std::string error;
  std::optional<json::Value> doc = json::parse(describe_table_json(kServer), error);
  ASSERT_TRUE(doc) << error;
  EXPECT_EQ(member(*doc, "params")->items.size(), 2u);
  EXPECT_THAT(describe_table_markdown(kServer, "`<server>`"), HasSubstr("## `<server>`"));
  EXPECT_THAT(describe_table_text(kServer), HasSubstr("host (string, required)"));
}

}  // namespace
}  // namespace ferry::config
