// Buffered outputs end to end: `sample` (auto_increment_key seq) -> a
// buffered out_flaky (tests/support/plugins) through the real binary;
// out_flaky's control file takes the output down (retry), makes it refuse
// chunks (drop) or brings it back. Every seq the input produced must
// arrive (the seqs delivered are 0..max without a gap).
#include <csignal>
#include <filesystem>
#include <regex>
#include <set>

#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

class BufferedOutputTest : public FerryTest {
 protected:
  std::unique_ptr<Subprocess> run_ferry(const std::string& conf) {
    auto p = start({"-c", conf, "-p", build_dir() + "/test-plugins"});
    EXPECT_TRUE(wait_running(*p)) << p->output();
    return p;
  }

  // The `seq` of every line in out_flaky's file.
  static std::vector<long> seqs(const std::string& path) {
    std::vector<long> out;
    static const std::regex re(R"("seq":(\d+))");
    std::string text = read_file(path);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
         ++it)
      out.push_back(std::stol((*it)[1]));
    return out;
  }
  // Every seq from 0 to the highest one seen at least once.
  static ::testing::AssertionResult no_gap(const std::vector<long>& got) {
    if (got.empty()) return ::testing::AssertionFailure() << "nothing delivered";
    std::set<long> seen(got.begin(), got.end());
    long max = *seen.rbegin();
    for (long i = 0; i <= max; ++i)
      if (!seen.count(i)) return ::testing::AssertionFailure() << "seq " << i << " is missing";
    return ::testing::AssertionSuccess() << seen.size() << " seqs";
  }

  std::string source(int rate = 50) {
    return "<source>\n  @type sample\n  tag app.log\n  rate " + std::to_string(rate) +
           "\n  auto_increment_key seq\n  sample {\"msg\":\"x\"}\n</source>\n";
  }
  std::string out_path() { return dir_.file("out.jsonl"); }
  std::string control() { return dir_.file("control"); }
  void set_control(const std::string& what) { write_file(control(), what); }
  void clear_control() { fs::remove(control()); }

  std::string flaky(const std::string& buffer, const std::string& extra = "") {
    return "<match app.**>\n  @type flaky\n  @id flaky_out\n  path " + out_path() +
           "\n  control_file " + control() + "\n" + extra + buffer + "</match>\n";
  }

  static void stop(Subprocess& p) {
    p.signal(SIGTERM);
    EXPECT_EQ(p.wait(std::chrono::seconds(30)).value_or(-1), 0) << p.output();
  }
};

TEST_F(BufferedOutputTest, MemoryBufferDeliversEveryRecordAndFlushesAtShutdown) {
  auto conf =
      write_config("f.conf", source() + flaky("  <buffer>\n    flush_interval 1\n  </buffer>\n"));
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] { return seqs(out_path()).size() >= 50; })) << p->output();
  stop(*p);
  EXPECT_TRUE(no_gap(seqs(out_path()))) << p->output();
}

TEST_F(BufferedOutputTest, FileBufferDeliversEveryRecord) {
  std::string buf = dir_.file("buf");
  auto conf =
      write_config("f.conf", source() + flaky("  <buffer>\n    @type file\n    path " + buf +
                                              "\n    flush_interval 1\n"
                                              "    flush_at_shutdown true\n  </buffer>\n"));
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] { return seqs(out_path()).size() >= 50; })) << p->output();
  // Chunk files in Fluentd's layout while it runs.
  EXPECT_TRUE(wait_until([&] {
    for (const auto& e : fs::directory_iterator(buf))
      if (std::regex_match(e.path().filename().string(),
                           std::regex(R"(buffer\.[bq][0-9a-f]{32}\.log(\.meta)?)")))
        return true;
    return false;
  }));
  stop(*p);
  EXPECT_TRUE(no_gap(seqs(out_path()))) << p->output();
  for (const auto& e : fs::directory_iterator(buf))
    ADD_FAILURE() << "left after a flush at shutdown: " << e.path();
}

