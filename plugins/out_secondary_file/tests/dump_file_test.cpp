// out_secondary_file's dump files: Fluentd's generate_path naming (first
// free `.N` from 0, or one file with append), `.gz` members, directories
// created, permissions, and I/O errors that leave nothing behind.
#include "dump_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "../../out_file/tests/gunzip.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::secondary_file {
namespace {

namespace fs = std::filesystem;

class DumpFileTest : public ::testing::Test {
 protected:
  std::string dump(const std::string& base, std::string_view body, DumpOptions o = {}) {
    std::string error;
    std::string path = write_dump(base, body, o, &error);
    EXPECT_NE(path, "") << error;
    return path;
  }
  std::vector<std::string> names(const std::string& sub = "") const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_.file(sub)))
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir_.file(sub)).string());
    std::sort(out.begin(), out.end());
    return out;
  }
  static unsigned mode_of(const std::string& path) {
    struct stat st;
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  }

  test::TempDir dir_{"ferry-secondary-file-"};
};

TEST_F(DumpFileTest, EachChunkGetsTheFirstFreeIndexFromZero) {
  const std::string base = dir_.file("dump.bin");
  EXPECT_EQ(dump(base, "one"), base + ".0");
  EXPECT_EQ(dump(base, "two"), base + ".1");
  EXPECT_EQ(test::read_file(base + ".0"), "one");
  EXPECT_EQ(test::read_file(base + ".1"), "two");
  // A gap is filled first: the first N whose file does not exist.
  fs::remove(base + ".0");
  EXPECT_EQ(dump(base, "three"), base + ".0");
  EXPECT_EQ(dump(base, "four"), base + ".2");
  EXPECT_EQ(test::read_file(base + ".1"), "two");  // never written again
}

TEST_F(DumpFileTest, AppendWritesEveryChunkToOneFile) {
  const std::string base = dir_.file("dump.bin");
  DumpOptions o;
  o.append = true;
  EXPECT_EQ(dump(base, "one", o), base);
  EXPECT_EQ(dump(base, "two", o), base);
  EXPECT_EQ(test::read_file(base), "onetwo");
  EXPECT_EQ(names(), std::vector<std::string>{"dump.bin"});
}

TEST_F(DumpFileTest, GzipAddsTheSuffixAndOneMemberPerChunk) {
  const std::string base = dir_.file("dump.bin");
  DumpOptions o;
  o.compression = Compression::kGzip;
  // Larger than one compression slice, not compressible to nothing.
  std::string big;
  for (int i = 0; big.size() < 1500 * 1024; ++i) big += std::to_string(i * 7919) + ",";
  EXPECT_EQ(dump(base, big, o), base + ".0.gz");
  unsigned members = 0;
  EXPECT_EQ(test::gunzip_all(test::read_file(base + ".0.gz"), &members), big);
  EXPECT_EQ(members, 1u);
  o.append = true;
  EXPECT_EQ(dump(base, "one", o), base + ".gz");
  EXPECT_EQ(dump(base, "", o), base + ".gz");
  EXPECT_EQ(dump(base, "two", o), base + ".gz");
  EXPECT_EQ(test::gunzip_all(test::read_file(base + ".gz"), &members), "onetwo");
  EXPECT_EQ(members, 3u);
}

TEST_F(DumpFileTest, MissingDirectoriesAreCreatedWithTheirPermissions) {
  const mode_t old = ::umask(0);
  DumpOptions o;
  EXPECT_EQ(dump(dir_.file("a/b/dump.bin"), "x", o), dir_.file("a/b/dump.bin.0"));
  EXPECT_EQ(mode_of(dir_.file("a")), 0755u);
  EXPECT_EQ(mode_of(dir_.file("a/b")), 0755u);
  EXPECT_EQ(mode_of(dir_.file("a/b/dump.bin.0")), 0644u);
  o.file_mode = 0600;
  o.dir_mode = 0700;
  dump(dir_.file("c/dump.bin"), "x", o);
  EXPECT_EQ(mode_of(dir_.file("c")), 0700u);
  EXPECT_EQ(mode_of(dir_.file("c/dump.bin.0")), 0600u);
  ::umask(old);
}

TEST_F(DumpFileTest, AnIoErrorReportsWhyAndLeavesNothing) {
  test::write_file(dir_.file("file"), "not a directory");
  std::string error;
  EXPECT_EQ(write_dump(dir_.file("file/sub/dump.bin"), "x", {}, &error), "");
  EXPECT_NE(error.find("cannot create directory " + dir_.file("file/sub")), std::string::npos)
      << error;
  fs::create_directories(dir_.file("d/dump.bin.0"));  // a directory where the file goes
  DumpOptions o;
  o.append = true;
  error.clear();
  EXPECT_EQ(write_dump(dir_.file("d/dump.bin.0"), "x", o, &error), "");
  EXPECT_NE(error.find("cannot open " + dir_.file("d/dump.bin.0")), std::string::npos) << error;
  EXPECT_EQ(names(), std::vector<std::string>{"file"});
}

TEST_F(DumpFileTest, WritableLikeFluentdsWritableP) {
  EXPECT_TRUE(writable_p(dir_.file("dump.bin")));
  EXPECT_TRUE(writable_p(dir_.file("x/y/z/dump.bin")));  // mkdir -p will make them
  EXPECT_FALSE(writable_p(dir_.path()));                 // a directory
  test::write_file(dir_.file("f"), "");
  EXPECT_TRUE(writable_p(dir_.file("f")));
  EXPECT_FALSE(writable_p(dir_.file("f/dump.bin")));  // its nearest ancestor is a file
}

TEST_F(DumpFileTest, JoinLikeRubysFileJoin) {
  EXPECT_EQ(join_path("/var/dump", "dump.bin"), "/var/dump/dump.bin");
  EXPECT_EQ(join_path("/var/dump/", "dump.bin"), "/var/dump/dump.bin");
  EXPECT_EQ(join_path("", "dump.bin"), "/dump.bin");
}

}  // namespace
}  // namespace ferry::secondary_file
