// --dry-run: every error at once with file:line, exit codes, the route
// report and its warnings, YAML and v1 giving the same route table.
#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

class DryRunTest : public FerryTest {};

TEST_F(DryRunTest, ValidConfigExitsZeroAndReportsWhereTheTagGoes) {
  write_config("ok.conf",
               "<source>\n  @type sample\n  tag app.x\n</source>\n"
               "<match app.**>\n  @type stdout\n</match>\n");
  auto r = run({"--dry-run", "-c", "ok.conf"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Route report:"), std::string::npos) << r.out;
  // The source line names the tag and the match it reaches, with its place.
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(ok\.conf:3.*"app\.x".*<match app\.\*\*>.*ok\.conf:5)")))
      << r.out;
  EXPECT_EQ(r.out.find("[error]"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[warn]"), std::string::npos) << r.out;
}

TEST_F(DryRunTest, ReportsEveryErrorAtOnceWithFileAndLine) {
  write_config("bad.conf",
               "<source>\n"                // 1: 'tag' is required
               "  @type sample\n"          // 2
               "  rate 5\n"                // 3
               "  @label @NOPE\n"          // 4: no such label
               "</source>\n"               // 5
               "<match app.**>\n"          // 6
               "  @type no_such_output\n"  // 7: unknown plugin
               "</match>\n"                // 8
               "<match other.**>\n"        // 9
               "  @type stdout\n"          // 10
               "  @log_level loud\n"       // 11: bad level
               "</match>\n");
  auto r = run({"--dry-run", "-c", "bad.conf"});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* where : {"bad.conf:1", "bad.conf:4", "bad.conf:7", "bad.conf:11"}) {
    EXPECT_TRUE(std::regex_search(r.out, std::regex(std::string(R"(\[error\]: )") + where)))
        << where << "\n"
        << r.out;
  }
  EXPECT_NE(r.out.find("Unknown output plugin 'no_such_output'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("@NOPE"), std::string::npos) << r.out;
}

TEST_F(DryRunTest, SyntaxErrorExitsOneWithPosition) {
  write_config("syntax.conf", "<match app.**>\n  @type stdout\n");
  auto r = run({"--dry-run", "-c", "syntax.conf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\[error\]: syntax\.conf:\d+)"))) << r.out;
}

TEST_F(DryRunTest, SeedMetricsConfigTagMismatchIsFlagged) {
  // The reference metrics pipeline (fluentd-compat.md, compat case
  // seed_kafka_metrics_tag_mismatch) with its exec source as a sample of
  // the same tag: kafka.metrics.broker never matches kafka.metrics.raw.*.
  write_config("seed.conf",
               "<source>\n  @type sample\n  tag kafka.metrics.broker\n</source>\n"
               "<filter kafka.metrics.raw.*>\n  @type record_transformer\n"
               "  <record>\n    topic kafka.metrics\n  </record>\n</filter>\n"
               "<match kafka.metrics.raw.*>\n  @type stdout\n</match>\n");
  auto r = run({"--dry-run", "-c", "seed.conf"});
  EXPECT_EQ(r.exit_code, 0) << r.out;  // a warning, not an error
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(\[warn\]: seed\.conf:3.*kafka\.metrics\.broker)")))
      << r.out;
  // ...and the fixed tag is not flagged.
  write_config("fixed.conf",
               "<source>\n  @type sample\n  tag kafka.metrics.raw.broker\n</source>\n"
               "<match kafka.metrics.raw.*>\n  @type stdout\n</match>\n");
  auto r2 = run({"--dry-run", "-c", "fixed.conf"});
  EXPECT_EQ(r2.exit_code, 0) << r2.out;
  EXPECT_EQ(r2.out.find("[warn]"), std::string::npos) << r2.out;
}

TEST_F(DryRunTest, UnknownParameterWarnsAndStrictMakesItAnError) {
  write_config("u.conf", "<match **>\n  @type stdout\n  colour blue\n</match>\n");
  auto r = run({"--dry-run", "-c", "u.conf"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\[warn\]: u\.conf:3.*colour)"))) << r.out;
  auto strict = run({"--dry-run", "--strict", "-c", "u.conf"});
  EXPECT_EQ(strict.exit_code, 1) << strict.out;
  EXPECT_TRUE(std::regex_search(strict.out, std::regex(R"(\[error\]: u\.conf:3.*colour)")))
      << strict.out;
}

TEST_F(DryRunTest, SystemParametersAreValidated) {
  write_config("s.conf",
               "<system>\n  log_level chatty\n  rpc_endpoint 127.0.0.1:24444\n"
               "</system>\n<match **>\n  @type null\n</match>\n");
  auto r = run({"--dry-run", "-c", "s.conf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\[error\]: s\.conf:2.*chatty)"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\[error\]: s\.conf:3.*not supported)")))
      << r.out;
}

// The route table part of a dry-run report (after "Route table:").
std::string route_table_of(const std::string& out) {
  size_t start = out.find("Route table:\n");
  if (start == std::string::npos) return "";
  std::string rest = out.substr(start);
  std::string table;
  std::istringstream in(rest);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line) && line.rfind("  ", 0) == 0) table += line + "\n";
  return table;
}

TEST_F(DryRunTest, YamlAndV1ConfigsGiveTheSameRouteTable) {
  std::string cases = source_dir() + "/tests/compat/cases/yaml_config";
  auto yaml = run({"--dry-run", "-c", cases + "/fluent.yaml"});
  auto v1 = run({"--dry-run", "-c", cases + "/equivalent.conf"});
  std::string yaml_table = route_table_of(yaml.out);
  ASSERT_FALSE(yaml_table.empty()) << yaml.out;
  EXPECT_EQ(yaml_table, route_table_of(v1.out)) << yaml.out << "\n----\n" << v1.out;
  EXPECT_EQ(yaml.exit_code, v1.exit_code);
  // The $tag array form matches neither app.skip nor app.drop.** (Fluentd
  // joins it with "," into one pattern).
  EXPECT_NE(yaml_table.find("app.skip,app.drop.**"), std::string::npos) << yaml_table;
}

}  // namespace
}  // namespace ferry::test
