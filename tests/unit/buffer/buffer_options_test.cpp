// read_buffer_options: Fluentd 1.19's defaults and derivations (output.rb,
// buffer.rb, buf_file.rb), the legacy flat names (compat_parameters.rb),
// plugin defaults, and errors with file:line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>

#include "buffer_config_support.hpp"
#include "buffer_test_support.hpp"

namespace ferry::buffer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::read_config;
using ::testing::StartsWith;
using testing::TempDir;

constexpr uint64_t kMiB = 1024 * 1024;

const BufferOptions& ok(const testing::BufferConfig& c) {
  EXPECT_THAT(c.diagnostics, IsEmpty());
  EXPECT_EQ(c.result.error, "");
  static const BufferOptions none;
  if (!c.result.options) {
    ADD_FAILURE() << "no options";
    return none;
  }
  return *c.result.options;
}

TEST(BufferOptions, MemoryDefaultsWithoutABufferSection) {
  auto c = read_config("");
  const BufferOptions& o = ok(c);
  EXPECT_EQ(o.type, BufferType::kMemory);
  EXPECT_TRUE(o.keys.empty());
  EXPECT_EQ(o.chunk_limit_size, 8 * kMiB);
  EXPECT_EQ(o.total_limit_size, 512 * kMiB);
  EXPECT_FALSE(o.chunk_limit_records);
  EXPECT_FALSE(o.queue_limit_length);
  EXPECT_DOUBLE_EQ(o.chunk_full_threshold, 0.95);
  EXPECT_EQ(o.queued_chunks_limit_size, 1u);
  EXPECT_FALSE(o.compress_gzip);
  EXPECT_EQ(o.decompression_size_limit, 256 * kMiB);
  EXPECT_EQ(o.flush_mode, FlushMode::kInterval);  // no time key
  EXPECT_DOUBLE_EQ(o.flush_interval, 60);
  EXPECT_TRUE(o.flush_at_shutdown);  // memory
  EXPECT_EQ(o.flush_thread_count, 1u);
  EXPECT_DOUBLE_EQ(o.flush_thread_interval, 1.0);
  EXPECT_DOUBLE_EQ(o.flush_thread_burst_interval, 1.0);
  EXPECT_DOUBLE_EQ(o.delayed_commit_timeout, 60);
  EXPECT_EQ(o.overflow_action, OverflowAction::kThrowException);
  EXPECT_EQ(o.retry.type, RetryType::kExponentialBackoff);
  EXPECT_DOUBLE_EQ(o.retry.wait, 1);
  EXPECT_DOUBLE_EQ(o.retry.exponential_backoff_base, 2);
  EXPECT_FALSE(o.retry.max_interval);
  EXPECT_TRUE(o.retry.randomize);
  EXPECT_DOUBLE_EQ(o.retry.timeout, 72 * 3600);
  EXPECT_FALSE(o.retry.max_times);
  EXPECT_FALSE(o.retry.forever);
  EXPECT_DOUBLE_EQ(o.retry.secondary_threshold, 0.8);
  EXPECT_DOUBLE_EQ(o.slow_flush_log_threshold, 20.0);
  EXPECT_EQ(o.timekey_wait, 600);
  EXPECT_FALSE(o.timekey_use_utc);
  EXPECT_FALSE(o.disable_chunk_backup);
  EXPECT_EQ(o.fsync, FsyncPolicy::kOnEnqueue);
  // Fluentd: Time.now.strftime('%z'), the host's offset when configured.
  EXPECT_EQ(o.timekey_utc_offset, format::TimeZone::local().offset_at(std::time(nullptr)));
}

TEST(BufferOptions, WhenConfiguredPluginsAreUnbufferedWithoutASection) {
  auto c = read_config("", {}, /*buffer_always=*/false);
  EXPECT_EQ(c.result.error, "");
  EXPECT_FALSE(c.result.options);
  auto flat = read_config("  flush_interval 5s\n", {}, false);
  EXPECT_FALSE(flat.result.options);
  EXPECT_THAT(flat.result.warnings,
              ElementsAre(AllOf(StartsWith("fluent.conf:3: "), HasSubstr("flush_interval"))));
  auto section = read_config("  <buffer>\n  </buffer>\n", {}, false);
  EXPECT_TRUE(ok(section).keys.empty());
}

