// out_file end to end on the core buffer: the built `ferry` runs a config
// (exec or sample source -> file), the tests read the files it writes.
// TZ=UTC, so time slices and the out_file formatter's times are in UTC.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ferry_paths.hpp"
#include "gunzip.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::out_file {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;
namespace fs = std::filesystem;

// Three events at fixed times: 2023-11-14 22:13:20 and 22:13:21 UTC.
const char* kExecSource =
    "<source>\n  @type exec\n  tag app.x\n"
    "  command printf '{\"t\":1700000000,\"a\":1}\\n{\"t\":1700000001,\"a\":2}\\n"
    "{\"t\":1700000001,\"a\":3}\\n'\n"
    "  <parse>\n    @type json\n    time_key t\n  </parse>\n</source>\n";

class FileOutputTest : public ::testing::Test {
 protected:
  void start(const std::string& conf) {
    test::write_file(dir_.file("fluent.conf"), conf);
    Subprocess::Options o;
    o.argv = {test::ferry_binary(), "-c", dir_.file("fluent.conf"), "-p", test::plugin_dir()};
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}};
    proc_ = std::make_unique<Subprocess>(o);
    ASSERT_TRUE(test::wait_until([&] { return has("worker is now running"); }, 15s)) << out();
  }
  // `--dry-run` of a config: exit code and output.
  test::RunResult dry_run(const std::string& conf) {
    test::write_file(dir_.file("dry.conf"), conf);
    Subprocess::Options o;
    o.argv = {test::ferry_binary(),  "--dry-run", "-c",
              dir_.file("dry.conf"), "-p",        test::plugin_dir()};
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}};
    return test::run(o);
  }
  std::string out() const { return proc_ ? proc_->output() : ""; }
  bool has(const std::string& text) const { return out().find(text) != std::string::npos; }
  std::optional<int> stop() {
    proc_->signal(SIGTERM);
    return proc_->wait(20s);
  }
  bool wait_file(const std::string& path, std::chrono::milliseconds t = 10s) {
    return test::wait_until([&] { return fs::exists(path); }, t);
  }
  // Regular files under `sub`, relative to the temp dir, sorted.
  std::vector<std::string> files(const std::string& sub) const {
    std::vector<std::string> names;
    if (!fs::exists(dir_.file(sub))) return names;
    for (const auto& e : fs::recursive_directory_iterator(dir_.file(sub)))
      if (e.is_regular_file()) names.push_back(fs::relative(e.path(), dir_.path()).string());
    std::sort(names.begin(), names.end());
    return names;
  }

  test::TempDir dir_{"ferry-out-file-"};
  std::unique_ptr<Subprocess> proc_;
};

TEST_F(FileOutputTest, TimekeyOneSecondImmediateWritesOneFilePerSlice) {
  start(std::string(kExecSource) + "<match app.**>\n  @type file\n  path " + dir_.file("out") +
        "/${tag}/app\n  append true\n"
        "  <buffer tag,time>\n    timekey 1\n    flush_mode immediate\n    path " +
        dir_.file("buf") + "\n  </buffer>\n</match>\n");
  const std::string second = dir_.file("out/app.x/app.20231114221321.log");
  ASSERT_TRUE(test::wait_until([&] {
    return test::read_file(second).find("\"a\":3") != std::string::npos;
  })) << out();
  EXPECT_EQ(test::read_file(dir_.file("out/app.x/app.20231114221320.log")),
            "2023-11-14T22:13:20+00:00\tapp.x\t{\"a\":1}\n");
  EXPECT_EQ(test::read_file(second),
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":2}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":3}\n");
  EXPECT_EQ(files("out"), (std::vector<std::string>{"out/app.x/app.20231114221320.log",
                                                    "out/app.x/app.20231114221321.log"}));
  EXPECT_EQ(stop(), 0) << out();
  EXPECT_TRUE(files("buf").empty()) << "every chunk was flushed and purged";
}

TEST_F(FileOutputTest, WithoutAppendEachChunkTakesTheFirstFreeIndex) {
  // _0 of the first slice exists already: that chunk goes to _1.
  fs::create_directories(dir_.file("out"));
  test::write_file(dir_.file("out/app.20231114221320_0.log"), "old\n");
  start(std::string(kExecSource) + "<match app.**>\n  @type file\n  path " + dir_.file("out") +
        "/app\n  <buffer time>\n    timekey 1\n    flush_mode immediate\n  </buffer>\n"
        "</match>\n");
  ASSERT_TRUE(wait_file(dir_.file("out/app.20231114221321_0.log"))) << out();
  ASSERT_TRUE(wait_file(dir_.file("out/app.20231114221320_1.log"))) << out();
  EXPECT_EQ(test::read_file(dir_.file("out/app.20231114221320_0.log")), "old\n");
  EXPECT_EQ(test::read_file(dir_.file("out/app.20231114221320_1.log")),
            "2023-11-14T22:13:20+00:00\tapp.x\t{\"a\":1}\n");
  EXPECT_EQ(stop(), 0) << out();
}

