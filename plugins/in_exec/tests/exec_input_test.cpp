// in_exec end to end: the built `ferry` runs real commands with an exec
// source and a stdout match; the tests read what it prints.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "ferry_paths.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::exec {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;

bool gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  return paren != std::string::npos && text.compare(paren + 2, 1, "Z") == 0;
}

class ExecInputTest : public ::testing::Test {
 protected:
  // Starts ferry on `conf` (an <source> body plus the rest) in a temp dir.
  void start(const std::string& conf) {
    test::write_file(dir_.file("fluent.conf"), conf);
    Subprocess::Options o;
    o.argv = {test::ferry_binary(), "-c", dir_.file("fluent.conf"), "-p", test::plugin_dir()};
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}};
    proc_ = std::make_unique<Subprocess>(o);
    ASSERT_TRUE(test::wait_until([&] { return has("worker is now running"); }, 15s)) << out();
  }
  void start_exec(const std::string& source_body, const std::string& rest = "") {
    start("<source>\n  @type exec\n" + source_body + "</source>\n" + rest +
          "<match **>\n  @type stdout\n</match>\n");
  }
  std::string out() const { return proc_ ? proc_->output() : ""; }
  bool has(const std::string& text) const { return out().find(text) != std::string::npos; }
  size_t count(const std::string& text) const { return test::count_lines_containing(out(), text); }
  bool wait_for(const std::string& text, std::chrono::milliseconds t = 10s) {
    return test::wait_until([&] { return has(text); }, t);
  }
  // SIGTERM; returns the exit code (nullopt: did not exit in time).
  std::optional<int> stop(std::chrono::milliseconds t = 20s) {
    proc_->signal(SIGTERM);
    return proc_->wait(t);
  }
  pid_t read_pid(const std::string& name) {
    pid_t pid = 0;
    test::wait_until([&] {
      std::ifstream f(dir_.file(name));
      return bool(f >> pid);
    });
    return pid;
  }

  test::TempDir dir_{"ferry-exec-"};
  std::unique_ptr<Subprocess> proc_;
};

TEST_F(ExecInputTest, RunsOnceAtStartAndEmitsEveryJsonDocument) {
  start_exec(
      "  tag t.json\n  command printf '{\"a\":1}\\n{\"a\":2} {\"a\":[3]}'\n"
      "  <parse>\n    @type json\n  </parse>\n");
  ASSERT_TRUE(wait_for("t.json: {\"a\":[3]}")) << out();
  EXPECT_EQ(count(" t.json: {\"a\":1}"), 1u);
  EXPECT_EQ(count(" t.json: {\"a\":2}"), 1u);
  EXPECT_EQ(stop(), 0);
  EXPECT_EQ(count("t.json:"), 3u) << out();  // never run again
}

TEST_F(ExecInputTest, DefaultParserIsTsvAndLinesAreSplitAcrossReads) {
  start_exec(
      "  tag t.tsv\n  command sh -c 'printf \"x\\t1\\ny\"; sleep 0.3; printf \"\\t2\\n\"'\n"
      "  <parse>\n    keys k,v\n  </parse>\n");
  ASSERT_TRUE(wait_for("t.tsv: {\"k\":\"y\",\"v\":\"2\"}")) << out();
  EXPECT_TRUE(has("t.tsv: {\"k\":\"x\",\"v\":\"1\"}"));
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, BadLinesGoToTheErrorLabelAndTheRestIsEmitted) {
  start_exec(
      "  tag t.re\n  command printf '1\\nnot a number\\n2\\n'\n"
      "  <parse>\n    @type regexp\n    expression /^(?<n>\\d+)$/\n  </parse>\n",
      "<label @ERROR>\n  <match **>\n    @type stdout\n  </match>\n</label>\n");
  ASSERT_TRUE(wait_for("t.re: {\"n\":\"2\"}")) << out();
  EXPECT_TRUE(has("t.re: {\"n\":\"1\"}"));
  ASSERT_TRUE(wait_for("t.re: {\"message\":")) << out();  // the @ERROR copy
  EXPECT_TRUE(has("not a number"));
  EXPECT_EQ(count("[warn]: #0 send an error event to @ERROR"), 1u) << out();
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, UnparsableOutputWithoutErrorLabelIsLoggedCut) {
  start_exec(
      "  tag t.bad\n  command sh -c 'printf \"%05000d\\n\" 7'\n"
      "  <parse>\n    @type regexp\n    expression /^(?<n>x)$/\n  </parse>\n");
  ASSERT_TRUE(wait_for("dump an error event")) << out();
  std::string log = out();
  size_t at = log.find("dump an error event");
  std::string line = log.substr(at, log.find('\n', at) - at);
  EXPECT_LT(line.size(), 1500u) << line;  // the 5000-byte line is cut
  EXPECT_NE(line.find("pattern not matched: '00000"), std::string::npos) << line;
  EXPECT_NE(line.find("(5000 bytes)"), std::string::npos) << line;
  EXPECT_NE(line.find("command=\\\"sh -c"), std::string::npos) << line;
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, InvalidJsonDropsTheRestOfTheStream) {
  start_exec(
      "  tag t.inv\n  command printf '{\"ok\":1}\\nnot json\\n{\"never\":1}\\n'\n"
      "  <parse>\n    @type json\n  </parse>\n");
  ASSERT_TRUE(wait_for("dump an error event")) << out();
  EXPECT_TRUE(has("t.inv: {\"ok\":1}"));
  EXPECT_EQ(stop(), 0);
  EXPECT_FALSE(has("never\":1}\n")) << out();
}