TEST(BufferOptions, FileDefaultsAndDerivations) {
  TempDir dir;
  auto c = read_config("  <buffer tag>\n    @type file\n    path " + dir.path().string() +
                       "\n    flush_thread_count 3\n  </buffer>\n");
  const BufferOptions& o = ok(c);
  EXPECT_EQ(o.type, BufferType::kFile);
  EXPECT_EQ(o.chunk_limit_size, 256 * kMiB);
  EXPECT_EQ(o.total_limit_size, 64ull * 1024 * kMiB);
  EXPECT_FALSE(o.flush_at_shutdown);  // persistent buffer
  EXPECT_EQ(o.queued_chunks_limit_size, 3u);
  EXPECT_EQ(o.location.dir, dir.path());
  EXPECT_EQ(o.location.prefix, "buffer.");
  EXPECT_EQ(o.location.suffix, ".log");
  EXPECT_EQ(o.file_permission, 0644u);
  EXPECT_EQ(o.dir_permission, 0755u);
}

TEST(BufferOptions, ExplicitValuesWin) {
  auto c = read_config(
      "  <buffer tag, $.kubernetes.ns>\n"
      "    chunk_limit_size 2m\n    total_limit_size 20m\n    chunk_limit_records 500\n"
      "    chunk_full_threshold 0.5\n    queued_chunks_limit_size 7\n    compress gzip\n"
      "    flush_mode immediate\n    flush_at_shutdown false\n    overflow_action block\n"
      "    retry_type periodic\n    retry_wait 3s\n    retry_max_interval 1m\n"
      "    retry_randomize false\n    retry_timeout 1h\n    retry_max_times 9\n"
      "    retry_forever true\n    retry_secondary_threshold 0.5\n"
      "    retry_exponential_backoff_base 3\n    delayed_commit_timeout 5\n"
      "    flush_thread_interval 0.5\n    flush_thread_burst_interval 0.25\n"
      "    decompression_size_limit 1m\n    disable_chunk_backup true\n"
      "  </buffer>\n  slow_flush_log_threshold 2.5\n");
  const BufferOptions& o = ok(c);
  EXPECT_TRUE(o.keys.tag);
  EXPECT_THAT(o.keys.record_keys, ElementsAre("$.kubernetes.ns"));
  EXPECT_EQ(o.chunk_limit_size, 2 * kMiB);
  EXPECT_EQ(o.total_limit_size, 20 * kMiB);
  EXPECT_EQ(o.chunk_limit_records, 500u);
  EXPECT_DOUBLE_EQ(o.chunk_full_threshold, 0.5);
  EXPECT_EQ(o.queued_chunks_limit_size, 7u);
  EXPECT_TRUE(o.compress_gzip);
  EXPECT_EQ(o.flush_mode, FlushMode::kImmediate);
  EXPECT_FALSE(o.flush_at_shutdown);
  EXPECT_EQ(o.overflow_action, OverflowAction::kBlock);
  EXPECT_EQ(o.retry.type, RetryType::kPeriodic);
  EXPECT_DOUBLE_EQ(o.retry.wait, 3);
  EXPECT_EQ(o.retry.max_interval, 60);
  EXPECT_FALSE(o.retry.randomize);
  EXPECT_DOUBLE_EQ(o.retry.timeout, 3600);
  EXPECT_EQ(o.retry.max_times, 9u);
  EXPECT_TRUE(o.retry.forever);
  EXPECT_DOUBLE_EQ(o.retry.secondary_threshold, 0.5);
  EXPECT_DOUBLE_EQ(o.retry.exponential_backoff_base, 3);
  EXPECT_DOUBLE_EQ(o.delayed_commit_timeout, 5);
  EXPECT_DOUBLE_EQ(o.flush_thread_interval, 0.5);
  EXPECT_DOUBLE_EQ(o.flush_thread_burst_interval, 0.25);
  EXPECT_EQ(o.decompression_size_limit, kMiB);
  EXPECT_TRUE(o.disable_chunk_backup);
  EXPECT_DOUBLE_EQ(o.slow_flush_log_threshold, 2.5);
  // memory + flush_at_shutdown false: Fluentd's two warnings.
  EXPECT_THAT(c.result.warnings,
              ElementsAre(HasSubstr("'flush_at_shutdown' is false, and buffer plugin 'memory' is "
                                    "not persistent buffer."),
                          HasSubstr("will lose buffered data at shutdown")));
}

