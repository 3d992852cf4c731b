// Fluentd's structural rules (root_agent.rb, agent.rb, label.rb, ...),
// checked after parsing: check_structure().
#include <gtest/gtest.h>

#include <vector>

#include "config/structure_check.hpp"
#include "v1_test_support.hpp"

namespace ferry::config {
namespace {

using testing::all_messages;

// Parses (without errors) and returns the structure check's findings, one
// "line:col severity: message" per item.
std::vector<std::string> check(std::string_view text) {
  testing::Parsed p = testing::parse(text);
  EXPECT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  Diagnostics diag;
  check_structure(p.root, diag);
  std::vector<std::string> out;
  for (const auto& d : diag.items()) {
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) +
                  (d.severity == Severity::Error ? " error: " : " warning: ") + d.message);
  }
  return out;
}

using Findings = std::vector<std::string>;

TEST(StructureCheck, AValidConfigHasNoFindings) {
  EXPECT_EQ(check("<system>\n  log_level info\n</system>\n"
                  "<source>\n  @type sample\n  @label @OUT\n  @id in\n</source>\n"
                  "<filter **>\n  @type stdout\n</filter>\n"
                  "<match>\n  @type null\n</match>\n"
                  "<label @OUT>\n  <filter>\n    @type stdout\n  </filter>\n"
                  "  <match **>\n    @type relabel\n    @label @ROOT\n  </match>\n</label>\n"
                  "<label @ERROR>\n  <match>\n    @type null\n  </match>\n</label>\n"),
            Findings{});
}

TEST(StructureCheck, UnknownTopLevelSectionsAndParametersWarn) {
  EXPECT_EQ(check("<sources>\n</sources>\nstray 1\n"),
            (Findings{"3:1 warning: parameter 'stray' in <ROOT> is not used.",
                      "1:1 warning: section <sources> is not used in <ROOT>"}));
}

TEST(StructureCheck, ReservedPrefixAtTopLevelAndInDirectives) {
  EXPECT_EQ(check("@foo 1\n<source>\n  @type x\n  @tag y\n  <parse>\n    @bar 1\n"
                  "    @type json\n  </parse>\n</source>\n<system>\n  @zzz 1\n</system>\n"),
            (Findings{"1:1 error: '@' is the system reserved prefix. Don't use '@' prefix "
                      "parameter in the configuration: @foo",
                      "4:3 error: '@' is the system reserved prefix. Don't use '@' prefix "
                      "parameter in the configuration: @tag",
                      "6:5 warning: '@' is the system reserved prefix. It works in the nested "
                      "configuration for now but it will be rejected: @bar",
                      "11:3 error: '@' is the system reserved prefix. Don't use '@' prefix "
                      "parameter in the configuration: @zzz"}));
}

TEST(StructureCheck, TypeIsMandatory) {
  EXPECT_EQ(check("<source>\n</source>\n<match a>\n  type stdout\n</match>\n"
                  "<label @L>\n  <filter x>\n  </filter>\n  <match>\n    @type null\n  </match>\n"
                  "</label>\n"),
            (Findings{"1:1 error: Missing '@type' parameter on <source> directive",
                      "4:3 warning: 'type' is deprecated parameter name. use '@type' instead.",
                      "7:3 error: Missing '@type' parameter on <filter> directive"}));
}

TEST(StructureCheck, SystemAtMostOnce) {
  EXPECT_EQ(check("<system>\n</system>\n<system>\n</system>\n"),
            Findings{"3:1 error: <system> is duplicated. <system> should be only one (the first "
                     "is at test.conf:1:1)"});
}

