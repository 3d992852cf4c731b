// Signals as td-agent users rely on them: USR1 reopens the -o log (after
// logrotate), HUP reloads the config and keeps the old pipeline when the
// new config is bad.
#include <unistd.h>

#include <csignal>

#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

class SignalsTest : public FerryTest {};

TEST_F(SignalsTest, LogFileGetsLogAndEventsAndUsr1ReopensIt) {
  auto conf = write_config("f.conf", sample_to_stdout("test.sample", R"({"n":1})"));
  std::string log = dir_.file("ferry.log");
  auto p = start({"-c", conf, "-o", log});
  ASSERT_TRUE(wait_running(*p, log)) << read_file(log) << p->output();
  // Fluentd's out_stdout writes to the log device: the -o file.
  ASSERT_TRUE(wait_until(
      [&] { return read_file(log).find("test.sample: {\"n\":1}") != std::string::npos; }));
  EXPECT_EQ(p->stdout_text(), "");

  ASSERT_EQ(::rename(log.c_str(), (log + ".1").c_str()), 0);
  p->signal(SIGUSR1);
  EXPECT_TRUE(wait_until([&] {
    return read_file(log).find("test.sample: {\"n\":1}") != std::string::npos;
  })) << "no events in the reopened log";
  p->signal(SIGTERM);
  EXPECT_EQ(p->wait(std::chrono::seconds(20)).value_or(-1), 0);
  EXPECT_NE(read_file(log + ".1").find("worker is now running"), std::string::npos);
}

TEST_F(SignalsTest, HupWithBadConfigKeepsTheOldPipelineAndGoodConfigSwitches) {
  auto conf = write_config("f.conf", sample_to_stdout("test.gen", R"({"gen":1})"));
  auto p = start({"-c", conf});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  ASSERT_TRUE(
      wait_until([&] { return p->stdout_text().find("{\"gen\":1}") != std::string::npos; }));

  // A broken config: the reload is refused, with the reason, file:line.
  write_config("f.conf",
               "<match **>\n  @type no_such_output\n</match>\n<source>\n  @type sample\n"
               "  rate many\n</source>\n");
  p->signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] {
    return p->stdout_text().find("keeping the running pipeline") != std::string::npos;
  })) << p->output();
  std::string out = p->stdout_text();
  EXPECT_NE(out.find("f.conf:2"), std::string::npos) << out;  // both errors, at once
  EXPECT_NE(out.find("f.conf:6"), std::string::npos) << out;
  size_t mark = out.size();
  // ...and the old pipeline still delivers.
  EXPECT_TRUE(wait_until([&] {
    return p->stdout_text().find("{\"gen\":1}", mark) != std::string::npos;
  })) << p->output();
  ASSERT_TRUE(p->running());

  // A good config replaces the pipeline.
  write_config("f.conf", sample_to_stdout("test.gen", R"({"gen":2})"));
  p->signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return p->stdout_text().find("{\"gen\":2}") != std::string::npos; }))
      << p->output();
  // Once the new pipeline runs, the old one has stopped: no gen 1 after
  // the first gen 2 (give it a moment to show up if it were still there).
  ASSERT_TRUE(wait_until([&] { return count_matches(p->stdout_text(), R"(\{"gen":2\})") >= 5; }));
  out = p->stdout_text();
  EXPECT_EQ(out.find("{\"gen\":1}", out.find("{\"gen\":2}")), std::string::npos) << out;
  p->signal(SIGTERM);
  EXPECT_EQ(p->wait(std::chrono::seconds(20)).value_or(-1), 0) << p->output();
}

TEST_F(SignalsTest, DaemonWritesPidFileAndParentExitsWhenRunning) {
  auto conf = write_config("f.conf", sample_to_stdout("test.sample", R"({"n":1})"));
  std::string pid_file = dir_.file("ferry.pid");
  std::string log = dir_.file("d.log");
  auto r = run({"-c", conf, "-o", log, "-d", pid_file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << read_file(log);
  std::string pid_text = read_file(pid_file);
  ASSERT_FALSE(pid_text.empty());
  pid_t pid = pid_t(std::stol(pid_text));
  ASSERT_EQ(::kill(pid, 0), 0) << "the daemon is not running";
  EXPECT_NE(read_file(log).find("worker is now running"), std::string::npos);
  ::kill(pid, SIGTERM);
  EXPECT_TRUE(wait_until([&] { return ::kill(pid, 0) != 0; }, std::chrono::seconds(20)));
  EXPECT_TRUE(wait_until([&] { return read_file(pid_file).empty(); })) << "pid file left behind";
}

TEST_F(SignalsTest, DaemonReportsStartupFailureThroughExitCode) {
  auto conf = write_config("bad.conf", "<match **>\n  @type no_such_output\n</match>\n");
  auto r = run({"-c", conf, "-o", dir_.file("d.log"), "-d", dir_.file("ferry.pid")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(read_file(dir_.file("d.log")).find("no_such_output"), std::string::npos);
}

}  // namespace
}  // namespace ferry::test
