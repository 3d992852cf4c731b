// out_secondary_file end to end: the built `ferry` runs exec (three events
// at fixed times) -> a buffered out_flaky that always answers RETRY
// (tests/support/plugins) with retry_max_times 1 -> <secondary> @type
// secondary_file. The dump files must hold exactly the chunks' events, as
// the MessagePack [EventTime, record] stream the buffer held.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../../out_file/tests/gunzip.hpp"
#include "ferry_paths.hpp"
#include "format/event_stream.hpp"
#include "format/json_writer.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::secondary_file {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;
namespace fs = std::filesystem;

// 2023-11-14 22:13:20 and 22:13:21 UTC.
const char* kExecSource =
    "<source>\n  @type exec\n  tag app.x\n"
    "  command printf '{\"t\":1700000000,\"a\":1}\\n{\"t\":1700000001,\"a\":2}\\n"
    "{\"t\":1700000001,\"a\":3}\\n'\n"
    "  <parse>\n    @type json\n    time_key t\n  </parse>\n</source>\n";

// "<sec>.<nsec> <record json>" per event; fails on any byte that is not
// a whole [EventTime, record] event.
std::vector<std::string> decode(const std::string& bytes) {
  std::vector<std::string> out;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint8_t* end = p + bytes.size();
  std::string_view event, record;
  while (format::next_event(p, end, event)) {
    EventTime time;
    EXPECT_TRUE(format::split_event(event, time, record));
    // EventTime as Fluentd writes it in chunks: fixext8 (d7) of type 0.
    EXPECT_EQ(event.substr(1, 2), std::string_view("\xd7\x00", 2));
    std::string line = std::to_string(time.sec) + "." + std::to_string(time.nsec) + " ";
    const uint8_t* r = reinterpret_cast<const uint8_t*>(record.data());
    std::string error;
    EXPECT_TRUE(format::append_json(line, r, r + record.size(), format::JsonStyle::kOj, &error))
        << error;
    out.push_back(line);
  }
  EXPECT_EQ(p, end) << "bytes after the last whole event";
  return out;
}

class SecondaryFileTest : public ::testing::Test {
 protected:
  Subprocess::Options options(std::vector<std::string> args) {
    Subprocess::Options o;
    o.argv = {test::ferry_binary()};
    for (auto& a : args) o.argv.push_back(a);
    o.argv.insert(o.argv.end(), {"-p", test::build_dir() + "/test-plugins"});
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}};
    o.env_unset = {"FLUENT_CONF", "FERRY_PLUGIN_PATH"};
    return o;
  }
  void start(const std::string& conf) {
    test::write_file(dir_.file("fluent.conf"), conf);
    proc_ = std::make_unique<Subprocess>(options({"-c", dir_.file("fluent.conf")}));
    ASSERT_TRUE(test::wait_until([&] { return has("worker is now running"); }, 15s)) << out();
  }
  test::RunResult dry_run(const std::string& conf) {
    test::write_file(dir_.file("dry.conf"), conf);
    return test::run(options({"--dry-run", "-c", dir_.file("dry.conf")}));
  }
  std::string out() const { return proc_ ? proc_->output() : ""; }
  bool has(const std::string& text) const { return out().find(text) != std::string::npos; }
  size_t count(const std::string& text) const {
    size_t n = 0;
    const std::string o = out();
    for (size_t at = o.find(text); at != std::string::npos; at = o.find(text, at + 1)) ++n;
    return n;
  }
  void stop() {
    proc_->signal(SIGTERM);
    EXPECT_EQ(proc_->wait(20s).value_or(-1), 0) << out();
  }
  // Regular files under `sub`, relative to it, sorted.
  std::vector<std::string> files(const std::string& sub) const {
    std::vector<std::string> names;
    if (!fs::exists(dir_.file(sub))) return names;
    for (const auto& e : fs::recursive_directory_iterator(dir_.file(sub)))
      if (e.is_regular_file()) names.push_back(fs::relative(e.path(), dir_.file(sub)).string());
    std::sort(names.begin(), names.end());
    return names;
  }

  // A primary that never succeeds: one retry, then the secondary.
  std::string failing_match(const std::string& chunk_keys, const std::string& secondary,
                            const std::string& buffer_extra = "") {
    test::write_file(dir_.file("control"), "retry");
    return "<match app.**>\n  @type flaky\n  @id flaky_out\n  path " + dir_.file("out.jsonl") +
           "\n  control_file " + dir_.file("control") + "\n  <buffer " + chunk_keys +
           ">\n    flush_mode immediate\n    retry_wait 0.1\n    retry_max_times 1\n"
           "    retry_randomize false\n" +
           buffer_extra + "  </buffer>\n  <secondary>\n    @type secondary_file\n" + secondary +
           "  </secondary>\n</match>\n";
  }

  test::TempDir dir_{"ferry-secondary-file-e2e-"};
  std::unique_ptr<Subprocess> proc_;
};

TEST_F(SecondaryFileTest, TheDumpHoldsExactlyTheChunksEvents) {
  start(std::string(kExecSource) + failing_match("", "    directory " + dir_.file("dump") + "\n"));
  ASSERT_TRUE(test::wait_until([&] { return has(" written to " + dir_.file("dump")); }, 20s))
      << out();
  stop();
  // One chunk (no chunk keys, flush_mode immediate after the one exec
  // batch): dump.bin.0, nothing delivered by the primary.
  ASSERT_EQ(files("dump"), std::vector<std::string>{"dump.bin.0"}) << out();
  EXPECT_EQ(decode(test::read_file(dir_.file("dump/dump.bin.0"))),
            (std::vector<std::string>{"1700000000.0 {\"a\":1}", "1700000001.0 {\"a\":2}",
                                      "1700000001.0 {\"a\":3}"}));
  EXPECT_FALSE(fs::exists(dir_.file("out.jsonl")) &&
               !test::read_file(dir_.file("out.jsonl")).empty());
  EXPECT_TRUE(has("Hit limit for retries") || has("retry_times=")) << out();
  EXPECT_TRUE(has("(3 records) written to " + dir_.file("dump/dump.bin.0"))) << out();
}