TEST(StructureCheck, LabelRules) {
  EXPECT_EQ(check("<label>\n  <match>\n    @type null\n  </match>\n</label>\n"
                  "<label @ROOT>\n  <match>\n    @type null\n  </match>\n</label>\n"
                  "<label @A>\n  <match>\n    @type null\n  </match>\n</label>\n"
                  "<label @A>\n  <match>\n    @type null\n  </match>\n</label>\n"
                  "<label @EMPTY>\n  <filter>\n    @type stdout\n  </filter>\n"
                  "  <source>\n    @type x\n  </source>\n</label>\n"),
            (Findings{"1:1 error: Missing symbol argument on <label> directive",
                      "6:1 error: @ROOT for <label> is not permitted, reserved for getting root "
                      "router",
                      "16:1 error: Section <label @A> appears twice (first at test.conf:11:1)",
                      "25:3 warning: section <source> is not used in <label @EMPTY>",
                      "21:1 error: Missing <match> sections in <label @EMPTY> section"}));
}

// The recorded compat case cfgerr_undefined_label: Fluentd fails with
// "@NOPE label not found".
TEST(StructureCheck, UndefinedLabelLikeFluentd) {
  EXPECT_EQ(check("<source>\n  @type http\n  bind 127.0.0.1\n  port 39880\n  @label @NOPE\n"
                  "</source>\n\n<match app.**>\n  @type stdout\n</match>\n"),
            Findings{"5:10 error: @NOPE label not found: no <label @NOPE> is defined"});
}

TEST(StructureCheck, LabelReferencesInNestedSectionsAndForward) {
  EXPECT_EQ(check("<match a>\n  @type copy\n  <store>\n    @type relabel\n    @label @LATER\n"
                  "  </store>\n  <store>\n    @type relabel\n    @label @ERROR\n  </store>\n"
                  "</match>\n"
                  "<label @LATER>\n  <match>\n    @type null\n  </match>\n</label>\n"),
            Findings{"9:12 error: @ERROR label not found: no <label @ERROR> is defined"});
}

TEST(StructureCheck, PluginIdsAreUnique) {
  EXPECT_EQ(check("<source>\n  @type a\n  @id x\n</source>\n<match>\n  @type b\n  @id x\n"
                  "</match>\n"),
            Findings{"7:7 error: Duplicated plugin id `x`. Check whole configuration and fix it. "
                     "(first used at test.conf:3:7)"});
}

TEST(StructureCheck, WorkerSyntax) {
  EXPECT_EQ(check("<system>\n  workers 4\n</system>\n"
                  "<worker 0>\n  <source>\n    @type a\n  </source>\n</worker>\n"
                  "<worker 1-2>\n  <label @W>\n    <match>\n      @type null\n    </match>\n"
                  "  </label>\n</worker>\n"
                  "<worker 2-3>\n</worker>\n"
                  "<worker 3-1>\n</worker>\n"
                  "<worker 4>\n</worker>\n"
                  "<worker>\n</worker>\n"
                  "<worker x>\n</worker>\n"
                  "<worker 3>\n  <system>\n  </system>\n</worker>\n"
                  "<source>\n  @type b\n  @label @W\n</source>\n"),
            (Findings{"16:1 error: specified worker_id<2> collisions is detected on <worker> "
                      "directive",
                      "18:1 error: greater first_worker_id<3> than last_worker_id<1> specified by "
                      "<worker> directive is not allowed. Available multi worker assign syntax is "
                      "<smaller_worker_id>-<greater_worker_id>",
                      "20:1 error: worker id 4 specified by <worker> directive is not allowed. "
                      "Available worker id is between 0 and 3 (<system> workers is 4)",
                      "22:1 error: Missing worker id on <worker> directive",
                      "24:1 error: invalid worker id 'x' on <worker> directive: expected N or N-M",
                      "27:3 error: <worker> section cannot have <system> directive"}));
}

TEST(StructureCheck, WorkerIdsDefaultToOneWorker) {
  EXPECT_EQ(check("<worker 1>\n</worker>\n"),
            Findings{"1:1 error: worker id 1 specified by <worker> directive is not allowed. "
                     "Available worker id is between 0 and 0 (<system> workers is 1)"});
}

}  // namespace
}  // namespace ferry::config