TEST(BufferOptions, QueueLimitLengthSetsTheTotal) {
  auto c = read_config(
      "  <buffer>\n    chunk_limit_size 1m\n    total_limit_size 1g\n"
      "    queue_limit_length 16\n  </buffer>\n");
  EXPECT_EQ(ok(c).queue_limit_length, 16u);
  EXPECT_EQ(ok(c).total_limit_size, 16 * kMiB);
}

TEST(BufferOptions, TimeKeyNeedsTimekey) {
  auto c = read_config("  <buffer time>\n  </buffer>\n");
  EXPECT_FALSE(c.result.options);
  EXPECT_EQ(c.result.error,
            "fluent.conf:3: <buffer ...> argument includes 'time', but timekey is not configured");
  auto zero = read_config("  <buffer time>\n    timekey 0\n  </buffer>\n");
  EXPECT_THAT(zero.result.error,
              AllOf(StartsWith("fluent.conf:4: "), HasSubstr("timekey should be greater than 0")));
}

TEST(BufferOptions, TimeKeyDefaultsToLazyAndZones) {
  auto c = read_config("  <buffer time>\n    timekey 1h\n    timekey_zone +0900\n  </buffer>\n");
  const BufferOptions& o = ok(c);
  EXPECT_TRUE(o.keys.time);
  EXPECT_EQ(o.timekey, 3600);
  EXPECT_EQ(o.flush_mode, FlushMode::kLazy);
  EXPECT_EQ(o.timekey_utc_offset, 9 * 3600);
  EXPECT_EQ(o.timekey_zone, "+0900");
  EXPECT_EQ(o.utc_offset_at(0), 9 * 3600);

  auto utc = read_config(
      "  <buffer time>\n    timekey 1d\n    timekey_use_utc true\n    timekey_zone +0900\n"
      "  </buffer>\n");
  EXPECT_EQ(ok(utc).timekey_utc_offset, 0);
  EXPECT_EQ(ok(utc).timekey_zone, "+0000");

  auto bad = read_config("  <buffer time>\n    timekey 1h\n    timekey_zone JST\n  </buffer>\n");
  EXPECT_EQ(bad.result.error, "fluent.conf:5: Unsupported timezone 'JST'");
}

TEST(BufferOptions, NamedZoneFollowsDaylightSaving) {
  auto c =
      read_config("  <buffer time>\n    timekey 1h\n    timekey_zone Europe/Berlin\n  </buffer>\n");
  const BufferOptions& o = ok(c);
  EXPECT_EQ(o.utc_offset_at(1704067200), 3600);  // 2024-01-01: CET
  EXPECT_EQ(o.utc_offset_at(1719792000), 7200);  // 2024-07-01: CEST
}

