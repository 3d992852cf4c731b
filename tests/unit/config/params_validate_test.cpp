// validate_params: types, defaults, required, enums, ranges, nil handling,
// reserved and unknown keys, against a hand-written parameter table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/params.hpp"
#include "params_test_support.hpp"

namespace ferry::config {
namespace {

using testing::element;
using ::testing::ElementsAre;
using testing::entry;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::messages;

constexpr const char* kModes[] = {"read", "read_with_stderr", nullptr};

// Rows written out in full (no SDK helpers) so the test pins the C layout.
const ferry_param kRows[] = {
    {"tag", FERRY_PARAM_STRING, FERRY_PARAM_REQUIRED, nullptr, "Tag of events", nullptr, nullptr,
     nullptr, 0, 0},
    {"rate", FERRY_PARAM_INTEGER, FERRY_PARAM_HAS_MIN | FERRY_PARAM_HAS_MAX, "1", "Events/s",
     nullptr, nullptr, nullptr, 1, 1000},
    {"ratio", FERRY_PARAM_FLOAT, 0, "0.5", nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"chunk_limit", FERRY_PARAM_SIZE, 0, "8m", nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"interval", FERRY_PARAM_TIME, 0, "60s", nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"enabled", FERRY_PARAM_BOOL, 0, "true", nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"optional_flag", FERRY_PARAM_BOOL, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"connect_mode", FERRY_PARAM_ENUM, 0, "read", nullptr, kModes, nullptr, nullptr, 0, 0},
    {"keys", FERRY_PARAM_ARRAY, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"labels", FERRY_PARAM_HASH, 0, "{}", nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"pattern", FERRY_PARAM_REGEXP, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0},
    {"path", FERRY_PARAM_STRING, 0, nullptr, nullptr, nullptr, nullptr, "path_old", 0, 0},
    {"old_knob", FERRY_PARAM_STRING, FERRY_PARAM_DEPRECATED, nullptr, nullptr, nullptr, nullptr,
     nullptr, 0, 0},
    {"fancy", FERRY_PARAM_STRING, FERRY_PARAM_UNSUPPORTED, nullptr, nullptr, nullptr, nullptr,
     nullptr, 0, 0},
    {"password", FERRY_PARAM_STRING, FERRY_PARAM_SECRET, "hunter2", nullptr, nullptr, nullptr,
     nullptr, 0, 0},
};
const ferry_param_table kTable{sizeof(ferry_param), std::size(kRows), kRows, 0};

class ValidateParams : public ::testing::Test {
 protected:
  ConfigPtr validate(const Element& e, bool strict = false) {
    LoadOptions opts;
    opts.strict = strict;
    return validate_params(e, kTable, {}, opts, diag);
  }
  Element match(std::vector<Entry> entries) {
    entries.insert(entries.begin(), entry("@type", "demo", 2));
    return element("match", "app.**", std::move(entries));
  }
  Diagnostics diag;
  ferry_host_api api = testing::host_api();
};

TEST_F(ValidateParams, DefaultsAreConvertedLikeUserText) {
  ConfigPtr cfg = validate(match({entry("tag", "x")}));
  ASSERT_TRUE(cfg) << (diag.items().empty() ? "" : Diagnostics::format(diag.items()[0]));
  EXPECT_EQ(api.config_int(cfg.get(), "rate"), 1);
  EXPECT_DOUBLE_EQ(api.config_float(cfg.get(), "ratio"), 0.5);
  EXPECT_EQ(api.config_int(cfg.get(), "chunk_limit"), 8 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(api.config_float(cfg.get(), "interval"), 60);
  EXPECT_EQ(api.config_bool(cfg.get(), "enabled"), 1);
  EXPECT_STREQ(api.config_string(cfg.get(), "connect_mode", nullptr), "read");
  EXPECT_EQ(api.config_is_set(cfg.get(), "rate"), 0);  // a default is not "set"
  EXPECT_EQ(api.config_is_set(cfg.get(), "tag"), 1);
  EXPECT_EQ(api.config_string(cfg.get(), "keys", nullptr), nullptr);  // nil default
  EXPECT_EQ(api.config_hash_size(cfg.get(), "labels"), 0u);
  EXPECT_THAT(messages(diag, Severity::Warning), IsEmpty());
}

TEST_F(ValidateParams, UserValuesOfEveryType) {
  ConfigPtr cfg = validate(match({
      entry("tag", "app.x"),
      entry("rate", "20"),
      entry("ratio", "0.25"),
      entry("chunk_limit", "1k"),
      entry("interval", "5m"),
      entry("enabled", "no"),
      entry("connect_mode", "read_with_stderr"),
      entry("keys", "a, b"),
      entry("labels", "env:prod,team:core"),
      entry("pattern", "/^a.*$/i"),
  }));
  ASSERT_TRUE(cfg);
  const ferry_config* c = cfg.get();
  size_t len = 0;
  EXPECT_STREQ(api.config_string(c, "tag", &len), "app.x");
  EXPECT_EQ(len, 5u);
  EXPECT_EQ(api.config_int(c, "rate"), 20);
  EXPECT_DOUBLE_EQ(api.config_float(c, "rate"), 20.0);
  EXPECT_DOUBLE_EQ(api.config_float(c, "ratio"), 0.25);
  EXPECT_EQ(api.config_int(c, "chunk_limit"), 1024);
  EXPECT_DOUBLE_EQ(api.config_float(c, "interval"), 300);
  EXPECT_EQ(api.config_int(c, "interval"), 300);
  EXPECT_EQ(api.config_bool(c, "enabled"), 0);
  EXPECT_STREQ(api.config_string(c, "connect_mode", nullptr), "read_with_stderr");
  ASSERT_EQ(api.config_array_size(c, "keys"), 2u);
  EXPECT_STREQ(api.config_array_item(c, "keys", 1, nullptr), "b");
  EXPECT_EQ(api.config_array_item(c, "keys", 2, nullptr), nullptr);
  ASSERT_EQ(api.config_hash_size(c, "labels"), 2u);
  EXPECT_STREQ(api.config_hash_key(c, "labels", 1, nullptr), "team");
  EXPECT_STREQ(api.config_hash_value(c, "labels", 1, nullptr), "core");
  EXPECT_STREQ(api.config_string(c, "pattern", nullptr), "/^a.*$/i");
  EXPECT_STREQ(api.config_location(c, "rate"), "test.conf:2");
  EXPECT_STREQ(api.config_location(c, nullptr), "test.conf:1");
  EXPECT_THAT(messages(diag, Severity::Warning), IsEmpty());
}

TEST_F(ValidateParams, MissingRequiredUsesFluentdWords) {
  EXPECT_FALSE(validate(match({})));
  EXPECT_THAT(messages(diag, Severity::Error), ElementsAre("'tag' parameter is required"));
  EXPECT_EQ(diag.items()[0].where.str(), "test.conf:1:1");
}

TEST_F(ValidateParams, BadEnumUsesFluentdWords) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("connect_mode", "sideways", 5)})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("valid options are read,read_with_stderr but got sideways"));
  EXPECT_EQ(diag.items()[0].where.str(), "test.conf:5:10");
  EXPECT_EQ(diag.items()[0].text, "sideways");
}

