// The same pipeline in YAML and in v1 syntax builds the same route table
// (issue 2: "a test loads the same pipeline in both syntaxes and compares the
// resulting route tables").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/loader.hpp"
#include "router/build_routes.hpp"
#include "router_test_support.hpp"

namespace ferry::router {
namespace {

constexpr const char* kV1 = R"(<source>
  @type http
  port 39880
  @label @INGEST
</source>
<source>
  @type sample
  tag app.sample
</source>
<filter app.**>
  @type record_transformer
  <record>
    via top
  </record>
</filter>
<match app.skip app.drop.**>
  @type null
</match>
<match app.**>
  @type copy
  <store>
    @type relabel
    @label @OUT
  </store>
  <store>
    @type stdout
  </store>
</match>
<label @INGEST>
  <match **>
    @type relabel
    @label @ROOT
  </match>
</label>
<label @OUT>
  <filter **>
    @type record_transformer
    remove_keys user
  </filter>
  <match **>
    @type stdout
    @id out_stdout
  </match>
</label>
)";

constexpr const char* kYaml = R"(config:
  - source:
      $type: http
      port: 39880
      $label: "@INGEST"
  - source:
      $type: sample
      tag: app.sample
  - filter:
      $tag: app.**
      $type: record_transformer
      record:
        via: top
  - match:
      $tag: app.skip app.drop.**
      $type: "null"
  - match:
      $tag: app.**
      $type: copy
      store:
        - $type: relabel
          $label: "@OUT"
        - $type: stdout
  - label:
      $name: "@INGEST"
      config:
        - match:
            $tag: "**"
            $type: relabel
            $label: "@ROOT"
  - label:
      $name: "@OUT"
      config:
        - filter:
            $tag: "**"
            $type: record_transformer
            remove_keys: user
        - match:
            $tag: "**"
            $type: stdout
            $id: out_stdout
)";

std::string errors(const config::Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items())
    if (item.severity == config::Severity::Error) out += config::Diagnostics::format(item) + "\n";
  return out;
}

TEST(RouteTableEquivalence, YamlAndV1DescribeTheSame) {
  config::LoadOptions opts;
  opts.use_process_env = false;
  config::Diagnostics v1_diag, yaml_diag;
  config::Element v1 = config::load_config_text(kV1, "pipeline.conf", ".", opts, v1_diag);
  auto yaml_path = std::filesystem::temp_directory_path() / "ferry_router_equivalence.yaml";
  std::ofstream(yaml_path) << kYaml;
  config::Element yaml = config::load_config_file(yaml_path.string(), opts, yaml_diag);
  std::filesystem::remove(yaml_path);
  ASSERT_EQ(errors(v1_diag), "");
  ASSERT_EQ(errors(yaml_diag), "");

  testing::FakeFactory f1, f2;
  config::Diagnostics d1, d2;
  std::string from_v1 = build_routes(v1, f1, d1).describe();
  std::string from_yaml = build_routes(yaml, f2, d2).describe();
  EXPECT_EQ(from_v1,
            "<ROOT>\n"
            "  source @type http @label @INGEST\n"
            "  source @type sample\n"
            "  filter app.** @type record_transformer\n"
            "  match app.skip app.drop.** @type null\n"
            "  match app.** @type copy (@type relabel @label @OUT)\n"
            "<label @INGEST>\n"
            "  match ** @type relabel @label @ROOT\n"
            "<label @OUT>\n"
            "  filter ** @type record_transformer\n"
            "  match ** @type stdout @id out_stdout\n");
  EXPECT_EQ(from_yaml, from_v1);
}

}  // namespace
}  // namespace ferry::router
