// validate_params on nested sections: SECTION rows (single, MULTI, required,
// HAS_ARG, ANY_KEYS), core sections, and unknown sections.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/params.hpp"
#include "config/params_internal.hpp"
#include "params_test_support.hpp"

namespace ferry::config {
namespace {

using testing::element;
using ::testing::ElementsAre;
using testing::entry;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::messages;

const ferry_param kServerRows[] = {
    {"host", FERRY_PARAM_STRING, FERRY_PARAM_REQUIRED, nullptr, nullptr, nullptr, nullptr, nullptr,
     0, 0},
    {"port", FERRY_PARAM_INTEGER, 0, "24224", nullptr, nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kServer{sizeof(ferry_param), 2, kServerRows, FERRY_TABLE_PLAIN_SECTION};

const ferry_param_table kRecord{sizeof(ferry_param), 0, nullptr,
                                FERRY_TABLE_ANY_KEYS | FERRY_TABLE_PLAIN_SECTION};

const ferry_param kFieldRows[] = {
    {"type", FERRY_PARAM_STRING, 0, "string", nullptr, nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kField{sizeof(ferry_param), 1, kFieldRows,
                               FERRY_TABLE_HAS_ARG | FERRY_TABLE_PLAIN_SECTION};

const ferry_param kRows[] = {
    {"server", FERRY_PARAM_SECTION, FERRY_PARAM_MULTI | FERRY_PARAM_REQUIRED, nullptr, nullptr,
     nullptr, &kServer, nullptr, 0, 0},
    {"record", FERRY_PARAM_SECTION, 0, nullptr, nullptr, nullptr, &kRecord, nullptr, 0, 0},
    {"field", FERRY_PARAM_SECTION, FERRY_PARAM_MULTI, nullptr, nullptr, nullptr, &kField, nullptr,
     0, 0},
    {"legacy", FERRY_PARAM_SECTION, FERRY_PARAM_UNSUPPORTED, nullptr, nullptr, nullptr, &kRecord,
     nullptr, 0, 0},
};
const ferry_param_table kTable{sizeof(ferry_param), std::size(kRows), kRows, 0};

const ferry_param kBufferRows[] = {
    {"chunk_limit_size", FERRY_PARAM_SIZE, 0, "8m", nullptr, nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kBuffer{sizeof(ferry_param), 1, kBufferRows,
                                FERRY_TABLE_HAS_ARG | FERRY_TABLE_PLAIN_SECTION};

class ValidateSections : public ::testing::Test {
 protected:
  ConfigPtr validate(std::vector<Element> children, const CoreSections& core = {},
                     bool strict = false) {
    LoadOptions opts;
    opts.strict = strict;
    Element e = element("match", "app.**", {entry("@type", "demo")}, std::move(children));
    return validate_params(e, kTable, core, opts, diag);
  }
  static Element server(std::string host, uint32_t line = 3) {
    return element("server", "", {entry("host", std::move(host), line + 1)}, {}, line);
  }
  Diagnostics diag;
  ferry_host_api api = testing::host_api();
};

TEST_F(ValidateSections, MultiSectionsInOrderWithDefaults) {
  ConfigPtr cfg = validate({server("a"), server("b")});
  ASSERT_TRUE(cfg);
  ASSERT_EQ(api.config_section_count(cfg.get(), "server"), 2u);
  EXPECT_EQ(api.config_is_set(cfg.get(), "server"), 1);
  const ferry_config* second = api.config_section(cfg.get(), "server", 1);
  ASSERT_NE(second, nullptr);
  EXPECT_STREQ(api.config_string(second, "host", nullptr), "b");
  EXPECT_EQ(api.config_int(second, "port"), 24224);
  EXPECT_EQ(api.config_section(cfg.get(), "server", 2), nullptr);
  EXPECT_EQ(api.config_section_count(cfg.get(), "record"), 0u);
  EXPECT_EQ(api.config_is_set(cfg.get(), "record"), 0);
  EXPECT_THAT(diag.items(), IsEmpty());
}

TEST_F(ValidateSections, RequiredSectionMissing) {
  EXPECT_FALSE(validate({}));
  EXPECT_THAT(messages(diag, Severity::Error), ElementsAre("'<server>' sections are required"));
}

TEST_F(ValidateSections, RequiredParamInsideASectionNamesTheSection) {
  EXPECT_FALSE(validate({element("server", "", {entry("port", "1")})}));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("'host' parameter is required, in section server"));
}

TEST_F(ValidateSections, SingleSectionTwiceIsAnError) {
  Element r1 = element("record", "", {entry("a", "1")}, {}, 5);
  Element r2 = element("record", "", {entry("b", "2")}, {}, 8);
  EXPECT_FALSE(validate({server("a"), r1, r2}));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("'<record>' section cannot be written twice or more"));
  EXPECT_EQ(diag.items()[0].where.line, 8u);
}

TEST_F(ValidateSections, AnyKeysSectionKeepsEveryKeyInOrder) {
  Entry nil_entry = entry("gone", "");
  nil_entry.nil = true;
  Element record = element(
      "record", "", {entry("host", "h1"), entry("tag", "${tag}"), nil_entry, entry("host", "h2")});
  ConfigPtr cfg = validate({server("a"), record});
  ASSERT_TRUE(cfg);
  EXPECT_THAT(diag.items(), IsEmpty());
  const ferry_config* r = api.config_section(cfg.get(), "record", 0);
  ASSERT_EQ(api.config_entry_count(r), 3u);
  EXPECT_STREQ(api.config_entry_key(r, 0, nullptr), "host");
  EXPECT_STREQ(api.config_entry_value(r, 0, nullptr), "h2");  // first place, last value
  EXPECT_STREQ(api.config_entry_key(r, 1, nullptr), "tag");
  EXPECT_STREQ(api.config_entry_value(r, 1, nullptr), "${tag}");
  EXPECT_EQ(api.config_entry_value(r, 2, nullptr), nullptr);  // "#{use_nil}"
  // Names work too in ANY_KEYS sections.
  EXPECT_STREQ(api.config_string(r, "tag", nullptr), "${tag}");
  EXPECT_EQ(api.config_is_set(r, "tag"), 1);
  EXPECT_EQ(api.config_is_set(r, "gone"), 0);
}

TEST_F(ValidateSections, SectionArgument) {
  Element f = element("field", "user_id", {entry("type", "integer")});
  Element s = element("server", "unexpected", {entry("host", "a")});
  ConfigPtr cfg = validate({s, f});
  ASSERT_TRUE(cfg);
  size_t len = 0;
  EXPECT_STREQ(api.config_section_arg(api.config_section(cfg.get(), "field", 0), &len), "user_id");
  EXPECT_EQ(len, 7u);
  // <server> takes no argument: said, not fatal (Fluentd ignores it silently).
  EXPECT_THAT(
      messages(diag, Severity::Warning),
      ElementsAre("section <server unexpected> takes no argument; 'unexpected' is ignored"));
}

TEST_F(ValidateSections, UnknownSectionWarnsLikeFluentd) {
  ConfigPtr cfg = validate({server("a"), element("foo", "", {}, {}, 12)});
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre("section <foo> is not used in <match app.**> of demo plugin"));
  EXPECT_EQ(diag.items()[0].where.line, 12u);
}

TEST_F(ValidateSections, UnknownSectionIsAnErrorWhenStrict) {
  EXPECT_FALSE(validate({server("a"), element("foo", "", {})}, {}, /*strict=*/true));
  EXPECT_EQ(diag.error_count(), 1u);
}

TEST_F(ValidateSections, UnknownKeyInsideASectionNamesTheSection) {
  ConfigPtr cfg = validate({element("server", "", {entry("host", "a"), entry("weight", "60")})});
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre("parameter 'weight' in <server> is not used."));
}

TEST_F(ValidateSections, AtKeysInNestedSectionsAreWarnings) {
  ConfigPtr cfg = validate({element("server", "", {entry("host", "a"), entry("@weird", "1")})});
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre(HasSubstr("It works in the nested configuration for now"),
                          "parameter '@weird' in <server> is not used."));
}

TEST_F(ValidateSections, UnsupportedSection) {
  EXPECT_FALSE(validate({server("a"), element("legacy", "", {}, {}, 20)}));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("section <legacy> is not supported by Ferry yet"));
  EXPECT_EQ(diag.items()[0].where.line, 20u);
}

TEST_F(ValidateSections, CoreSectionsAreValidatedAgainstTheirTable) {
  CoreSections core;
  core["buffer"] = &kBuffer;
  Element buffer = element("buffer", "tag,time", {entry("chunk_limit_size", "1k")});
  ConfigPtr cfg = validate({server("a"), buffer}, core);
  ASSERT_TRUE(cfg);
  EXPECT_THAT(diag.items(), IsEmpty());
  const ferry_config* b = api.config_section(cfg.get(), "buffer", 0);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(api.config_int(b, "chunk_limit_size"), 1024);
  EXPECT_STREQ(api.config_section_arg(b, nullptr), "tag,time");
  EXPECT_EQ(api.config_is_set(cfg.get(), "buffer"), 1);

  Diagnostics fresh;
  diag = fresh;
  EXPECT_FALSE(validate(
      {server("a"), element("buffer", "", {entry("chunk_limit_size", "1k"), entry("bogus", "1")}),
       element("buffer", "", {})},
      core, /*strict=*/true));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("parameter 'bogus' in <buffer> is not used.",
                          "'<buffer>' section cannot be written twice or more"));
}

TEST_F(ValidateSections, CoreSectionWithoutTableIsLeftToTheCaller) {
  CoreSections core;
  core["store"] = nullptr;
  ConfigPtr cfg =
      validate({server("a"), element("store", "", {entry("@type", "x"), entry("z", "1")})}, core);
  ASSERT_TRUE(cfg);
  EXPECT_THAT(diag.items(), IsEmpty());
  EXPECT_EQ(api.config_section_count(cfg.get(), "store"), 0u);
}

TEST_F(ValidateSections, CoreSectionsNotOfferedAreUnknown) {
  ConfigPtr cfg = validate({server("a"), element("buffer", "", {})});
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre("section <buffer> is not used in <match app.**> of demo plugin"));
}

