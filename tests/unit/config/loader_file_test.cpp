// load_config_file / load_config_text: reading, dispatch, structure checks.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "config/loader.hpp"
#include "v1_test_support.hpp"

namespace ferry::config {
namespace {

namespace fs = std::filesystem;
using testing::all_messages;

class Loader : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ferry-loader-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(Loader, MissingFileIsOneClearError) {
  Diagnostics diag;
  std::string path = (dir_ / "nope.conf").string();
  Element root = load_config_file(path, testing::test_options(), diag);
  ASSERT_EQ(diag.error_count(), 1u);
  EXPECT_EQ(Diagnostics::format(diag.items()[0]),
            path + ": error: cannot read config file " + path + ": No such file or directory");
  EXPECT_EQ(root.name, "ROOT");
  EXPECT_TRUE(root.children.empty());
}

TEST_F(Loader, DirectoryIsAnError) {
  Diagnostics diag;
  load_config_file(dir_.string(), testing::test_options(), diag);
  ASSERT_EQ(diag.error_count(), 1u);
  EXPECT_NE(diag.items()[0].message.find("Is a directory"), std::string::npos);
}

TEST_F(Loader, ParsesAndChecksStructure) {
  std::string path = write("fluent.conf",
                           "\xEF\xBB\xBF<source>\n  @type sample\n  tag app\n</source>\n"
                           "<match app.**>\n</match>\n");
  Diagnostics diag;
  Element root = load_config_file(path, testing::test_options(), diag);
  EXPECT_EQ(root.name, "ROOT");
  EXPECT_EQ(root.where.file, path);
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].get("tag"), "app");  // the byte order mark is dropped
  EXPECT_EQ(all_messages(diag), path +
                                    ":5:1: error: Missing '@type' parameter on <match> directive: "
                                    "`<match app.**>`\n");
}

// The recorded compat case cfgerr_syntax_unclosed_section, from a file.
TEST_F(Loader, UnclosedSectionCompatCase) {
  std::string path = write("fluent.conf",
                           "<source>\n  @type http\n  bind 127.0.0.1\n  port 39880\n</source>\n\n"
                           "<match app.**>\n  @type stdout\n");
  Diagnostics diag;
  load_config_file(path, testing::test_options(), diag);
  ASSERT_EQ(diag.error_count(), 1u) << all_messages(diag);
  EXPECT_EQ(diag.items()[0].where.str(), path + ":8:15");
  EXPECT_EQ(diag.items()[0].message.rfind("expected end tag '</match>' but got end of file", 0),
            0u);
}

TEST_F(Loader, TextWithFileNameAndBaseDir) {
  write("inc.conf", "<match **>\n  @type null\n</match>\n");
  Diagnostics diag;
  Element root = load_config_text("<source>\n  @type sample\n</source>\n@include inc.conf\n",
                                  "<inline>", dir_.string(), testing::test_options(), diag);
  EXPECT_FALSE(diag.has_errors()) << all_messages(diag);
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].where.str(), "<inline>:1:1");
}

TEST_F(Loader, TextErrorsAndStructureErrorsTogether) {
  Diagnostics diag;
  load_config_text("<source>\n  x \"\\d\"\n</source>\n", "cli", ".", testing::test_options(), diag);
  EXPECT_EQ(diag.error_count(), 2u) << all_messages(diag);
}

TEST_F(Loader, YamlFilesGoToTheYamlFrontEnd) {
  std::string path = write("fluent.yaml",
                           "config:\n  - source:\n      $type: sample\n      tag: app\n"
                           "  - match:\n      $tag: app.**\n      $type: stdout\n");
  Diagnostics diag;
  Element root = load_config_file(path, testing::test_options(), diag);
  EXPECT_FALSE(diag.has_errors()) << all_messages(diag);
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].name, "source");
  EXPECT_EQ(root.children[0].get("@type"), "sample");
  EXPECT_EQ(root.children[1].arg, "app.**");
}

}  // namespace
}  // namespace ferry::config
