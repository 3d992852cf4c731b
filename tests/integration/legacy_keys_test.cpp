// Reserved `@` keys and Fluentd's legacy spellings through the real binary:
// the structure check and each plugin's parameter validation both know the
// rules, and every finding must still be logged exactly once; a directive
// written with the legacy `type` (no @) loads that plugin, as in Fluentd.
#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

class LegacyKeysTest : public FerryTest {};

TEST_F(LegacyKeysTest, UnknownAtKeysAreReportedOnceEach) {
  write_config("at.conf",
               "<source>\n  @type sample\n  tag app.x\n</source>\n"
               "<match app.**>\n"                   // 5
               "  @type stdout\n"                   // 6
               "  @foo 1\n"                         // 7: error in a directive
               "  <format>\n"                       // 8: a core section the plugin validates too
               "    @type json\n"                   // 9
               "    @bar 2\n"                       // 10: warning in a nested section
               "  </format>\n"                      // 11
               "</match>\n"                         // 12
               "<match other.**>\n"                 // 13
               "  @type copy\n"                     // 14
               "  <store>\n"                        // 15: validated as a plugin of its own
               "    @type stdout\n"                 // 16
               "    @baz 3\n"                       // 17: warning (nested)
               "  </store>\n"                       // 18
               "</match>\n"                         // 19
               "<system>\n  @zzz 4\n</system>\n");  // 21: error
  auto r = run({"--dry-run", "-c", "at.conf"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(count_matches(r.out, R"(\[error\]: at\.conf:7:3: .*configuration: @foo)"), 1u) << r.out;
  EXPECT_EQ(count_matches(r.out, R"(\[warn\]: at\.conf:10:5: .*will be rejected: @bar)"), 1u)
      << r.out;
  EXPECT_EQ(count_matches(r.out, R"(\[warn\]: at\.conf:17:5: .*will be rejected: @baz)"), 1u)
      << r.out;
  EXPECT_EQ(count_matches(r.out, R"(\[error\]: at\.conf:21:3: .*configuration: @zzz)"), 1u)
      << r.out;
  EXPECT_EQ(count_matches(r.out, "system reserved prefix"), 4u) << r.out;
}

TEST_F(LegacyKeysTest, LegacyTypeWarnsOnceAndLoadsThePlugin) {
  write_config("legacy.conf",
               "<source>\n  type sample\n  tag legacy.x\n  rate 20\n  sample {\"n\":1}\n</source>\n"
               "<match legacy.**>\n  type stdout\n</match>\n");
  auto r = run({"--dry-run", "-c", "legacy.conf"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(count_matches(r.out, R"(\[warn\]: legacy\.conf:2:3: 'type' is deprecated)"), 1u)
      << r.out;
  EXPECT_EQ(count_matches(r.out, R"(\[warn\]: legacy\.conf:8:3: 'type' is deprecated)"), 1u)
      << r.out;
  // The route report knows the match by its type: the plugin was loaded.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(match legacy\.\*\* @type stdout)"))) << r.out;

  // ...and it runs: the legacy-typed source emits, the legacy-typed match prints.
  auto p = start({"-c", "legacy.conf"});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  EXPECT_TRUE(wait_until([&] {
    return count_matches(p->stdout_text(), R"( legacy\.x: \{"n":1\}\n)") >= 2;
  })) << p->output();
}

TEST_F(LegacyKeysTest, LegacyTypeOfAnUnknownPluginIsAnError) {
  write_config("unknown.conf", "<match app.**>\n  type no_such_output\n</match>\n");
  auto r = run({"--dry-run", "-c", "unknown.conf"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(\[error\]: unknown\.conf:2:3: Unknown output plugin 'no_such_output')")))
      << r.out;
}

}  // namespace
}  // namespace ferry::test