TEST_F(BufferedOutputTest, OutputDownThenUpDeliversEverythingOnceRetried) {
  set_control("retry");
  auto conf = write_config("f.conf",
                           source() + flaky("  <buffer>\n    flush_interval 1\n    retry_wait 0.5\n"
                                            "    retry_max_interval 1\n  </buffer>\n"));
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] {
    return count_matches(p->stdout_text(), "failed to flush the buffer\\. retry_times=") >= 2;
  })) << p->output();
  EXPECT_TRUE(seqs(out_path()).empty());
  clear_control();
  ASSERT_TRUE(wait_until([&] {
    return p->stdout_text().find("retry succeeded.") != std::string::npos;
  })) << p->output();
  stop(*p);
  EXPECT_TRUE(no_gap(seqs(out_path()))) << p->output();
  EXPECT_NE(p->stdout_text().find("[flaky_out] failed to flush the buffer. retry_times=0 "
                                  "next_retry_time="),
            std::string::npos)
      << p->output();
}

TEST_F(BufferedOutputTest, DropMovesTheChunkToTheBackupDir) {
  set_control("drop");
  std::string root = dir_.file("root");
  fs::create_directories(root);
  auto conf = write_config("f.conf", "<system>\n  root_dir " + root + "\n</system>\n" + source() +
                                         flaky("  <buffer>\n    flush_interval 1\n  </buffer>\n"));
  auto p = run_ferry(conf);
  std::string backup = root + "/backup/worker0/flaky_out";
  ASSERT_TRUE(wait_until([&] { return fs::exists(backup) && !fs::is_empty(backup); }))
      << p->output();
  // The log line follows the file.
  ASSERT_TRUE(wait_until([&] {
    return p->stdout_text().find("bad chunk is moved to " + backup + "/") != std::string::npos;
  })) << p->output();
  EXPECT_NE(p->stdout_text().find("got unrecoverable error in primary and no secondary"),
            std::string::npos)
      << p->output();
  for (const auto& e : fs::directory_iterator(backup))
    EXPECT_TRUE(std::regex_match(e.path().filename().string(), std::regex(R"([0-9a-f]{32}\.log)")))
        << e.path();
  clear_control();
  stop(*p);
}

TEST_F(BufferedOutputTest, DropGoesToTheErrorLabelWithTheOriginalTag) {
  set_control("drop");
  std::string errors = dir_.file("errors.jsonl");
  auto conf = write_config(
      "f.conf", source() + flaky("  <buffer tag>\n    flush_interval 1\n  </buffer>\n") +
                    "<label @ERROR>\n  <match app.log>\n    @type flaky\n    path " + errors +
                    "\n    <buffer>\n      flush_mode immediate\n    </buffer>\n  </match>\n"
                    "</label>\n");
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] { return !seqs(errors).empty(); })) << p->output();
  EXPECT_NE(p->stdout_text().find("the chunk was sent to @ERROR"), std::string::npos)
      << p->output();
  clear_control();
  stop(*p);
  // Every seq went one way or the other.
  std::vector<long> all = seqs(out_path());
  for (long s : seqs(errors)) all.push_back(s);
  EXPECT_TRUE(no_gap(all)) << p->output();
}

TEST_F(BufferedOutputTest, RetryLimitHandsTheChunkToTheSecondary) {
  set_control("retry");
  std::string second = dir_.file("secondary.jsonl");
  auto conf = write_config(
      "f.conf", source(20) + flaky("  <buffer>\n    flush_interval 1\n    retry_wait 0.2\n"
                                   "    retry_max_times 2\n  </buffer>\n"
                                   "  <secondary>\n    path " +
                                   second + "\n    control_file /nonexistent\n  </secondary>\n"));
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] { return seqs(second).size() >= 20; })) << p->output();
  clear_control();
  stop(*p);
  std::vector<long> all = seqs(out_path());
  for (long s : seqs(second)) all.push_back(s);
  EXPECT_TRUE(no_gap(all)) << p->output();
}

