// out_file's path template (Fluentd's generate_path_template and
// timekey_to_timeformat) and the `_N` index.
#include "file_naming.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ferry::out_file {
namespace {

PathSpec spec(std::string path, std::optional<int64_t> timekey, bool append = false) {
  PathSpec s;
  s.path = std::move(path);
  s.timekey = timekey;
  s.append = append;
  s.path_suffix = ".log";
  return s;
}

TEST(TimeSliceFormat, FollowsTimekeyGranularity) {
  EXPECT_EQ(time_slice_format_for(std::nullopt), "");
  EXPECT_EQ(time_slice_format_for(1), "%Y%m%d%H%M%S");
  EXPECT_EQ(time_slice_format_for(59), "%Y%m%d%H%M%S");
  EXPECT_EQ(time_slice_format_for(60), "%Y%m%d%H%M");
  EXPECT_EQ(time_slice_format_for(3599), "%Y%m%d%H%M");
  EXPECT_EQ(time_slice_format_for(3600), "%Y%m%d%H");
  EXPECT_EQ(time_slice_format_for(86399), "%Y%m%d%H");
  EXPECT_EQ(time_slice_format_for(86400), "%Y%m%d");
  EXPECT_EQ(time_slice_format_for(7 * 86400), "%Y%m%d");
}

TEST(PathTemplate, BarePathGetsSliceIndexAndSuffix) {
  EXPECT_EQ(path_template(spec("/var/log/out", 86400)), "/var/log/out.%Y%m%d_**.log");
  EXPECT_EQ(path_template(spec("/var/log/out", 3600)), "/var/log/out.%Y%m%d%H_**.log");
  EXPECT_EQ(path_template(spec("/var/log/out", 60)), "/var/log/out.%Y%m%d%H%M_**.log");
  EXPECT_EQ(path_template(spec("/var/log/out", 1)), "/var/log/out.%Y%m%d%H%M%S_**.log");
}

TEST(PathTemplate, AppendHasNoIndex) {
  EXPECT_EQ(path_template(spec("/var/log/out", 86400, true)), "/var/log/out.%Y%m%d.log");
  EXPECT_EQ(path_template(spec("/var/log/out.*.txt", 3600, true)), "/var/log/out.%Y%m%d%H.txt");
}

TEST(PathTemplate, StarIsReplacedAndNoSuffixAdded) {
  EXPECT_EQ(path_template(spec("/var/log/out.*", 86400)), "/var/log/out.%Y%m%d_**");
  EXPECT_EQ(path_template(spec("/var/log/out.*.data", 60)), "/var/log/out.%Y%m%d%H%M_**.data");
  // Every `*` is replaced (Fluentd's gsub).
  EXPECT_EQ(path_template(spec("/l/*/x.*", 86400, true)), "/l/%Y%m%d/x.%Y%m%d");
}

TEST(PathTemplate, StarWithoutTimeKeyIsAConfigError) {
  try {
    path_template(spec("/var/log/out.*", std::nullopt));
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "path including '*' must be used with buffer chunk key 'time'");
  }
}

TEST(PathTemplate, PathWithStrftimePartsPlacesTheTimeItself) {
  EXPECT_EQ(path_template(spec("/l/%Y/%m/%d/app", 86400)), "/l/%Y/%m/%d/app_**.log");
  EXPECT_EQ(path_template(spec("/l/%Y%m%d%H", 3600, true)), "/l/%Y%m%d%H.log");
  // Coarser than the timekey needs: Fluentd's error.
  EXPECT_THROW(path_template(spec("/l/%Y%m%d", 3600)), std::invalid_argument);
  try {
    path_template(spec("/l/%Y/app", 86400));
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "insufficient timestamp placeholders in path");
  }
}

TEST(PathTemplate, WithoutTimeKeyOnlyIndexAndSuffix) {
  EXPECT_EQ(path_template(spec("/l/${tag}/out", std::nullopt)), "/l/${tag}/out_**.log");
  EXPECT_EQ(path_template(spec("/l/${tag}/out", std::nullopt, true)), "/l/${tag}/out.log");
}

