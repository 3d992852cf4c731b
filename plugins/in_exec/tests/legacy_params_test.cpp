// compat_parameters: flat v0.12 parameters become <parse> defaults.
#include "legacy_params.hpp"

#include <gtest/gtest.h>

namespace ferry::exec {
namespace {

std::string defaults(const LegacyParams& l) {
  std::string error;
  auto d = parse_defaults_from(l, kParseDefaults, &error);
  EXPECT_TRUE(d.has_value()) << error;
  return d.value_or("");
}

TEST(LegacyParams, NoneWrittenGivesInExecDefaults) {
  EXPECT_EQ(defaults(LegacyParams{}), "time_key\ntime_type float\nestimate_current_event false\n");
}

TEST(LegacyParams, FormatKeysTypesAndTime) {
  LegacyParams l{};
  l.format = "tsv";
  l.keys = std::vector<std::string>{"a", "b", "t"};
  l.types = "a:integer|b:time:%H:%M";
  l.types_delimiter = "|";
  l.time_key = "t";
  l.time_format = "%s";
  l.utc = true;
  EXPECT_EQ(defaults(l),
            "time_key\ntime_type float\nestimate_current_event false\n"
            "@type tsv\nkeys a,b,t\ntypes a:integer,b:time:%H:%M\ntime_key t\n"
            "time_format %s\ntime_type string\nlocaltime false\n");
}

TEST(LegacyParams, RegexpFormat) {
  LegacyParams l{};
  l.format = "/^(?<a>\\d+)$/";
  EXPECT_EQ(defaults(l),
            "time_key\ntime_type float\nestimate_current_event false\n"
            "@type regexp\nexpression /^(?<a>\\d+)$/\ntime_key time\ntime_type string\n");
}

TEST(LegacyParams, OtherPluginsStartFromTheirOwnDefaults) {
  LegacyParams l{};
  l.format = "json";
  std::string error;
  EXPECT_EQ(parse_defaults_from(l, "", &error), "@type json\n");
  EXPECT_EQ(parse_defaults_from(LegacyParams{}, "", &error), "");
}

TEST(LegacyParams, LocaltimeAndUtcTogetherIsAnError) {
  LegacyParams l{};
  l.localtime = true;
  l.utc = true;
  std::string error;
  EXPECT_FALSE(parse_defaults_from(l, kParseDefaults, &error));
  EXPECT_EQ(error, "both of utc and localtime are specified, use only one of them");
}

TEST(LegacyParams, BlankEdgedValuesAreRefusedNotMangled) {
  LegacyParams l{};
  l.delimiter = " ";
  std::string error;
  EXPECT_FALSE(parse_defaults_from(l, kParseDefaults, &error));
  EXPECT_NE(error.find("'delimiter'"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferry::exec