TEST_F(ValidateParams, RangeChecks) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("rate", "0")})));
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("rate", "5000")})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("'rate' must be at least 1 but got 0",
                          "'rate' must be at most 1000 but got 5000"));
}

TEST_F(ValidateParams, BoolNilIsAnErrorUnlessTheDefaultIsNil) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("enabled", "True")})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("'enabled' parameter is required but nil is specified"));
  Diagnostics fresh;
  diag = fresh;
  ConfigPtr cfg = validate(match({entry("tag", "x"), entry("optional_flag", "on")}));
  ASSERT_TRUE(cfg);
  EXPECT_EQ(api.config_is_set(cfg.get(), "optional_flag"), 0);
  EXPECT_EQ(api.config_bool(cfg.get(), "optional_flag"), 0);
  // Fluentd is silent here; we say why the flag has no effect.
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre(HasSubstr("'on' is not a Fluentd bool")));
}

TEST_F(ValidateParams, UseNilAndUseDefault) {
  Entry nil_rate = entry("rate", "");
  nil_rate.nil = true;
  EXPECT_FALSE(validate(match({entry("tag", "x"), nil_rate})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("'rate' parameter is required but nil is specified"));

  Diagnostics fresh;
  diag = fresh;
  Entry nil_keys = entry("keys", "");
  nil_keys.nil = true;
  Entry default_rate = entry("rate", "");
  default_rate.use_default = true;
  ConfigPtr cfg = validate(match({entry("tag", "x"), nil_keys, default_rate}));
  ASSERT_TRUE(cfg);
  EXPECT_EQ(api.config_array_size(cfg.get(), "keys"), 0u);
  EXPECT_EQ(api.config_int(cfg.get(), "rate"), 1);

  Entry default_tag = entry("tag", "");
  default_tag.use_default = true;
  EXPECT_FALSE(validate(match({default_tag})));
  EXPECT_THAT(messages(diag, Severity::Error), ElementsAre("'tag' doesn't have default value"));
}

TEST_F(ValidateParams, ConversionWarningsNameTheParameter) {
  ConfigPtr cfg = validate(match({entry("tag", "x"), entry("interval", "1.5h", 7)}));
  ASSERT_TRUE(cfg);
  EXPECT_DOUBLE_EQ(api.config_float(cfg.get(), "interval"), 18000);
  ASSERT_EQ(diag.items().size(), 1u);
  EXPECT_THAT(diag.items()[0].message,
              HasSubstr("parameter 'interval': Fluentd reads time '1.5h' as 18000"));
  EXPECT_EQ(diag.items()[0].where.line, 7u);
}

TEST_F(ValidateParams, InvalidJsonArrayIsAnError) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("keys", "[a")})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre(HasSubstr("array required but got '[a'")));
}

