// Writing one chunk's text to its file: append or first free _N, gzip
// members, undo on failure, permissions.
#include "file_sink.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gunzip.hpp"
#include "temp_dir.hpp"

namespace ferry::out_file {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void put(FileSink& sink, std::string_view expanded, bool append, std::string_view text) {
  std::string error;
  ASSERT_TRUE(sink.open(expanded, append, &error)) << error;
  ASSERT_TRUE(sink.write(text, &error)) << error;
  ASSERT_TRUE(sink.finish(&error)) << error;
}

TEST(FileSink, AppendGrowsOneFile) {
  test::TempDir dir;
  FileSink sink(Compression::kText, {});
  const std::string path = dir.file("out.20240101.log");
  put(sink, path, true, "a\n");
  EXPECT_EQ(sink.path(), path);
  put(sink, path, true, "b\n");
  EXPECT_EQ(slurp(path), "a\nb\n");
}

TEST(FileSink, WithoutAppendTakesTheFirstFreeIndex) {
  test::TempDir dir;
  FileSink sink(Compression::kText, {});
  const std::string tmpl = dir.file("out.20240101_**.log");
  put(sink, tmpl, false, "one\n");
  EXPECT_EQ(sink.path(), dir.file("out.20240101_0.log"));
  put(sink, tmpl, false, "two\n");
  EXPECT_EQ(sink.path(), dir.file("out.20240101_1.log"));
  // A gap is filled first: the first index whose file does not exist.
  std::filesystem::remove(dir.file("out.20240101_0.log"));
  put(sink, tmpl, false, "three\n");
  EXPECT_EQ(sink.path(), dir.file("out.20240101_0.log"));
  EXPECT_EQ(slurp(dir.file("out.20240101_0.log")), "three\n");
  EXPECT_EQ(slurp(dir.file("out.20240101_1.log")), "two\n");
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.20240101_2.log")));
}

TEST(FileSink, CreatesMissingDirectoriesWithDirPermission) {
  test::TempDir dir;
  ::umask(022);
  FileSink sink(Compression::kText, {0640, 0750});
  put(sink, dir.file("a/b/out.log"), true, "x\n");
  struct stat st;
  ASSERT_EQ(::stat(dir.file("a/b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u);
  ASSERT_EQ(::stat(dir.file("a/b/out.log").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(FileSink, GzipWritesOneMemberPerChunk) {
  test::TempDir dir;
  FileSink sink(Compression::kGzip, {});
  const std::string path = dir.file("out.log.gz");
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "line " + std::to_string(i) + "\n";
  put(sink, path, true, "first\n");
  std::string error;
  ASSERT_TRUE(sink.open(path, true, &error)) << error;
  // Written in pieces, still one member.
  ASSERT_TRUE(sink.write(std::string_view(big).substr(0, 1000), &error));
  ASSERT_TRUE(sink.write(std::string_view(big).substr(1000), &error));
  ASSERT_TRUE(sink.finish(&error)) << error;
  const std::string raw = slurp(path);
  ASSERT_GE(raw.size(), 2u);
  EXPECT_EQ(uint8_t(raw[0]), 0x1f);
  EXPECT_EQ(uint8_t(raw[1]), 0x8b);
  unsigned members = 0;
  EXPECT_EQ(test::gunzip_all(raw, &members), "first\n" + big);
  EXPECT_EQ(members, 2u);
}

TEST(FileSink, AbandonUndoesTheWrite) {
  test::TempDir dir;
  FileSink sink(Compression::kText, {});
  const std::string path = dir.file("out.log");
  put(sink, path, true, "kept\n");
  std::string error;
  ASSERT_TRUE(sink.open(path, true, &error));
  ASSERT_TRUE(sink.write("half a chu", &error));
  sink.abandon();
  EXPECT_EQ(slurp(path), "kept\n");
  // A new _N file is removed, so the retry takes the same index.
  ASSERT_TRUE(sink.open(dir.file("n_**.log"), false, &error));
  ASSERT_TRUE(sink.write("partial", &error));
  sink.abandon();
  EXPECT_FALSE(std::filesystem::exists(dir.file("n_0.log")));
}

TEST(FileSink, IoErrorsAreReported) {
  test::TempDir dir;
  std::ofstream(dir.file("plain")) << "x";
  FileSink sink(Compression::kText, {});
  std::string error;
  EXPECT_FALSE(sink.open(dir.file("plain/sub/out.log"), true, &error));
  EXPECT_NE(error.find("cannot create directory " + dir.file("plain/sub")), std::string::npos)
      << error;
  error.clear();
  EXPECT_FALSE(sink.open("/dev/full", true, &error) && sink.write("x", &error) &&
               sink.finish(&error));
  EXPECT_NE(error.find("/dev/full"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferry::out_file