TEST_F(FileOutputTest, StarAndCompressGzip) {
  start(std::string(kExecSource) + "<match app.**>\n  @type file\n  path " + dir_.file("out") +
        "/app.*.txt\n  compress gz\n  append true\n"
        "  <buffer time>\n    timekey 60\n    flush_mode immediate\n  </buffer>\n</match>\n");
  const std::string path = dir_.file("out/app.202311142213.txt.gz");
  ASSERT_TRUE(test::wait_until([&] {
    return test::gunzip_all(test::read_file(path)).find("\"a\":3") != std::string::npos;
  })) << out();
  EXPECT_EQ(test::gunzip_all(test::read_file(path)),
            "2023-11-14T22:13:20+00:00\tapp.x\t{\"a\":1}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":2}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":3}\n");
  EXPECT_EQ(stop(), 0) << out();
}

TEST_F(FileOutputTest, IntervalFlushWritesEverySequenceNumberOnce) {
  start(
      "<source>\n  @type sample\n  tag s.x\n  rate 20\n  auto_increment_key n\n"
      "  sample {\"k\":\"v\"}\n</source>\n"
      "<match s.**>\n  @type file\n  path " +
      dir_.file("out") +
      "/s.*.txt\n"
      "  <buffer time>\n    timekey 1\n    flush_mode interval\n    flush_interval 1s\n"
      "    flush_at_shutdown true\n  </buffer>\n</match>\n");
  const std::regex name(R"(out/s\.(\d{14})_0\.txt)");
  // A path with `*` is also the buffer's chunk file pattern (Fluentd's
  // default): chunks live next to the output as s.b<id>.txt.
  const std::regex chunk(R"(out/s\.[bq][0-9a-f]{32}\.txt(\.meta)?)");
  auto outputs = [&] {
    std::vector<std::string> found;
    for (const std::string& f : files("out"))
      if (std::regex_match(f, name)) found.push_back(f);
    return found;
  };
  bool chunk_seen = false;
  // Files appear while ferry runs: interval flushing works.
  ASSERT_TRUE(test::wait_until(
      [&] {
        for (const std::string& f : files("out")) chunk_seen |= std::regex_match(f, chunk);
        return outputs().size() >= 3;
      },
      15s))
      << out();
  EXPECT_TRUE(chunk_seen);
  EXPECT_EQ(stop(), 0) << out();
  // flush_at_shutdown: every chunk was written and purged.
  EXPECT_EQ(files("out"), outputs());
  const std::regex line(
      R"((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\+00:00\ts\.x\t\{"k":"v","n":(\d+)\})");
  std::set<long> seen;
  for (const std::string& f : outputs()) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(f, m, name)) << f;
    const std::string slice = m[1];
    std::istringstream in(test::read_file(dir_.file(f)));
    std::string text;
    while (std::getline(in, text)) {
      std::smatch l;
      ASSERT_TRUE(std::regex_match(text, l, line)) << text;
      // Every event is in the file of its own second.
      EXPECT_EQ(l[1].str() + l[2].str() + l[3].str() + l[4].str() + l[5].str() + l[6].str(), slice);
      EXPECT_TRUE(seen.insert(std::stol(l[7])).second) << "duplicate n=" << l[7];
    }
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), long(seen.size()) - 1) << "a sequence number is missing";
}

TEST_F(FileOutputTest, DefaultBufferLivesUnderTheOutputPath) {
  start(
      "<source>\n  @type sample\n  tag s.x\n  rate 20\n  sample {\"k\":\"v\"}\n</source>\n"
      "<match s.**>\n  @type file\n  path " +
      dir_.file("out/app") + "\n</match>\n");
  // Fluentd's default: file buffer, chunks in the output path as a directory.
  ASSERT_TRUE(test::wait_until([&] {
    for (const std::string& f : files("out/app"))
      if (std::regex_match(f, std::regex(R"(out/app/buffer\.b[0-9a-f]{32}\.log)"))) return true;
    return false;
  })) << out();
  EXPECT_TRUE(
      has("default timekey interval (1d) will be used because of missing <buffer> "
          "section. To change the output frequency, please modify the timekey value"))
      << out();
  EXPECT_EQ(stop(), 0) << out();
  // flush_at_shutdown is false for file buffers: the chunk stays for the
  // next start, nothing was written yet.
  for (const std::string& f : files("out")) EXPECT_EQ(f.rfind("out/app/buffer.", 0), 0u) << f;
}