TEST_F(ExecInputTest, NonZeroExitAndStderrAreLogged) {
  start_exec(
      "  tag t.exit\n  command echo '{\"a\":1}'; echo 'something failed' >&2; exit 3\n"
      "  <parse>\n    @type json\n  </parse>\n");
  ASSERT_TRUE(wait_for("command ended with exit status 3")) << out();
  EXPECT_TRUE(has("t.exit: {\"a\":1}"));
  EXPECT_EQ(count("[warn]: #0 stderr: \"something failed\""), 1u) << out();
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, ReadWithStderrParsesBoth) {
  start_exec(
      "  tag t.both\n  connect_mode read_with_stderr\n"
      "  command echo '{\"o\":1}'; echo '{\"e\":2}' >&2\n"
      "  <parse>\n    @type json\n  </parse>\n");
  ASSERT_TRUE(wait_for("t.both: {\"e\":2}")) << out();
  EXPECT_TRUE(has("t.both: {\"o\":1}"));
  EXPECT_FALSE(has("stderr:"));
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, RunIntervalNeverOverlapsASlowCommand) {
  // Each run takes 0.7 s against a 0.2 s interval; a run that finds the
  // lock of another one leaves a mark.
  start_exec(
      "  tag t.slow\n  run_interval 0.2\n"
      "  command if [ -e lock ]; then echo overlap >> marks; fi; touch lock; sleep 0.7; "
      "rm lock; echo '{\"run\":1}'\n"
      "  <parse>\n    @type json\n  </parse>\n");
  ASSERT_TRUE(test::wait_until([&] { return count("t.slow: {\"run\":1}") >= 2; }, 15s)) << out();
  EXPECT_GE(count("previous child process is still running. skipped."), 2u) << out();
  EXPECT_EQ(stop(), 0);
  std::ifstream marks(dir_.file("marks"));
  EXPECT_FALSE(marks.good()) << "two runs overlapped";
}

TEST_F(ExecInputTest, ShutdownKillsTheChildAndItsGroup) {
  start_exec(
      "  tag t.long\n  command sleep 300 & echo $! > grandchild.pid; echo $$ > child.pid; wait\n"
      "  <parse>\n    @type none\n  </parse>\n");
  pid_t child = read_pid("child.pid"), grandchild = read_pid("grandchild.pid");
  ASSERT_GT(child, 0);
  ASSERT_GT(grandchild, 0);
  EXPECT_FALSE(gone(child));
  auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 4s);
  EXPECT_TRUE(test::wait_until([&] { return gone(child) && gone(grandchild); }, 5s));
}

TEST_F(ExecInputTest, ShutdownKillsAChildThatIgnoresSigterm) {
  start_exec(
      "  tag t.stubborn\n"
      "  command trap '' TERM; echo $$ > child.pid; while :; do sleep 0.1; done\n"
      "  <parse>\n    @type none\n  </parse>\n");
  pid_t child = read_pid("child.pid");
  ASSERT_GT(child, 0);
  EXPECT_EQ(stop(30s), 0);
  EXPECT_TRUE(has("after SIGTERM at shutdown; sending SIGKILL")) << out();
  EXPECT_TRUE(test::wait_until([&] { return gone(child); }, 5s));
}