TEST(PathTemplate, SuffixAndCompression) {
  PathSpec s = spec("/l/out", 86400, true);
  s.path_suffix = "";  // add_path_suffix false
  EXPECT_EQ(path_template(s), "/l/out.%Y%m%d");
  s.path_suffix = ".txt";
  s.compression_suffix = ".gz";
  EXPECT_EQ(path_template(s), "/l/out.%Y%m%d.txt.gz");
  s.path = "/l/out.*";
  EXPECT_EQ(path_template(s), "/l/out.%Y%m%d.gz");
}

TEST(PathTemplate, LegacyTimeSliceFormatWins) {
  PathSpec s = spec("/l/out", 3600);
  s.time_slice_format = "%Y-%m-%d-%H";
  EXPECT_EQ(path_template(s), "/l/out.%Y-%m-%d-%H_**.log");
  s.path = "/l/out.*.log";
  EXPECT_EQ(path_template(s), "/l/out.%Y-%m-%d-%H_**.log");
}

TEST(IndexedPath, ReplacesTheFirstPlaceholderOnly) {
  EXPECT_EQ(indexed_path("/l/out.20240101_**.log", 0), "/l/out.20240101_0.log");
  EXPECT_EQ(indexed_path("/l/out.20240101_**.log", 12), "/l/out.20240101_12.log");
  EXPECT_EQ(indexed_path("/l/a_**/b_**", 3), "/l/a_3/b_**");
  EXPECT_EQ(indexed_path("/l/out.log", 3), "/l/out.log");
}

TEST(ProbePath, DummyValuesAndTheCurrentTime) {
  format::CivilTime now;
  format::civil_from_epoch(1700000000, 0, now);  // 2023-11-14 22:13:20 UTC
  EXPECT_EQ(probe_path("/l/${tag}/${host}/out.%Y%m%d_**.log", now),
            "/l/a/data/out.20231114_**.log");
  EXPECT_EQ(probe_path("/l/${tag[1]}/x", now), "/l/a/x");
  EXPECT_EQ(probe_path("/l/${unclosed", now), "/l/${unclosed");
}

const char* kNoBufferWarning =
    "default timekey interval (1d) will be used because of missing <buffer> section. To change "
    "the output frequency, please modify the timekey value";
const char* kNoTimekeyWarning =
    "default timekey interval (1d) will be used. To change the output frequency, please modify "
    "the timekey value";

TEST(DefaultTimekeyWarning, WithoutBufferSection) {
  EXPECT_EQ(default_timekey_warning({}), kNoBufferWarning);
  // Legacy flat buffer parameters make compat_parameters write a <buffer
  // time> with timekey 1d: no warning.
  BufferView legacy;
  legacy.legacy_buffer_params = true;
  EXPECT_EQ(default_timekey_warning(legacy), "");
}

TEST(DefaultTimekeyWarning, BufferSectionWithoutTimekey) {
  BufferView b;
  b.has_section = true;
  EXPECT_EQ(default_timekey_warning(b), kNoTimekeyWarning);
  b.arg = "tag";  // warned even without a `time` key, as Fluentd does
  EXPECT_EQ(default_timekey_warning(b), kNoTimekeyWarning);
  b.arg = " [] ";
  EXPECT_EQ(default_timekey_warning(b), "");
  b.arg = "time";
  b.timekey_written = true;
  EXPECT_EQ(default_timekey_warning(b), "");
}

TEST(SliceClasses, MatchTheTimeSliceFormats) {
  for (const SliceClass& c : kSliceClasses) {
    EXPECT_EQ(time_slice_format_for(c.min_timekey), c.format);
    if (c.min_timekey > 1) {
      EXPECT_NE(time_slice_format_for(c.min_timekey - 1), c.format);
    }
  }
}

TEST(Dirname, OfPaths) {
  EXPECT_EQ(dirname_of("/a/b/c"), "/a/b");
  EXPECT_EQ(dirname_of("/a"), "/");
  EXPECT_EQ(dirname_of("a"), ".");
}

}  // namespace
}  // namespace ferry::out_file