TEST_F(BufferedOutputTest, RetryLimitWithoutSecondaryBacksUpOnlyTheFailingChunk) {
  set_control("retry");
  std::string root = dir_.file("root");
  auto conf = write_config(
      "f.conf", "<system>\n  root_dir " + root + "\n</system>\n" + source(20) +
                    flaky("  <buffer>\n    flush_interval 1\n    retry_wait 0.2\n"
                          "    retry_max_times 1\n    retry_randomize false\n  </buffer>\n"));
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] {
    return count_matches(p->stdout_text(), "Hit limit for retries\\. moving the failing chunk") >=
           1;
  })) << p->output();
  clear_control();
  // The rest of the queue is still there and now delivered.
  ASSERT_TRUE(wait_until([&] { return seqs(out_path()).size() >= 20; })) << p->output();
  stop(*p);
  EXPECT_FALSE(fs::is_empty(root + "/backup/worker0/flaky_out"));
}

TEST_F(BufferedOutputTest, FileBufferWithoutFlushAtShutdownKeepsChunksForTheNextStart) {
  set_control("retry");
  std::string buf = dir_.file("buf");
  auto conf = write_config(
      "f.conf", source() + flaky("  <buffer>\n    @type file\n    path " + buf +
                                 "\n    flush_interval 1\n    retry_wait 30\n  </buffer>\n"));
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] {
    return p->stdout_text().find("failed to flush the buffer.") != std::string::npos;
  })) << p->output();
  stop(*p);
  EXPECT_TRUE(seqs(out_path()).empty());
  EXPECT_FALSE(fs::is_empty(buf));
  // Next start: resumed and delivered, with the new records after them.
  clear_control();
  auto q = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] { return seqs(out_path()).size() >= 60; })) << q->output();
  stop(*q);
  // Both runs count seq from 0: the first run's seqs all arrived.
  std::vector<long> got = seqs(out_path());
  std::multiset<long> counts(got.begin(), got.end());
  EXPECT_TRUE(no_gap(got));
  EXPECT_GE(counts.count(0), 2u) << "the first run's records were not resumed";
}

TEST_F(BufferedOutputTest, Usr1FlushesTheBufferAtOnce) {
  auto conf = write_config("f.conf",
                           source() + flaky("  <buffer>\n    flush_interval 3600\n  </buffer>\n"));
  auto p = run_ferry(conf);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(seqs(out_path()).empty());
  p->signal(SIGUSR1);
  ASSERT_TRUE(wait_until([&] { return !seqs(out_path()).empty(); })) << p->output();
  stop(*p);
  EXPECT_TRUE(no_gap(seqs(out_path())));
}

TEST_F(BufferedOutputTest, SecondaryOfANonBufferedTypeIsALoadError) {
  auto conf = write_config("f.conf",
                           source() + flaky("  <buffer>\n    flush_interval 1\n  </buffer>\n"
                                            "  <secondary>\n    @type relabel\n  </secondary>\n"));
  auto r = run({"-c", conf, "-p", build_dir() + "/test-plugins", "--dry-run"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("'relabel' plugin in not allowed due to non buffered output"),
            std::string::npos)
      << r.out << r.err;
}

TEST_F(BufferedOutputTest, RecordsAnOutputRejectsAloneGoToTheErrorPath) {
  std::string errors = dir_.file("errors.jsonl");
  auto conf = write_config(
      "f.conf",
      source() +
          "<source>\n  @type sample\n  tag app.bad\n  rate 5\n"
          "  sample {\"bad\":true}\n</source>\n" +
          // `tag` is a chunk key: the output knows the records' tag.
          flaky("  <buffer tag>\n    flush_interval 1\n  </buffer>\n", "  reject_key bad\n") +
          "<label @ERROR>\n  <match app.bad>\n    @type flaky\n    path " + errors +
          "\n    <buffer>\n      flush_mode immediate\n    </buffer>\n  </match>\n"
          "</label>\n");
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] {
    return read_file(errors).find("\"bad\":true") != std::string::npos;
  })) << p->output();
  ASSERT_TRUE(wait_until([&] { return seqs(out_path()).size() >= 50; })) << p->output();
  stop(*p);
  // The chunk itself succeeded: the good records are all there, no bad one.
  EXPECT_TRUE(no_gap(seqs(out_path())));
  EXPECT_EQ(read_file(out_path()).find("bad"), std::string::npos);
  EXPECT_EQ(p->stdout_text().find("failed to flush"), std::string::npos) << p->output();
}