TEST(BufferOptions, FlushIntervalRules) {
  // Written outside <buffer>: interval mode, as Fluentd keeps old configs.
  auto outside = read_config("  flush_interval 5s\n  <buffer time>\n    timekey 1h\n  </buffer>\n");
  EXPECT_EQ(ok(outside).flush_mode, FlushMode::kInterval);
  EXPECT_DOUBLE_EQ(ok(outside).flush_interval, 60);  // the flat value itself is not used
  EXPECT_THAT(outside.result.infos,
              ElementsAre("fluent.conf:3: 'flush_interval' is configured at out side of "
                          "<buffer>. 'flush_mode' is set to 'interval' to keep existing "
                          "behaviour"));
  EXPECT_THAT(outside.result.warnings,
              ElementsAre(HasSubstr("parameter 'flush_interval' is not used")));
  // Inside with the default mode resolved to lazy: ignored with a warning.
  auto lazy = read_config("  <buffer time>\n    timekey 1h\n    flush_interval 5s\n  </buffer>\n");
  EXPECT_EQ(ok(lazy).flush_mode, FlushMode::kLazy);
  EXPECT_THAT(lazy.result.warnings,
              ElementsAre("fluent.conf:5: 'flush_interval' is ignored because default "
                          "'flush_mode' is not 'interval': 'lazy'"));
  // With flush_mode written: an error.
  auto error =
      read_config("  <buffer>\n    flush_mode immediate\n    flush_interval 5s\n  </buffer>\n");
  EXPECT_EQ(error.result.error,
            "fluent.conf:5: 'flush_interval' can't be specified when 'flush_mode' is not "
            "'interval' explicitly: 'immediate'");
}

TEST(BufferOptions, ChunkKeyRules) {
  auto many = read_config("  <buffer tag,a,b,c>\n  </buffer>\n");
  EXPECT_THAT(ok(many).keys.record_keys, ElementsAre("a", "b", "c"));
  EXPECT_THAT(many.result.warnings,
              ElementsAre("fluent.conf:3: many chunk keys specified, and it may cause too many "
                          "chunks on your system."));
  auto three = read_config("  <buffer time,tag,a,b>\n    timekey 60\n  </buffer>\n");
  EXPECT_THAT(three.result.warnings, IsEmpty());  // `time` does not count

  auto invalid = read_config("  <buffer a/b>\n  </buffer>\n");
  EXPECT_EQ(invalid.result.error, "fluent.conf:3: chunk_keys specification includes invalid char");
  auto bracket = read_config("  <buffer $['a']>\n  </buffer>\n");
  EXPECT_EQ(bracket.result.error, "fluent.conf:3: in chunk_keys: bracket notation is not allowed");
  auto dup = read_config("  <buffer host,host, tag>\n  </buffer>\n");
  EXPECT_THAT(ok(dup).keys.record_keys, ElementsAre("host"));
  EXPECT_TRUE(ok(dup).keys.tag);
}

TEST(BufferOptions, UnsupportedTypesAndCompression) {
  auto single = read_config("  <buffer>\n    @type file_single\n  </buffer>\n");
  EXPECT_THAT(single.result.error,
              AllOf(StartsWith("fluent.conf:4: "), HasSubstr("'file_single' is not supported"),
                    HasSubstr("@type file")));
  auto unknown = read_config("  <buffer>\n    @type redis\n  </buffer>\n");
  EXPECT_EQ(unknown.result.error,
            "fluent.conf:4: Unknown buffer plugin 'redis': Ferry has memory and file");
  auto zstd = read_config("  <buffer>\n    compress zstd\n  </buffer>\n");
  EXPECT_THAT(zstd.result.error,
              AllOf(StartsWith("fluent.conf:4: "), HasSubstr("zstd is not supported")));
  auto as_int = read_config("  time_as_integer true\n");
  EXPECT_THAT(as_int.result.error, AllOf(StartsWith("fluent.conf:3: "),
                                         HasSubstr("time_as_integer true is not supported")));
  EXPECT_TRUE(read_config("  time_as_integer false\n").result.options);
}

TEST(BufferOptions, FileOnlyParametersOnAMemoryBufferWarn) {
  auto c = read_config("  <buffer>\n    path /tmp/x\n    fsync never\n  </buffer>\n");
  EXPECT_THAT(c.result.warnings,
              ElementsAre("fluent.conf:4: parameter 'path' in <buffer> is not used (it is for "
                          "@type file)",
                          "fluent.conf:5: parameter 'fsync' in <buffer> is not used (it is for "
                          "@type file)"));
}

