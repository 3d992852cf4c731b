// Fluentd's command line, flag by flag (lib/fluent/command/fluentd.rb).
#include "app/cli_options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ferry::app {
namespace {

std::optional<CliOptions> parse(std::vector<std::string> args, std::string* error = nullptr) {
  std::string e;
  auto r = parse_cli(args, e);
  if (error) *error = e;
  return r;
}

TEST(CliOptions, ConfigDefaultsToFluentConfThenEtc) {
  unsetenv("FLUENT_CONF");
  EXPECT_EQ(parse({})->config_path, "/etc/ferry/ferry.conf");
  setenv("FLUENT_CONF", "/etc/td-agent/td-agent.conf", 1);
  EXPECT_EQ(parse({})->config_path, "/etc/td-agent/td-agent.conf");
  EXPECT_EQ(parse({"-c", "x.conf"})->config_path, "x.conf");
  unsetenv("FLUENT_CONF");
}

TEST(CliOptions, LongShortAttachedAndEqualsForms) {
  auto o = parse({"--config=a.conf", "-pdir1", "--plugin", "dir2", "-o", "log.txt"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->config_path, "a.conf");
  EXPECT_EQ(o->plugin_dirs, (std::vector<std::string>{"dir1", "dir2"}));
  EXPECT_EQ(o->log_path, "log.txt");
}

TEST(CliOptions, VerbosityShiftsFromInfoAndClamps) {
  EXPECT_FALSE(parse({})->cli_log_level.has_value());
  EXPECT_EQ(*parse({"-v"})->cli_log_level, log::Level::Debug);
  EXPECT_EQ(*parse({"-vv"})->cli_log_level, log::Level::Trace);
  EXPECT_EQ(*parse({"-v", "-v", "-v"})->cli_log_level, log::Level::Trace);
  EXPECT_EQ(*parse({"-q"})->cli_log_level, log::Level::Warn);
  EXPECT_EQ(*parse({"-qq"})->cli_log_level, log::Level::Error);
  EXPECT_EQ(*parse({"-qqq"})->cli_log_level, log::Level::Error);
  EXPECT_EQ(*parse({"-v", "-q"})->cli_log_level, log::Level::Info);
}

TEST(CliOptions, InlineConfigExpandsBackslashN) {
  auto o = parse({"-i", "<match **>\\n  @type null\\n</match>", "-i", "x"});
  ASSERT_TRUE(o);
  ASSERT_EQ(o->inline_configs.size(), 2u);
  EXPECT_EQ(o->inline_configs[0], "<match **>\n  @type null\n</match>");
}

TEST(CliOptions, CommandsAndFlags) {
  EXPECT_EQ(parse({"--dry-run"})->command, CliOptions::Command::DryRun);
  EXPECT_EQ(parse({"--version"})->command, CliOptions::Command::Version);
  EXPECT_EQ(parse({"-h"})->command, CliOptions::Command::Help);
  auto o = parse({"--strict", "--suppress-config-dump", "--no-supervisor", "--workers", "1",
                  "--config-file-type", "yaml", "--without-source", "--umask", "027"});
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->strict);
  EXPECT_TRUE(o->suppress_config_dump);
  EXPECT_TRUE(o->without_source);
  EXPECT_EQ(o->config_file_type, "yaml");
  EXPECT_EQ(*o->umask, 027u);
  auto s = parse({"--setup"});
  EXPECT_EQ(s->command, CliOptions::Command::Setup);
  EXPECT_EQ(s->setup_dir, "/etc/ferry");
  EXPECT_EQ(parse({"-s", "/tmp/x"})->setup_dir, "/tmp/x");
}

TEST(CliOptions, RefusedFlagsSayWhy) {
  std::string e;
  EXPECT_FALSE(parse({"--workers", "4"}, &e));
  EXPECT_NE(e.find("not supported yet"), std::string::npos) << e;
  EXPECT_FALSE(parse({"--log-rotate-age", "5"}, &e));
  EXPECT_NE(e.find("logrotate"), std::string::npos) << e;
  EXPECT_FALSE(parse({"-g", "Gemfile"}, &e));
  EXPECT_NE(e.find("Ruby"), std::string::npos) << e;
  EXPECT_FALSE(parse({"--config-file-type", "toml"}, &e));
  EXPECT_NE(e.find("toml"), std::string::npos) << e;
  EXPECT_FALSE(parse({"--bogus"}, &e));
  EXPECT_EQ(e, "unknown option --bogus");
  EXPECT_FALSE(parse({"-c"}, &e));
  EXPECT_NE(e.find("needs a value"), std::string::npos) << e;
  EXPECT_FALSE(parse({"--dry-run=yes"}, &e));
}

TEST(CliOptions, PluginsSubcommands) {
  auto l = parse({"plugins", "list", "-p", "d"});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->command, CliOptions::Command::PluginsList);
  EXPECT_EQ(l->plugin_dirs, std::vector<std::string>{"d"});
  auto d = parse({"plugins", "describe", "stdout", "--kind", "output", "--json"});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->command, CliOptions::Command::PluginsDescribe);
  EXPECT_EQ(d->describe_name, "stdout");
  EXPECT_EQ(d->describe_kind, "output");
  EXPECT_TRUE(d->json);
  std::string e;
  EXPECT_FALSE(parse({"plugins", "describe"}, &e));
  EXPECT_FALSE(parse({"plugins", "remove"}, &e));
  EXPECT_FALSE(parse({"plugins", "describe", "x", "--kind", "parser"}, &e));
}

}  // namespace
}  // namespace ferry::app