TEST_F(ValidateParams, RegexpNeedsItsClosingSlash) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("pattern", "/abc/xyz")})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("invalid regexp: missing right slash: /abc/xyz"));
}

TEST_F(ValidateParams, UnknownKeyWarnsLikeFluentd) {
  ConfigPtr cfg = validate(match({entry("tag", "x"), entry("colour", "red", 4)}));
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre("parameter 'colour' in <match app.**> is not used."));
  EXPECT_EQ(diag.items()[0].where.str(), "test.conf:4:3");
}

TEST_F(ValidateParams, StrictMakesUnknownKeysErrors) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("colour", "red")}), /*strict=*/true));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("parameter 'colour' in <match app.**> is not used."));
}

TEST_F(ValidateParams, ReservedKeysAreAcceptedAndLegacyOnesWarned) {
  ConfigPtr cfg =
      validate(element("match", "a",
                       {entry("type", "demo"), entry("@id", "x"), entry("@label", "@OUT"),
                        entry("@log_level", "debug"), entry("tag", "t")}));
  ASSERT_TRUE(cfg);
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre("'type' is deprecated parameter name. use '@type' instead."));
}

TEST_F(ValidateParams, OtherAtKeysAreErrorsInADirective) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("@foo", "1")})));
  EXPECT_THAT(
      messages(diag, Severity::Error),
      ElementsAre("'@' is the system reserved prefix. Don't use '@' prefix parameter in the "
                  "configuration: @foo"));
}

TEST_F(ValidateParams, AliasIsAcceptedWithAWarning) {
  ConfigPtr cfg = validate(match({entry("tag", "x"), entry("path_old", "/tmp/x")}));
  ASSERT_TRUE(cfg);
  EXPECT_STREQ(api.config_string(cfg.get(), "path", nullptr), "/tmp/x");
  EXPECT_THAT(messages(diag, Severity::Warning),
              ElementsAre("'path_old' is deprecated parameter name. use 'path' instead."));
}

TEST_F(ValidateParams, DeprecatedRowWarns) {
  ASSERT_TRUE(validate(match({entry("tag", "x"), entry("old_knob", "1")})));
  EXPECT_THAT(messages(diag, Severity::Warning), ElementsAre("'old_knob' parameter is deprecated"));
}