TEST_F(FileOutputTest, UnsafePlaceholderValueDropsTheChunkOthersAreWritten) {
  start("<system>\n  root_dir " + dir_.file("root") +
        "\n</system>\n"
        "<source>\n  @type exec\n  tag app.x\n"
        "  command printf '{\"host\":\"../evil\",\"a\":1}\\n{\"host\":\"web1\",\"a\":2}\\n'\n"
        "  <parse>\n    @type json\n  </parse>\n</source>\n"
        "<match app.**>\n  @type file\n  path " +
        dir_.file("out") +
        "/${host}/app\n  append true\n"
        "  <buffer host>\n    flush_mode immediate\n    path " +
        dir_.file("buf") + "\n  </buffer>\n</match>\n");
  ASSERT_TRUE(wait_file(dir_.file("out/web1/app.log"))) << out();
  EXPECT_TRUE(std::regex_match(test::read_file(dir_.file("out/web1/app.log")),
                               std::regex(R"([-\dT:+]{25}\tapp\.x\t\{"host":"web1","a":2\}\n)")));
  // DROP: no retry, the chunk is kept in the backup dir (no <secondary>,
  // no @ERROR label), the reason logged.
  ASSERT_TRUE(test::wait_until([&] { return !files("root/backup").empty(); })) << out();
  EXPECT_NE(test::read_file(dir_.file(files("root/backup").at(0))).find("../evil"),
            std::string::npos);
  EXPECT_TRUE(has("Invalid path component detected in ${host}: ../evil")) << out();
  EXPECT_TRUE(has("unsafe path")) << out();
  EXPECT_FALSE(fs::exists(dir_.file("evil")));
  EXPECT_FALSE(fs::exists(dir_.file("out/evil")));
  EXPECT_EQ(stop(), 0) << out();
}

TEST_F(FileOutputTest, IoErrorIsRetriedUntilTheFileCanBeWritten) {
  // A plain file where out_file needs a directory: mkdir fails.
  fs::create_directories(dir_.file("out"));
  test::write_file(dir_.file("out/app.x"), "in the way");
  start(std::string(kExecSource) + "<match app.**>\n  @type file\n  path " + dir_.file("out") +
        "/${tag}/app\n  append true\n"
        "  <buffer tag>\n    flush_mode immediate\n    retry_wait 0.2\n"
        "    retry_randomize false\n    path " +
        dir_.file("buf") + "\n  </buffer>\n</match>\n");
  ASSERT_TRUE(test::wait_until([&] { return has("failed to flush the buffer"); })) << out();
  fs::remove(dir_.file("out/app.x"));
  const std::string path = dir_.file("out/app.x/app.log");
  ASSERT_TRUE(test::wait_until([&] {
    return test::read_file(path).find("\"a\":3") != std::string::npos;
  })) << out();
  EXPECT_EQ(test::read_file(path),
            "2023-11-14T22:13:20+00:00\tapp.x\t{\"a\":1}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":2}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":3}\n");
  EXPECT_EQ(stop(), 0) << out();
}

TEST_F(FileOutputTest, AsSecondaryFollowsThePrimarysTimekey) {
  // The primary cannot write (a file where its directory should be) and
  // gives up at once; the secondary names its file with the primary's
  // 1-minute timekey, as Fluentd's out_file does in <secondary>.
  fs::create_directories(dir_.file("blocked"));
  test::write_file(dir_.file("blocked/app.x"), "in the way");
  start(std::string(kExecSource) + "<match app.**>\n  @type file\n  path " + dir_.file("blocked") +
        "/${tag}/x\n"
        "  <buffer tag,time>\n    timekey 60\n    flush_mode immediate\n"
        "    retry_max_times 0\n    path " +
        dir_.file("buf") +
        "\n  </buffer>\n"
        "  <secondary>\n    @type file\n    path " +
        dir_.file("sec") + "/${tag}/y\n  </secondary>\n</match>\n");
  const std::string path = dir_.file("sec/app.x/y.202311142213_0.log");
  ASSERT_TRUE(test::wait_until([&] {
    return test::read_file(path).find("\"a\":3") != std::string::npos;
  })) << out();
  EXPECT_EQ(test::read_file(path),
            "2023-11-14T22:13:20+00:00\tapp.x\t{\"a\":1}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":2}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":3}\n");
  EXPECT_EQ(stop(), 0) << out();
}