TEST(BufferOptions, FsyncAndPermissions) {
  TempDir dir;
  auto c = read_config("  <buffer>\n    @type file\n    path " + dir.path().string() +
                       "\n    fsync commit\n    file_permission 0600\n    dir_permission 0700\n"
                       "  </buffer>\n");
  EXPECT_EQ(ok(c).fsync, FsyncPolicy::kOnCommit);
  EXPECT_EQ(ok(c).file_permission, 0600u);
  EXPECT_EQ(ok(c).dir_permission, 0700u);
  auto never = read_config("  <buffer>\n    @type file\n    path " + dir.path().string() +
                           "\n    fsync never\n  </buffer>\n");
  EXPECT_EQ(ok(never).fsync, FsyncPolicy::kNever);
  auto bad = read_config("  <buffer>\n    @type file\n    path " + dir.path().string() +
                         "\n    file_permission rw-r--r--\n  </buffer>\n");
  EXPECT_THAT(bad.result.error, AllOf(StartsWith("fluent.conf:6: "), HasSubstr("octal")));
  auto bad_fsync = read_config("  <buffer>\n    fsync always\n  </buffer>\n");
  EXPECT_FALSE(bad_fsync.directive);  // the table's enum refuses it at validation
  EXPECT_THAT(bad_fsync.diagnostics, ElementsAre(HasSubstr("fluent.conf:4")));
}

TEST(BufferOptions, FilePathDefaultsUnderRootDir) {
  TempDir root;
  auto c = read_config("  <buffer>\n    @type file\n  </buffer>\n", {}, true, "out1",
                       root.path().string());
  EXPECT_EQ(ok(c).path, (root.path() / "worker0" / "out1" / "buffer").string());
  EXPECT_EQ(ok(c).location.dir, root.path() / "worker0" / "out1" / "buffer");
  EXPECT_EQ(ok(c).location.prefix, "buffer.");

  auto no_id =
      read_config("  <buffer>\n    @type file\n  </buffer>\n", {}, true, "", root.path().string());
  EXPECT_THAT(no_id.result.error,
              AllOf(StartsWith("fluent.conf:3: "),
                    HasSubstr("buffer path is not configured. specify 'path' in <buffer>"),
                    HasSubstr("root_dir"), HasSubstr("@id")));
}

TEST(BufferOptions, ResolveFileLocation) {
  TempDir dir;
  const std::string d = dir.path().string();
  // An existing directory, and a new path without ".*": a directory.
  FileChunkLocation a = resolve_file_location(d, ".log");
  EXPECT_EQ(a.dir, dir.path());
  EXPECT_EQ(a.prefix, "buffer.");
  EXPECT_EQ(a.suffix, ".log");
  FileChunkLocation b = resolve_file_location(d + "/new/buf", ".data");
  EXPECT_EQ(b.dir, dir.path() / "new" / "buf");
  EXPECT_EQ(b.suffix, ".data");
  // A pattern with ".*." as is.
  FileChunkLocation c = resolve_file_location(d + "/app.*.buf", ".log");
  EXPECT_EQ(c.dir, dir.path());
  EXPECT_EQ(c.prefix, "app.");
  EXPECT_EQ(c.suffix, ".buf");
  // Ending in ".*": the suffix is appended.
  FileChunkLocation e = resolve_file_location(d + "/app.*", ".log");
  EXPECT_EQ(e.prefix, "app.");
  EXPECT_EQ(e.suffix, ".log");
  // An existing file: "<path>.*<suffix>" next to it.
  testing::write_bytes(dir.path() / "existing", "x");
  FileChunkLocation f = resolve_file_location(d + "/existing", ".log");
  EXPECT_EQ(f.dir, dir.path());
  EXPECT_EQ(f.prefix, "existing.");
  EXPECT_EQ(f.suffix, ".log");
  ChunkId id = ChunkId::generate();
  EXPECT_EQ(f.chunk_path(ChunkState::kStaged, id).filename().string(),
            "existing.b" + id.hex() + ".log");
}

