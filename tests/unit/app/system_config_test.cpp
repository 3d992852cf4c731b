// <system>: what Ferry honours is read, what it does not is refused.
#include "app/system_config.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"

namespace ferry::app {
namespace {

SystemSettings read(const std::string& text, config::Diagnostics& diag) {
  config::LoadOptions opts;
  config::Element root = config::load_config_text(text, "s.conf", ".", opts, diag);
  return read_system(root, opts, diag);
}

TEST(SystemConfig, ReadsWhatFerryHonours) {
  config::Diagnostics diag;
  auto s = read(
      "<system>\n  log_level debug\n  root_dir /var/lib/ferry\n  suppress_config_dump true\n"
      "  without_source true\n  process_name ferry1\n  umask 027\n"
      "  <log>\n    format json\n    time_format %Y-%m-%dT%H:%M:%S.%L%z\n    path /tmp/x.log\n"
      "  </log>\n</system>\n",
      diag);
  ASSERT_FALSE(diag.has_errors()) << (diag.items().empty() ? "" : diag.items()[0].message);
  EXPECT_EQ(s.log_level, log::Level::Debug);
  EXPECT_EQ(s.root_dir, "/var/lib/ferry");
  EXPECT_TRUE(s.suppress_config_dump);
  EXPECT_TRUE(s.without_source);
  EXPECT_EQ(s.process_name, "ferry1");
  EXPECT_EQ(s.umask, 027u);
  EXPECT_TRUE(s.log_json);
  EXPECT_EQ(s.log_time_format, "%Y-%m-%dT%H:%M:%S.%L%z");
  EXPECT_EQ(s.log_path, "/tmp/x.log");
}

TEST(SystemConfig, NoSystemSectionMeansDefaults) {
  config::Diagnostics diag;
  auto s = read("<match **>\n  @type null\n</match>\n", diag);
  EXPECT_FALSE(diag.has_errors());
  EXPECT_FALSE(s.log_level.has_value());
  EXPECT_FALSE(s.log_json);
}

TEST(SystemConfig, RefusesWhatItCannotHonourWithTheLine) {
  config::Diagnostics diag;
  read(
      "<system>\n  workers 4\n  rpc_endpoint 0.0.0.0:24444\n  log_level loud\n"
      "  umask 9z\n  <counter_server>\n    scope a\n  </counter_server>\n</system>\n",
      diag);
  std::vector<uint32_t> error_lines;
  for (const auto& d : diag.items())
    if (d.severity == config::Severity::Error) error_lines.push_back(d.where.line);
  for (uint32_t line : {2u, 3u, 4u, 5u, 6u}) {
    EXPECT_NE(std::find(error_lines.begin(), error_lines.end(), line), error_lines.end())
        << "no error on line " << line;
  }
}

}  // namespace
}  // namespace ferry::app