TEST_F(FileOutputTest, LegacyFlatTimeSliceFormatNamesTheFile) {
  // compat_parameters: time_slice_format sets the timekey (1h here) and
  // the file name; flush_interval selects interval flushing.
  start(std::string(kExecSource) + "<match app.**>\n  @type file\n  path " + dir_.file("out") +
        "/app\n  time_slice_format %Y%m%d-%H\n  flush_interval 1s\n</match>\n");
  const std::string path = dir_.file("out/app.20231114-22_0.log");
  ASSERT_TRUE(test::wait_until([&] {
    return test::read_file(path).find("\"a\":3") != std::string::npos;
  })) << out();
  EXPECT_EQ(test::read_file(path),
            "2023-11-14T22:13:20+00:00\tapp.x\t{\"a\":1}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":2}\n"
            "2023-11-14T22:13:21+00:00\tapp.x\t{\"a\":3}\n");
  EXPECT_FALSE(has("default timekey interval")) << out();
  EXPECT_EQ(stop(), 0) << out();
}

// A `.meta` as Fluentd writes it (C1 00, BE length, msgpack map) for a
// chunk with only a timekey (out_file's default chunk key `time`).
std::string fluentd_meta(uint32_t timekey, const std::string& id_hex, uint8_t records) {
  auto u32 = [](uint32_t v) {
    return std::string{char(0xce), char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  };
  auto key = [](const std::string& k) { return std::string(1, char(0xa0 | k.size())) + k; };
  std::string id;
  for (size_t i = 0; i < id_hex.size(); i += 2)
    id += char(std::stoi(id_hex.substr(i, 2), nullptr, 16));
  std::string map = std::string(1, char(0x88)) + key("timekey") + u32(timekey) + key("tag") +
                    char(0xc0) + key("variables") + char(0xc0) + key("seq") + char(0) + key("id") +
                    char(0xc4) + char(16) + id + key("s") + char(records) + key("c") +
                    u32(timekey) + key("m") + u32(timekey);
  const uint32_t n = uint32_t(map.size());
  return std::string{char(0xc1), char(0), char(n >> 24), char(n >> 16), char(n >> 8), char(n)} +
         map;
}

TEST_F(FileOutputTest, ChunkLeftByFluentdsOutFileIsWrittenAsItIs) {
  // Fluentd's out_file buffers the formatted text; after a migration Ferry
  // resumes such a queued chunk and writes its text unchanged.
  const std::string id = "6553a0a1b2c3d4e5f60718293a4b5c6d";
  const std::string text =
      "2023-11-14T22:13:20+09:00\tapp.x\t{\"a\":1,\"\xc3\xa9\":\"\xe2\x82\xac\"}\n"
      "2023-11-14T22:13:21+09:00\tapp.x\t{\"a\":\"\xd9\xae\"}\n";  // MessagePack would read str8
  fs::create_directories(dir_.file("buf"));
  test::write_file(dir_.file("buf/buffer.q" + id + ".log"), text);
  test::write_file(dir_.file("buf/buffer.q" + id + ".log.meta"), fluentd_meta(1699920000, id, 2));
  start(std::string("<match app.**>\n  @type file\n  path ") + dir_.file("out") +
        "/app\n  <buffer>\n    timekey 1d\n    path " + dir_.file("buf") +
        "\n  </buffer>\n</match>\n");
  const std::string path = dir_.file("out/app.20231114_0.log");
  ASSERT_TRUE(test::wait_until([&] { return test::read_file(path).size() == text.size(); }))
      << out();
  EXPECT_EQ(test::read_file(path), text);
  EXPECT_EQ(stop(), 0) << out();
  EXPECT_TRUE(files("buf").empty()) << "the chunk was purged after its write";
}

TEST_F(FileOutputTest, ConfigErrorsNameTheProblem) {
  auto match = [&](const std::string& body) {
    return "<source>\n  @type sample\n  tag s\n</source>\n<match **>\n  @type file\n  path " +
           dir_.file("out") + "/x" + body + "</match>\n";
  };
  test::RunResult r = dry_run(match(".*\n  <buffer tag>\n  </buffer>\n"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("path including '*' must be used with buffer chunk key 'time'"),
            std::string::npos)
      << r.out << r.err;
  r = dry_run(match("\n  compress zstd\n"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("compress zstd is not supported"), std::string::npos)
      << r.out << r.err;
  r = dry_run(match("\n  symlink_path " + dir_.file("link") + "\n"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("symlink_path"), std::string::npos) << r.out << r.err;
  r = dry_run(match("/%Y\n  <buffer time>\n    timekey 3600\n  </buffer>\n"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("insufficient timestamp placeholders in path"), std::string::npos)
      << r.out << r.err;
}

}  // namespace
}  // namespace ferry::out_file
