// The config as the engine reads it: -c file plus -i texts, checked
// together; <worker> refused with its place.
#include "app/config_source.hpp"

#include <gtest/gtest.h>

#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::app {
namespace {

TEST(ConfigSource, InlineConfigIsAppendedAndCheckedWithTheFile) {
  test::TempDir dir;
  test::write_file(dir.file("f.conf"),
                   "<label @OUT>\n  <match **>\n    @type null\n  </match>\n</label>\n");
  ConfigSource src{
      dir.file("f.conf"), false, {"<source>\n  @type sample\n  tag a\n  @label @OUT\n</source>"}};
  config::Diagnostics diag;
  LoadedConfig c = load_config(src, {}, diag);
  EXPECT_TRUE(c.parsed);
  EXPECT_FALSE(diag.has_errors()) << (diag.items().empty() ? "" : diag.items()[0].message);
  ASSERT_EQ(c.root.children.size(), 2u);
  EXPECT_EQ(c.root.children[1].name, "source");
  EXPECT_EQ(c.root.children[1].where.file, "inline config");
}

TEST(ConfigSource, WorkerSectionsAreRefusedWithTheirPlace) {
  test::TempDir dir;
  test::write_file(dir.file("w.conf"),
                   "\n<worker 0>\n  <match **>\n    @type null\n  </match>\n"
                   "</worker>\n");
  config::Diagnostics diag;
  load_config({dir.file("w.conf"), false, {}}, {}, diag);
  ASSERT_TRUE(diag.has_errors());
  bool found = false;
  for (const auto& d : diag.items()) {
    found =
        found || (d.where.line == 2 && d.message.find("not supported yet") != std::string::npos);
  }
  EXPECT_TRUE(found);
}

TEST(ConfigSource, ParseErrorsMarkTheTreeUnusable) {
  test::TempDir dir;
  test::write_file(dir.file("p.conf"), "<match **>\n  @type null\n");
  config::Diagnostics diag;
  LoadedConfig c = load_config({dir.file("p.conf"), false, {}}, {}, diag);
  EXPECT_FALSE(c.parsed);
  EXPECT_TRUE(diag.has_errors());
}

TEST(ConfigSource, ForcedYamlReadsAnyFileName) {
  test::TempDir dir;
  test::write_file(dir.file("conf.txt"),
                   "config:\n  - match:\n      $tag: '**'\n      $type: 'null'\n");
  config::Diagnostics diag;
  LoadedConfig c = load_config({dir.file("conf.txt"), true, {}}, {}, diag);
  EXPECT_FALSE(diag.has_errors()) << (diag.items().empty() ? "" : diag.items()[0].message);
  ASSERT_EQ(c.root.children.size(), 1u);
  EXPECT_EQ(c.root.children[0].name, "match");
  EXPECT_EQ(c.root.children[0].arg, "**");
}

}  // namespace
}  // namespace ferry::app