TEST(BufferOptions, TwoOutputsCannotShareABufferPath) {
  TempDir dir;
  const std::string d = dir.path().string();
  std::map<std::string, std::string> taken;
  auto first = read_config("  <buffer>\n    @type file\n    path " + d + "\n  </buffer>\n");
  auto same = read_config("  <buffer>\n    @type file\n    path " + d + "/./\n  </buffer>\n");
  auto other = read_config("  <buffer>\n    @type file\n    path " + d + "/x.*\n  </buffer>\n");
  EXPECT_EQ(claim_buffer_path(taken, ok(first), "kafka2"), "");
  EXPECT_EQ(claim_buffer_path(taken, ok(other), "file"), "");
  EXPECT_EQ(claim_buffer_path(taken, ok(same), "file"),
            "Other 'kafka2' plugin already use same buffer path: type = file, buffer path = " + d +
                "/./");
  EXPECT_EQ(claim_buffer_path(taken, ok(read_config("")), "stdout"), "");  // memory
}

TEST(BufferOptions, PluginDefaultsApplyUnderTheUsersValues) {
  TempDir root;
  PluginBufferDefaults defaults{"@type file\nchunk_keys time\ntimekey 86400\nflush_mode interval"};
  auto plain = read_config("", defaults, true, "file1", root.path().string());
  const BufferOptions& o = ok(plain);
  EXPECT_EQ(o.type, BufferType::kFile);
  EXPECT_TRUE(o.keys.time);
  EXPECT_EQ(o.timekey, 86400);
  EXPECT_EQ(o.flush_mode, FlushMode::kInterval);
  EXPECT_FALSE(o.flush_at_shutdown);

  auto user =
      read_config("  <buffer tag>\n    @type memory\n    flush_mode lazy\n  </buffer>\n", defaults);
  const BufferOptions& u = ok(user);
  EXPECT_EQ(u.type, BufferType::kMemory);
  EXPECT_TRUE(u.keys.tag);
  EXPECT_FALSE(u.keys.time);  // the argument replaces the default keys
  EXPECT_EQ(u.flush_mode, FlushMode::kLazy);

  auto empty_arg = read_config("  <buffer>\n    timekey 1h\n  </buffer>\n", defaults, true, "file1",
                               root.path().string());
  EXPECT_TRUE(ok(empty_arg).keys.time);  // an empty argument keeps the default keys
  EXPECT_EQ(ok(empty_arg).timekey, 3600);

  auto bug = read_config("", PluginBufferDefaults{"chunk_limit 5"});
  EXPECT_THAT(bug.result.error, HasSubstr("plugin bug"));
  auto bad_value = read_config("", PluginBufferDefaults{"flush_mode sometimes"});
  EXPECT_THAT(bad_value.result.error, HasSubstr("plugin bug"));
}

TEST(BufferOptions, LegacyFlatNamesBecomeABuffer) {
  TempDir dir;
  auto c = read_config(
      "  buffer_type file\n  buffer_path " + dir.path().string() +
      "/legacy.*\n  buffer_chunk_limit 1m\n  buffer_queue_limit 10\n"
      "  buffer_queue_full_action exception\n  num_threads 4\n  retry_limit 5\n"
      "  max_retry_wait 30s\n  disable_retry_limit true\n  flush_interval 5s\n"
      "  try_flush_interval 2\n  queued_chunk_flush_interval 3\n  flush_at_shutdown true\n"
      "  time_slice_format %Y%m%d%H\n  time_slice_wait 1m\n  timezone +0900\n");
  const BufferOptions& o = ok(c);
  EXPECT_EQ(o.type, BufferType::kFile);
  EXPECT_EQ(o.location.dir, dir.path());
  EXPECT_EQ(o.location.prefix, "legacy.");
  EXPECT_EQ(o.location.suffix, ".log");
  EXPECT_EQ(o.chunk_limit_size, kMiB);
  EXPECT_EQ(o.total_limit_size, 10 * kMiB);
  EXPECT_EQ(o.overflow_action, OverflowAction::kThrowException);
  EXPECT_EQ(o.flush_thread_count, 4u);
  EXPECT_EQ(o.queued_chunks_limit_size, 4u);
  EXPECT_EQ(o.retry.max_times, 5u);
  EXPECT_EQ(o.retry.max_interval, 30);
  EXPECT_TRUE(o.retry.forever);
  EXPECT_EQ(o.flush_mode, FlushMode::kInterval);
  EXPECT_DOUBLE_EQ(o.flush_interval, 5);
  EXPECT_DOUBLE_EQ(o.flush_thread_interval, 2);
  EXPECT_DOUBLE_EQ(o.flush_thread_burst_interval, 3);
  EXPECT_TRUE(o.flush_at_shutdown);
  EXPECT_TRUE(o.keys.time);
  EXPECT_EQ(o.timekey, 3600);
  EXPECT_EQ(o.timekey_wait, 60);
  EXPECT_EQ(o.timekey_utc_offset, 9 * 3600);
  EXPECT_THAT(c.result.warnings, IsEmpty());
}

