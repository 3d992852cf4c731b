// The command line itself: version, help, flag errors, config file lookup.
#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

class CliTest : public FerryTest {};

TEST_F(CliTest, VersionPrintsNameAndVersion) {
  auto r = run({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^ferry \d+\.\d+\.\d+)"))) << r.out;
}

TEST_F(CliTest, HelpListsFluentdFlags) {
  auto r = run({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* flag :
       {"--config", "--plugin", "--log", "--dry-run", "--inline-config", "plugins describe"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

TEST_F(CliTest, UnknownFlagFailsWithClearMessage) {
  auto r = run({"--bogus"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE((r.out + r.err).find("unknown option --bogus"), std::string::npos) << r.out << r.err;
}

TEST_F(CliTest, MoreThanOneWorkerIsRefused) {
  auto r = run({"--workers", "2", "--dry-run", "-c", "x.conf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE((r.out + r.err).find("not supported yet"), std::string::npos);
}

TEST_F(CliTest, RubyOnlyFlagsAreRefused) {
  auto r = run({"-r", "fluent/plugin/out_foo"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE((r.out + r.err).find("Ruby"), std::string::npos);
}

TEST_F(CliTest, MissingConfigFileNamesThePath) {
  auto r = run({"-c", "does-not-exist.conf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("does-not-exist.conf"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[error]"), std::string::npos) << r.out;
}

TEST_F(CliTest, FluentConfEnvironmentNamesTheDefaultConfig) {
  write_config("env.conf", "<match **>\n  @type stdout\n</match>\n");
  auto o = options({"--dry-run"});
  o.env_set["FLUENT_CONF"] = dir_.file("env.conf");
  auto r = test::run(o);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto bad = options({"--dry-run"});
  bad.env_set["FLUENT_CONF"] = dir_.file("nope.conf");
  auto r2 = test::run(bad);
  EXPECT_EQ(r2.exit_code, 1);
  EXPECT_NE(r2.out.find("nope.conf"), std::string::npos) << r2.out;
}

TEST_F(CliTest, SetupWritesASampleConfigThatValidates) {
  auto r = run({"--setup", dir_.file("etc")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto check = run({"--dry-run", "-c", dir_.file("etc/ferry.conf")});
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

}  // namespace
}  // namespace ferry::test