TEST_F(SecondaryFileTest, AGzipBufferIsDumpedDecompressed) {
  // The buffer stores gzip members; the dump holds the events (Fluentd's
  // chunk.write_to decompresses too), text unless secondary_file compresses.
  start(std::string(kExecSource) +
        failing_match("", "    directory " + dir_.file("dump") + "\n", "    compress gzip\n"));
  ASSERT_TRUE(test::wait_until([&] { return has(" written to "); }, 20s)) << out();
  stop();
  ASSERT_EQ(files("dump"), std::vector<std::string>{"dump.bin.0"}) << out();
  EXPECT_EQ(decode(test::read_file(dir_.file("dump/dump.bin.0"))).size(), 3u);
}

TEST_F(SecondaryFileTest, PlaceholdersOfThePrimarysChunkKeysAndGzip) {
  // Chunk keys tag and a: one chunk per value of a, each its own file.
  start(std::string(kExecSource) +
        failing_match("tag,a", "    directory " + dir_.file("dump") +
                                   "/${tag[1]}\n    basename ${tag[0]}.${a}\n"
                                   "    compress gzip\n"));
  ASSERT_TRUE(test::wait_until([&] { return count(" written to ") >= 3; }, 20s)) << out();
  stop();
  ASSERT_EQ(files("dump"),
            (std::vector<std::string>{"x/app.1.0.gz", "x/app.2.0.gz", "x/app.3.0.gz"}))
      << out();
  EXPECT_EQ(decode(test::gunzip_all(test::read_file(dir_.file("dump/x/app.2.0.gz")))),
            std::vector<std::string>{"1700000001.0 {\"a\":2}"});
}

TEST_F(SecondaryFileTest, AppendPutsEveryChunkIntoOneFile) {
  start(std::string(kExecSource) +
        failing_match("a", "    directory " + dir_.file("dump") + "\n    append true\n"));
  ASSERT_TRUE(test::wait_until([&] { return count(" written to ") >= 3; }, 20s)) << out();
  stop();
  ASSERT_EQ(files("dump"), std::vector<std::string>{"dump.bin"}) << out();
  std::vector<std::string> events = decode(test::read_file(dir_.file("dump/dump.bin")));
  std::sort(events.begin(), events.end());  // chunks flush in any order
  EXPECT_EQ(events, (std::vector<std::string>{"1700000000.0 {\"a\":1}", "1700000001.0 {\"a\":2}",
                                              "1700000001.0 {\"a\":3}"}));
}

TEST_F(SecondaryFileTest, LoadErrors) {
  auto error_of = [&](const std::string& conf) {
    test::RunResult r = dry_run(std::string(kExecSource) + conf);
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    return r.out + r.err;
  };
  const std::string dir = "    directory " + dir_.file("dump") + "\n";
  // Only inside <secondary> (Fluentd's words), also in a copy <store>.
  EXPECT_NE(error_of("<match app.**>\n  @type secondary_file\n  directory /tmp/x\n</match>\n")
                .find("dry.conf:" /* the place */),
            std::string::npos);
  EXPECT_NE(error_of("<match app.**>\n  @type secondary_file\n  directory /tmp/x\n</match>\n")
                .find("This plugin can only be used in the <secondary> section"),
            std::string::npos);
  EXPECT_NE(error_of("<match app.**>\n  @type copy\n  <store>\n    @type secondary_file\n"
                     "    directory /tmp/x\n  </store>\n</match>\n")
                .find("This plugin can only be used in the <secondary> section"),
            std::string::npos);
  EXPECT_NE(error_of(failing_match("tag", dir + "    basename a/b\n"))
                .find("basename should not include `/`"),
            std::string::npos);
  // Placeholders need the primary's chunk keys; unused keys are fine.
  EXPECT_EQ(dry_run(std::string(kExecSource) + failing_match("tag,a", dir)).exit_code, 0);
  const std::string host = error_of(failing_match("tag", dir + "    basename ${host}.bin\n"));
  EXPECT_NE(host.find("out_secondary_file: Parameter 'basename: ${host}.bin' has placeholder "
                      "${host}, but 'host' is not a chunk key"),
            std::string::npos)
      << host;
  EXPECT_NE(error_of(failing_match("a", "    directory " + dir_.file("${tag}") + "\n"))
                .find("has tag placeholder ${tag}, but chunk key 'tag' is not configured"),
            std::string::npos);
  EXPECT_NE(error_of(failing_match("tag", dir + "    basename dump.%Y%m%d\n"))
                .find("has time formats (such as %Y%m%d), but chunk key 'time' is not configured"),
            std::string::npos);
  // A directory that cannot be made (a file is in the way).
  test::write_file(dir_.file("file"), "");
  EXPECT_NE(error_of(failing_match("", "    directory " + dir_.file("file/sub") + "\n"))
                .find("out_secondary_file: `" + dir_.file("file/sub") + "` should be writable"),
            std::string::npos);
  // Fluentd 1.19's enum: `gz` (accepted by out_file) is not.
  EXPECT_NE(error_of(failing_match("", dir + "    compress gz\n"))
                .find("valid options are text,gzip but got gz"),
            std::string::npos);
}

}  // namespace
}  // namespace ferry::secondary_file