TEST_F(BufferedOutputTest, CopyStoresAreBufferedEachOnItsOwn) {
  // One store is down for a while, the other is fine: each has its own
  // buffer and retries, and both get everything.
  set_control("retry");
  std::string second = dir_.file("second.jsonl");
  auto conf = write_config(
      "f.conf", source() + "<match app.**>\n  @type copy\n  <store>\n    @type flaky\n    path " +
                    out_path() + "\n    control_file " + control() +
                    "\n    <buffer>\n      flush_interval 1\n      retry_wait 0.3\n"
                    "      retry_max_interval 0.5\n    </buffer>\n  </store>\n  <store>\n"
                    "    @type flaky\n    path " +
                    second +
                    "\n    <buffer>\n      flush_interval 1\n    </buffer>\n"
                    "  </store>\n</match>\n");
  auto p = run_ferry(conf);
  ASSERT_TRUE(wait_until([&] { return seqs(second).size() >= 50; })) << p->output();
  EXPECT_TRUE(seqs(out_path()).empty());
  clear_control();
  ASSERT_TRUE(wait_until([&] {
    return p->stdout_text().find("retry succeeded.") != std::string::npos;
  })) << p->output();
  stop(*p);
  EXPECT_TRUE(no_gap(seqs(out_path()))) << p->output();
  EXPECT_TRUE(no_gap(seqs(second))) << p->output();
  EXPECT_EQ(seqs(out_path()).size(), seqs(second).size());
}

TEST_F(BufferedOutputTest, SecondaryInsideAStoreIsRefusedAtLoad) {
  auto conf = write_config("f.conf", source() +
                                         "<match app.**>\n  @type copy\n  <store>\n"
                                         "    @type flaky\n    path /tmp/x\n"
                                         "    <secondary>\n      path /tmp/y\n    </secondary>\n"
                                         "  </store>\n</match>\n");
  auto r = run({"-c", conf, "-p", build_dir() + "/test-plugins", "--dry-run"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("<secondary> inside <store> is not supported yet"), std::string::npos)
      << r.out << r.err;
}

TEST_F(BufferedOutputTest, TwoOutputsMayNotShareAFileBufferPath) {
  std::string buf = dir_.file("shared");
  std::string buffer = "  <buffer>\n    @type file\n    path " + buf + "\n  </buffer>\n";
  auto conf =
      write_config("f.conf", source() + "<match app.a>\n  @type flaky\n  path " + out_path() +
                                 "\n" + buffer + "</match>\n<match app.b>\n  @type flaky\n  path " +
                                 out_path() + "\n" + buffer + "</match>\n");
  RunResult r = run({"--dry-run", "-c", conf, "-p", build_dir() + "/test-plugins"});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("f.conf:"), std::string::npos) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find(buf), std::string::npos) << r.out << r.err;
}

TEST_F(BufferedOutputTest, InjectedHostnameKeyCannotBeAChunkKey) {
  auto conf = write_config("f.conf", source() +
                                         "<match app.**>\n  @type stdout\n  <buffer host>\n  "
                                         "</buffer>\n  <inject>\n    hostname_key host\n  "
                                         "</inject>\n</match>\n");
  RunResult r = run({"--dry-run", "-c", conf, "-p", build_dir() + "/test-plugins"});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(
      (r.out + r.err).find("'hostname_key' in <inject> cannot be used in buffering chunk key"),
      std::string::npos)
      << r.out << r.err;
}

}  // namespace
}  // namespace ferry::test
