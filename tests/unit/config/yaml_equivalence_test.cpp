// A pipeline written in YAML and in v1 syntax loads into the same tree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "config/loader.hpp"
#include "yaml_test_support.hpp"

namespace ferry::config {
namespace {

// The tree without locations, one line per entry, for readable diffs.
void dump(const Element& e, int depth, std::string& out) {
  std::string indent(depth * 2, ' ');
  out += indent + "<" + e.name + (e.arg.empty() ? "" : " " + e.arg) + ">\n";
  for (const Entry& entry : e.entries) {
    out += indent + "  " + entry.key + " ";
    out += entry.nil ? "<nil>" : entry.use_default ? "<default>" : "[" + entry.value + "]";
    out += "\n";
  }
  for (const Element& child : e.children) dump(child, depth + 1, out);
}

std::string dump(const Element& e) {
  std::string out;
  dump(e, 0, out);
  return out;
}

std::string errors(const Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items())
    if (item.severity == Severity::Error) out += Diagnostics::format(item) + "\n";
  return out;
}

LoadOptions fixed_options() {
  LoadOptions opts;
  opts.hostname = "compat-host";
  opts.env = {{"HOME", "/compat-home"}};
  opts.use_process_env = false;
  return opts;
}

std::filesystem::path compat_case(const std::string& name) {
  if (const char* src = std::getenv("FERRY_SOURCE_DIR")) {
    std::filesystem::path p = std::filesystem::path(src) / "tests/compat/cases" / name;
    if (std::filesystem::exists(p)) return p;
  }
  return std::filesystem::path("/work/shared/compat") / name;
}

TEST(YamlEquivalence, CompatCaseYamlMatchesItsConf) {
  std::filesystem::path dir = compat_case("yaml_config");
  if (!std::filesystem::exists(dir / "fluent.yaml")) GTEST_SKIP() << "no compat case at " << dir;
  LoadOptions opts = fixed_options();
  Diagnostics yaml_diag, conf_diag;
  Element yaml = load_config_file((dir / "fluent.yaml").string(), opts, yaml_diag);
  Element conf = load_config_file((dir / "equivalent.conf").string(), opts, conf_diag);
  EXPECT_FALSE(yaml_diag.has_errors()) << errors(yaml_diag);
  EXPECT_FALSE(conf_diag.has_errors()) << errors(conf_diag);
  EXPECT_EQ(dump(yaml), dump(conf));
  // Spot checks that the comparison compared something real.
  ASSERT_EQ(yaml.children.size(), 5u);
  EXPECT_EQ(yaml.children[2].arg, "app.skip,app.drop.**");
  EXPECT_EQ(yaml.children[1].children.at(0).get("host_embedded"), "compat-host");
  EXPECT_EQ(yaml.children[1].children.at(0).get("plain_hash_not_ruby"), "#{1 + 1}");
}

TEST(YamlEquivalence, NestedSectionsArgsAndSystem) {
  testing::TempDir dir;
  std::string yaml_path = dir.write("f.yaml", R"(
system:
  log_level: warn
config:
  - source:
      $type: forward
      $id: in_fw
      port: 24224
  - match:
      $tag: [app.**, sys.**]
      $type: forward
      $label: "@X"
      keys: a,b
      host_name: !fluent/s "#{hostname}"
      buffer:
        $arg: [tag, time]
        timekey: 1h
      server:
        - {name: one, host: 10.0.0.1}
        - {name: two, host: 10.0.0.2}
  - label:
      $name: "@X"
      config:
        - match: {$tag: "**", $type: "null"}
)");
  std::string conf_path = dir.write("f.conf", R"(
<system>
  log_level warn
</system>
<source>
  @type forward
  @id in_fw
  port 24224
</source>
<match app.**,sys.**>
  @type forward
  @label @X
  keys a,b
  host_name "#{hostname}"
  <buffer tag,time>
    timekey 1h
  </buffer>
  <server>
    name one
    host 10.0.0.1
  </server>
  <server>
    name two
    host 10.0.0.2
  </server>
</match>
<label @X>
  <match **>
    @type null
  </match>
</label>
)");
  LoadOptions opts = fixed_options();
  Diagnostics yaml_diag, conf_diag;
  Element yaml = load_config_file(yaml_path, opts, yaml_diag);
  Element conf = load_config_file(conf_path, opts, conf_diag);
  EXPECT_FALSE(yaml_diag.has_errors()) << errors(yaml_diag);
  EXPECT_FALSE(conf_diag.has_errors()) << errors(conf_diag);
  EXPECT_EQ(dump(yaml), dump(conf));
  EXPECT_EQ(yaml.children.size(), 4u);
}

}  // namespace
}  // namespace ferry::config