TEST_F(ValidateParams, UnsupportedRowIsAnErrorWithItsLocation) {
  EXPECT_FALSE(validate(match({entry("tag", "x"), entry("fancy", "yes", 9)})));
  EXPECT_THAT(messages(diag, Severity::Error),
              ElementsAre("parameter 'fancy' is not supported by Ferry yet"));
  EXPECT_EQ(diag.items()[0].where.str(), "test.conf:9:3");
}

TEST_F(ValidateParams, AllErrorsAreReportedAtOnce) {
  EXPECT_FALSE(
      validate(match({entry("rate", "0"), entry("connect_mode", "x"), entry("fancy", "1")})));
  EXPECT_EQ(diag.error_count(), 4u);  // rate, connect_mode, fancy, missing tag
}

TEST_F(ValidateParams, DuplicateKeysLastWins) {
  ConfigPtr cfg = validate(match({entry("tag", "first"), entry("tag", "second")}));
  ASSERT_TRUE(cfg);
  EXPECT_STREQ(api.config_string(cfg.get(), "tag", nullptr), "second");
}

TEST_F(ValidateParams, NamesNotInTheTableReadAsZero) {
  ConfigPtr cfg = validate(match({entry("tag", "x")}));
  ASSERT_TRUE(cfg);
  const ferry_config* c = cfg.get();
  EXPECT_EQ(api.config_is_set(c, "nope"), 0);
  size_t len = 99;
  EXPECT_EQ(api.config_string(c, "nope", &len), nullptr);
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(api.config_int(c, "nope"), 0);
  EXPECT_EQ(api.config_float(c, "nope"), 0.0);
  EXPECT_EQ(api.config_bool(c, "nope"), 0);
  EXPECT_EQ(api.config_section_count(c, "nope"), 0u);
  EXPECT_EQ(api.config_section(c, "nope", 0), nullptr);
  EXPECT_EQ(api.config_location(c, "nope"), nullptr);
}

TEST_F(ValidateParams, RawEntriesKeepFileOrder) {
  ConfigPtr cfg = validate(match({entry("tag", "x"), entry("rate", "2"), entry("tag", "y")}));
  ASSERT_TRUE(cfg);
  const ferry_config* c = cfg.get();
  ASSERT_EQ(api.config_entry_count(c), 3u);  // @type, tag, rate
  EXPECT_STREQ(api.config_entry_key(c, 1, nullptr), "tag");
  EXPECT_STREQ(api.config_entry_value(c, 1, nullptr), "y");
  EXPECT_STREQ(api.config_entry_key(c, 2, nullptr), "rate");
}

TEST(ValidateParamsTable, ShorterRowsFromAnOlderPluginReadAsZeros) {
  // A plugin built when ferry_param ended after `description`.
  struct OldRow {
    const char* name;
    uint32_t type;
    uint32_t flags;
    const char* default_value;
    const char* description;
  };
  static const OldRow rows[] = {{"a", FERRY_PARAM_INTEGER, 0, "3", nullptr},
                                {"b", FERRY_PARAM_STRING, FERRY_PARAM_REQUIRED, nullptr, nullptr}};
  ferry_param_table table{sizeof(OldRow), 2, reinterpret_cast<const ferry_param*>(rows), 0};
  Diagnostics diag;
  ConfigPtr cfg = validate_params(element("source", "", {entry("b", "x")}), table, {}, {}, diag);
  ASSERT_TRUE(cfg);
  ferry_host_api api = testing::host_api();
  EXPECT_EQ(api.config_int(cfg.get(), "a"), 3);
  EXPECT_STREQ(api.config_string(cfg.get(), "b", nullptr), "x");
}

TEST(ValidateParamsTable, MalformedTableIsAnErrorNotACrash) {
  ferry_param_table table{sizeof(ferry_param), 3, nullptr, 0};
  Diagnostics diag;
  EXPECT_FALSE(validate_params(element("source", "", {}), table, {}, {}, diag));
  EXPECT_THAT(messages(diag, Severity::Error), ElementsAre(HasSubstr("malformed")));
}

}  // namespace
}  // namespace ferry::config