TEST_F(ValidateSections, LocationsOfSections) {
  ConfigPtr cfg = validate({server("a", 7)});
  ASSERT_TRUE(cfg);
  EXPECT_STREQ(api.config_location(cfg.get(), "server"), "test.conf:7");
  const ferry_config* s = api.config_section(cfg.get(), "server", 0);
  EXPECT_STREQ(api.config_location(s, nullptr), "test.conf:7");
  EXPECT_STREQ(api.config_location(s, "host"), "test.conf:8");
  EXPECT_STREQ(api.config_location(s, "port"), "test.conf:7");  // default: the section
}

const ferry_param kFlatRows[] = {
    {"buffer_type", FERRY_PARAM_STRING, 0, "memory", "legacy", nullptr, nullptr, nullptr, 0, 0},
    {"name", FERRY_PARAM_STRING, 0, "from-core", "core's", nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kFlat{sizeof(ferry_param), 2, kFlatRows, 0};
const ferry_param kOwnRows[] = {
    {"name", FERRY_PARAM_STRING, 0, "x", "the plugin's", nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kOwn{sizeof(ferry_param), 1, kOwnRows, 0};

TEST(ValidateFlat, CoreFlatParamsJoinTheDirectiveButThePluginRowWins) {
  CoreSections core;
  core.flat.push_back(&kFlat);
  Diagnostics diag;
  Element el = element(
      "match", "x", {entry("@type", "demo"), entry("buffer_type", "file"), entry("name", "mine")});
  ConfigPtr cfg = validate_params(el, kOwn, core, LoadOptions{}, diag);
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning), IsEmpty());
  ASSERT_NE(cfg->value("buffer_type"), nullptr);
  EXPECT_EQ(cfg->value("buffer_type")->text, "file");
  EXPECT_EQ(std::string(cfg->row("name")->description), "the plugin's");
  EXPECT_EQ(cfg->value("name")->text, "mine");
}

}  // namespace
}  // namespace ferry::config