TEST(BufferOptions, LegacyTimeSliceRules) {
  EXPECT_EQ(ok(read_config("  time_slice_format %Y%m%d%H%M\n")).timekey, 60);
  EXPECT_EQ(ok(read_config("  time_slice_format %Y%m%d-%S\n")).timekey, 1);
  EXPECT_EQ(ok(read_config("  time_slice_format %Y%m%d\n")).timekey, 86400);
  auto too_long = read_config("  time_slice_format %Y%m\n");
  EXPECT_EQ(too_long.result.error,
            "fluent.conf:3: time_slice_format only with %Y or %m is too long");
  auto utc = read_config("  time_slice_format %Y%m%d\n  utc\n");
  EXPECT_TRUE(ok(utc).timekey_use_utc);
  auto local = read_config("  time_slice_format %Y%m%d\n  localtime false\n");
  EXPECT_TRUE(ok(local).timekey_use_utc);
  auto both = read_config("  time_slice_format %Y%m%d\n  localtime true\n  utc true\n");
  EXPECT_THAT(both.result.error,
              HasSubstr("both of utc and localtime are specified, use only one of them"));
  // The time key replaces the plugin's default keys.
  auto replaced =
      read_config("  time_slice_format %Y%m%d\n", PluginBufferDefaults{"chunk_keys tag"});
  EXPECT_TRUE(ok(replaced).keys.time);
  EXPECT_FALSE(ok(replaced).keys.tag);
  // Without time_slice_format the plugin's default keys and timekey stay.
  auto file_like = read_config("  buffer_chunk_limit 1m\n",
                               PluginBufferDefaults{"chunk_keys time\ntimekey 3600"});
  EXPECT_EQ(ok(file_like).timekey, 3600);
}

TEST(BufferOptions, LegacyValueErrorsNameTheFlatParameter) {
  auto c = read_config("  buffer_queue_full_action explode\n");
  EXPECT_THAT(c.result.error, AllOf(StartsWith("fluent.conf:3: "), HasSubstr("overflow_action"),
                                    HasSubstr("explode")));
}

TEST(BufferOptions, LegacyNamesAreIgnoredNextToABufferSection) {
  auto c = read_config("  buffer_chunk_limit 1m\n  <buffer>\n  </buffer>\n");
  EXPECT_EQ(ok(c).chunk_limit_size, 8 * kMiB);
  EXPECT_THAT(c.result.warnings,
              ElementsAre(AllOf(StartsWith("fluent.conf:3: "),
                                HasSubstr("parameter 'buffer_chunk_limit' is not used"))));
}

TEST(BufferOptions, TypeErrorsInTheSectionAreValidationErrors) {
  auto c = read_config("  <buffer>\n    chunk_limit_size lots\n  </buffer>\n");
  EXPECT_FALSE(c.directive);
  EXPECT_THAT(c.diagnostics, ElementsAre(HasSubstr("fluent.conf:4")));
  auto threads = read_config("  <buffer>\n    flush_thread_count 0\n  </buffer>\n");
  EXPECT_FALSE(threads.directive);
}

}  // namespace
}  // namespace ferry::buffer