TEST_F(ExecInputTest, TimeoutKillsALongRun) {
  start_exec(
      "  tag t.to\n  timeout 0.5\n"
      "  command echo '{\"first\":1}'; echo $$ > child.pid; exec sleep 300\n"
      "  <parse>\n    @type json\n  </parse>\n");
  pid_t child = read_pid("child.pid");
  ASSERT_TRUE(wait_for("child process timed out after 0.5 s")) << out();
  EXPECT_TRUE(test::wait_until([&] { return gone(child); }, 5s));
  EXPECT_TRUE(has("t.to: {\"first\":1}"));  // what it wrote before is kept
  EXPECT_FALSE(has("command ended with"));  // Ferry's own kill is not news
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, AnOverlongLineIsDroppedAndMemoryStaysBounded) {
  // One 40 MB line, then a good one: the long line goes to the error path
  // cut to a few hundred bytes, the process keeps its memory and goes on.
  start_exec(
      "  tag t.flood\n"
      "  command head -c 40000000 /dev/zero | tr '\\0' a; printf '\\nafter\\n'\n"
      "  <parse>\n    @type none\n  </parse>\n");
  ASSERT_TRUE(wait_for("t.flood: {\"message\":\"after\"}", 30s)) << out().substr(0, 2000);
  EXPECT_EQ(count("line longer than 33554432 bytes dropped"), 1u);
  std::string log = out();
  EXPECT_LT(log.size(), 20000u);  // nothing of the 40 MB went to the log
  std::ifstream status("/proc/" + std::to_string(proc_->pid()) + "/status");
  std::string line;
  long hwm_kb = 0;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) hwm_kb = std::stol(line.substr(6));
  EXPECT_LT(hwm_kb, 300 * 1024) << "peak RSS " << hwm_kb << " kB";
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, AFloodingCommandDoesNotTakeTheProcessDown) {
  start(
      "<source>\n  @type exec\n  tag t.yes\n  timeout 2s\n  command yes '{\"a\":1}'\n"
      "  <parse>\n    @type json\n  </parse>\n</source>\n"
      "<match **>\n  @type null\n</match>\n");
  ASSERT_TRUE(wait_for("child process timed out after 2 s", 15s)) << out();
  EXPECT_TRUE(proc_->running());
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, ExtractTakesTagAndTimeFromTheRecord) {
  start_exec(
      "  tag fallback\n"
      "  command printf '{\"t\":\"from.record\",\"time\":1700000000,\"a\":1}\\n{\"a\":2}\\n'\n"
      "  <parse>\n    @type json\n  </parse>\n"
      "  <extract>\n    tag_key t\n    time_key time\n  </extract>\n");
  ASSERT_TRUE(wait_for("fallback: {\"a\":2}")) << out();
  EXPECT_TRUE(has("2023-11-14 22:13:20.000000000 +0000 from.record: {\"a\":1}")) << out();
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, LegacyFlatParametersStillWork) {
  start_exec(
      "  command printf 'x.y\\t1700000000\\tv\\n'\n"
      "  format tsv\n  keys tag,time,value\n  tag_key tag\n  time_key time\n"
      "  time_format %s\n");
  ASSERT_TRUE(wait_for("2023-11-14 22:13:20.000000000 +0000 x.y: {\"value\":\"v\"}")) << out();
  EXPECT_EQ(stop(), 0);
}

TEST_F(ExecInputTest, EncodingConvertsTheOutputToUtf8) {
  start_exec(
      "  tag t.sjis\n  encoding Shift_JIS\n  command printf '\\223\\372\\226\\173\\n'\n"
      "  <parse>\n    @type none\n  </parse>\n");
  ASSERT_TRUE(wait_for("t.sjis: {\"message\":\"\xE6\x97\xA5\xE6\x9C\xAC\"}")) << out();
  EXPECT_EQ(stop(), 0);
}

// --dry-run: configuration errors name the place.
test::RunResult dry_run(const test::TempDir& dir, const std::string& source_body) {
  test::write_file(dir.file("fluent.conf"),
                   "<source>\n  @type exec\n" + source_body +
                       "</source>\n<match **>\n  @type stdout\n</match>\n");
  Subprocess::Options o;
  o.argv = {test::ferry_binary(),    "--dry-run", "-c",
            dir.file("fluent.conf"), "-p",        test::plugin_dir()};
  return test::run(o);
}

TEST(ExecInputConfig, TagOrTagKeyIsRequired) {
  test::TempDir dir;
  auto r = dry_run(dir, "  command echo\n  <parse>\n    @type json\n  </parse>\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("fluent.conf:1: 'tag' or 'tag_key' option is required on exec input"),
            std::string::npos)
      << r.out << r.err;
  auto ok = dry_run(dir,
                    "  command echo\n  <extract>\n    tag_key t\n  </extract>\n"
                    "  <parse>\n    @type json\n  </parse>\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

TEST(ExecInputConfig, BadValuesAreRefused) {
  test::TempDir dir;
  auto enc = dry_run(dir, "  tag t\n  command echo\n  encoding klingon\n");
  EXPECT_EQ(enc.exit_code, 1);
  EXPECT_NE(enc.out.find("unknown encoding name - klingon"), std::string::npos) << enc.out;
  auto mode = dry_run(dir, "  tag t\n  command echo\n  connect_mode sideways\n");
  EXPECT_EQ(mode.exit_code, 1);
  EXPECT_NE(mode.out.find("valid options are read,read_with_stderr but got sideways"),
            std::string::npos)
      << mode.out;
  auto tsv = dry_run(dir, "  tag t\n  command echo\n");  // tsv needs keys
  EXPECT_EQ(tsv.exit_code, 1);
  EXPECT_NE(tsv.out.find("keys"), std::string::npos) << tsv.out;
}

}  // namespace
}  // namespace ferry::exec
