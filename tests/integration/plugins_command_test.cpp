// `ferry plugins list` and `ferry plugins describe` (text and JSON).
#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

class PluginsCommandTest : public FerryTest {};

TEST_F(PluginsCommandTest, ListShowsBuiltPluginsAsLoaded) {
  auto r = run({"plugins", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"((^|\n)in_sample\s+\S+\s+loaded\s+/)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"((^|\n)out_stdout\s+\S+\s+loaded\s+/)")))
      << r.out;
}

TEST_F(PluginsCommandTest, ListIncludesExtraPluginDirs) {
  // A file that is not a plugin, in a -p dir: listed as failed, with why.
  write_file(dir_.file("out_broken.so"), "not an ELF file");
  auto r = run({"plugins", "list", "-p", dir_.path()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(out_broken\s+\S+\s+failed)"))) << r.out;
}

TEST_F(PluginsCommandTest, DescribeTextShowsParameters) {
  auto r = run({"plugins", "describe", "in_sample"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* param : {"tag", "rate", "sample", "auto_increment_key"}) {
    EXPECT_TRUE(std::regex_search(r.out, std::regex(std::string(R"((^|\n)\s*)") + param + R"(\b)")))
        << param << "\n"
        << r.out;
  }
  auto by_kind = run({"plugins", "describe", "sample", "--kind", "input"});
  EXPECT_EQ(by_kind.exit_code, 0);
  EXPECT_EQ(by_kind.out, r.out);
}

TEST_F(PluginsCommandTest, DescribeJsonIsMachineReadable) {
  auto r = run({"plugins", "describe", "out_stdout", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.front(), '{') << r.out;
  EXPECT_NE(r.out.find("\"name\":\"stdout\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"kind\":\"output\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"params\":["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"core_sections\":{"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"format\":{\"has_arg\":false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"buffer\":{\"has_arg\":true"), std::string::npos) << r.out;
}

TEST_F(PluginsCommandTest, DescribeUnknownPluginFails) {
  auto r = run({"plugins", "describe", "out_nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE((r.out + r.err).find("Unknown output plugin 'nope'"), std::string::npos)
      << r.out << r.err;
}

}  // namespace
}  // namespace ferry::test
