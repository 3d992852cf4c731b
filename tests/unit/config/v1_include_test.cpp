// @include (fluentd-compat.md 1.4, v1_parser.rb eval_include).
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

class V1Include : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ferry-include-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& rel, const std::string& content) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }

  testing::Parsed parse_main(const std::string& text) {
    write("main.conf", text);
    testing::Parsed p;
    p.root.name = "ROOT";
    std::string file = (dir_ / "main.conf").string();
    parse_v1(text, file, dir_.string(), testing::test_options(), p.root, p.diag);
    return p;
  }

  fs::path dir_;
};

TEST_F(V1Include, TopLevelRelativeToTheIncludingFile) {
  write("conf.d/a.conf", "<source>\n  @type a\n</source>\n");
  auto p = parse_main("@include conf.d/a.conf\n<match **>\n  @type null\n</match>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  ASSERT_EQ(p.root.children.size(), 2u);
  EXPECT_EQ(p.root.children[0].get("@type"), "a");
  // Locations name the included file.
  EXPECT_EQ(p.root.children[0].where.str(), (dir_ / "conf.d/a.conf").string() + ":1:1");
}

TEST_F(V1Include, NestedIncludesResolveAgainstTheirOwnDirectory) {
  write("conf.d/a.conf", "@include sub/b.conf\n");
  write("conf.d/sub/b.conf", "from_b 1\n");
  auto p = parse_main("@include conf.d/a.conf\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.get("from_b"), "1");
}

TEST_F(V1Include, GlobMatchesInSortedOrder) {
  write("conf.d/20-b.conf", "<match b>\n</match>\n");
  write("conf.d/10-a.conf", "<match a>\n</match>\n");
  write("conf.d/30-c.conf", "<match c>\n</match>\n");
  write("conf.d/ignored.txt", "<match x>\n</match>\n");
  auto p = parse_main("<match first>\n</match>\n@include conf.d/*.conf\n<match last>\n</match>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  std::vector<std::string> args;
  for (const auto& c : p.root.children) args.push_back(c.arg);
  EXPECT_EQ(args, (std::vector<std::string>{"first", "a", "b", "c", "last"}));
}

TEST_F(V1Include, InsideASectionSplicesIntoIt) {
  write("buffer.conf", "<buffer>\n  @type memory\n</buffer>\nflush_interval 1s\n");
  auto p = parse_main("<match a>\n  @type file\n  @include buffer.conf\n  path /x\n</match>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  const Element& m = p.root.children[0];
  ASSERT_EQ(m.children.size(), 1u);
  EXPECT_EQ(m.children[0].name, "buffer");
  std::vector<std::string> keys;
  for (const auto& e : m.entries) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"@type", "flush_interval", "path"}));
}

TEST_F(V1Include, QuotedPathWithEmbeddedRuby) {
  write("conf.d/x.conf", "x 1\n");
  auto p = parse_main("@include \"conf.d/#{ENV['NOPE'] || 'x'}.conf\"\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.get("x"), "1");
}

TEST_F(V1Include, AbsoluteAndFileUrlPaths) {
  write("abs.conf", "abs 1\n");
  write("url dir/u.conf", "url 1\n");
  auto p = parse_main("@include " + (dir_ / "abs.conf").string() + "\n@include file://" +
                      (dir_ / "url%20dir/u.conf").string() + "\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.get("abs"), "1");
  EXPECT_EQ(p.root.get("url"), "1");
}

TEST_F(V1Include, MissingFileOrEmptyGlobIncludesNothing) {
  auto p = parse_main("@include nope.conf\n@include none.d/*.conf\nafter 1\n");
  EXPECT_TRUE(p.diag.items().empty()) << all_messages(p.diag);
  EXPECT_EQ(p.root.get("after"), "1");
}

TEST_F(V1Include, BareIncludeAtTopLevelIsDeprecated) {
  write("a.conf", "a 1\n");
  auto p = parse_main("include a.conf\n<source>\n  include not_a_directive\n</source>\n");
  EXPECT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  ASSERT_EQ(p.diag.items().size(), 1u);
  EXPECT_EQ(p.diag.items()[0].severity, Severity::Warning);
  EXPECT_EQ(p.diag.items()[0].message, "'include' is deprecated. Use '@include' instead");
  EXPECT_EQ(p.root.get("a"), "1");
  // Inside a section `include` is an ordinary key, as in Fluentd.
  EXPECT_EQ(p.root.children[0].get("include"), "not_a_directive");
}

TEST_F(V1Include, UrlsAreNotSupported) {
  auto p = parse_main("@include https://example.com/fluent.conf\nafter 1\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  const Diagnostic& d = p.diag.items()[0];
  EXPECT_EQ(d.where.line, 1u);
  EXPECT_NE(d.message.find("@include of a URL is not supported by Ferry"), std::string::npos);
  EXPECT_EQ(d.text, "@include https://example.com/fluent.conf");
  EXPECT_EQ(p.root.get("after"), "1");
}

TEST_F(V1Include, CyclesAreErrors) {
  write("a.conf", "a 1\n@include b.conf\n");
  write("b.conf", "b 1\n@include a.conf\n");
  auto p = parse_main("@include a.conf\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << all_messages(p.diag);
  const Diagnostic& d = p.diag.items()[0];
  EXPECT_EQ(d.where.str(), (dir_ / "b.conf").string() + ":2:10");
  std::string main = (dir_ / "main.conf").string();
  EXPECT_EQ(d.message, "@include cycle: " + main + " -> " + (dir_ / "a.conf").string() + " -> " +
                           (dir_ / "b.conf").string() + " -> " + (dir_ / "a.conf").string());
  EXPECT_EQ(p.root.get("a"), "1");
  EXPECT_EQ(p.root.get("b"), "1");
}

TEST_F(V1Include, SelfIncludeThroughGlobIsACycle) {
  auto p = parse_main("@include *.conf\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_NE(p.diag.items()[0].message.find("@include cycle"), std::string::npos);
}

TEST_F(V1Include, ErrorsInIncludedFilesNameThatFile) {
  write("bad.conf", "<source>\n  x \"\\q\"\n</source>\n");
  auto p = parse_main("@include bad.conf\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].where.str(), (dir_ / "bad.conf").string() + ":2:6");
}

TEST_F(V1Include, UnclosedSectionDoesNotSpanFiles) {
  write("open.conf", "<source>\n");
  auto p = parse_main("@include open.conf\n</source>\n");
  EXPECT_EQ(p.diag.error_count(), 2u) << all_messages(p.diag);
}

TEST_F(V1Include, DirectoryMatchIsAnError) {
  fs::create_directories(dir_ / "adir.conf");
  auto p = parse_main("@include adir.conf\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_NE(p.diag.items()[0].message.find("Is a directory"), std::string::npos);
}

TEST_F(V1Include, IncludeNeedsAPath) {
  auto p = parse_main("@include\n<source>\n  @include\n</source>\n");
  EXPECT_EQ(p.diag.error_count(), 2u) << all_messages(p.diag);
  EXPECT_EQ(p.diag.items()[0].message, "@include needs a file path or glob");
}

TEST_F(V1Include, BackupFilesInAConfGlobWarn) {
  write("conf.d/app.conf", "a 1\n");
  write("conf.d/app.bak.conf", "a 2\n");
  auto p = parse_main("@include conf.d/*.conf\n");
  EXPECT_FALSE(p.diag.has_errors());
  ASSERT_EQ(p.diag.items().size(), 1u);
  EXPECT_EQ(p.diag.items()[0].message,
            "There is a possibility that '@include conf.d/*.conf' includes duplicated backed-up "
            "config file such as <app.bak.conf>");
}

TEST_F(V1Include, LoaderFollowsIncludesRelativeToTheMainFile) {
  write("conf.d/m.conf", "<match **>\n  @type null\n</match>\n");
  write("fluent.conf", "@include conf.d/*.conf\n");
  Diagnostics diag;
  Element root = load_config_file((dir_ / "fluent.conf").string(), testing::test_options(), diag);
  EXPECT_FALSE(diag.has_errors()) << all_messages(diag);
  ASSERT_EQ(root.children.size(), 1u);
  EXPECT_EQ(root.children[0].name, "match");
}

}  // namespace
}  // namespace ferry::config
