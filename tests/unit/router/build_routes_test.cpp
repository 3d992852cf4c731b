#include "router/build_routes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "router_test_support.hpp"

namespace ferry::router {
namespace {

using testing::element;
using testing::FakeFactory;
using ::testing::HasSubstr;

std::vector<std::string> messages(const config::Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& item : d.items()) out.push_back(config::Diagnostics::format(item));
  return out;
}

TEST(BuildRoutes, ScopesRulesAndSourcesInFileOrder) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(
      testing::root({
          element("source", "", 1, {{"@type", "http"}, {"@label", "@OUT"}}),
          element("source", "", 5, {{"@type", "exec"}, {"tag", "app.exec"}}),
          element("filter", "app.**", 9, {{"@type", "pass"}}),
          element("match", "app.skip app.drop.**", 13, {{"@type", "null"}}),
          element("label", "@OUT", 17, {},
                  {element("filter", "", 18, {{"@type", "pass"}}),
                   element("match", "**", 21, {{"@type", "stdout"}, {"@id", "out1"}})}),
          element("match", "app.**", 25, {{"@type", "relabel"}, {"@label", "@OUT"}}),
      }),
      factory, diag);
  EXPECT_TRUE(diag.items().empty()) << ::testing::PrintToString(messages(diag));
  EXPECT_EQ(t.describe(),
            "<ROOT>\n"
            "  source @type http @label @OUT\n"
            "  source @type exec\n"
            "  filter app.** @type pass\n"
            "  match app.skip app.drop.** @type null\n"
            "  match app.** @type relabel @label @OUT\n"
            "<label @OUT>\n"
            "  filter ** @type pass\n"
            "  match ** @type stdout @id out1\n");
  EXPECT_EQ(factory.calls, 5);
  ASSERT_EQ(t.sources().size(), 2u);
  EXPECT_EQ(t.sources()[0].scope, *t.find_label("@OUT"));
  EXPECT_EQ(t.sources()[1].tag_param, "app.exec");
  EXPECT_EQ(t.sources()[1].tag_where.line, 6u);
  EXPECT_EQ(t.scope(kRootScope).rules[0].where.line, 9u);
}

TEST(BuildRoutes, FactoryIsToldWhereTheDirectiveLivesAndEmits) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(
      testing::root(
          {element("match", "a", 1, {{"@type", "relabel"}, {"@label", "@X"}}),
           element("label", "@X", 5, {},
                   {element("match", "**", 6, {{"@type", "sink"}}),
                    element("match", "b", 9, {{"@type", "relabel"}, {"@label", "@ROOT"}})})}),
      factory, diag);
  ASSERT_EQ(factory.seen_scopes.size(), 3u);
  ScopeId x = *t.find_label("@X");
  EXPECT_EQ(factory.seen_scopes[0].scope, kRootScope);
  EXPECT_EQ(factory.seen_scopes[0].emits_to, x);
  EXPECT_EQ(factory.seen_scopes[1].scope, x);
  EXPECT_EQ(factory.seen_scopes[1].emits_to, x);
  EXPECT_EQ(factory.seen_scopes[2].emits_to, kRootScope);
  // Every label was registered before the first stage was made.
  EXPECT_EQ(factory.scope_counts_seen, (std::vector<size_t>{2, 2, 2}));
}

TEST(BuildRoutes, FindLabel) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(
      testing::root(
          {element("label", "@A", 1, {}, {element("match", "", 2, {{"@type", "s"}})}),
           element("label", "@ERROR", 4, {}, {element("match", "", 5, {{"@type", "s"}})})}),
      factory, diag);
  EXPECT_EQ(t.find_label("@ROOT"), kRootScope);
  EXPECT_EQ(t.find_label("@A"), 1u);
  EXPECT_EQ(t.error_scope(), 2u);
  EXPECT_EQ(t.find_label("@B"), std::nullopt);
  EXPECT_EQ(t.scope_title(1), "<label @A>");
}

// config::check_structure reports these; the table just leaves them out.
TEST(BuildRoutes, StructuralProblemsAreSkippedNotReportedTwice) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(
      testing::root({
          element("source", "", 1, {{"@type", "http"}, {"@label", "@NOPE"}}),
          element("source", "", 3, {{"tag", "x"}}),
          element("match", "a", 5, {{"@type", "relabel"}, {"@label", "@MISSING"}}),
          element("filter", "a.*", 7, {}),
          element("label", "", 9, {}, {element("match", "", 10, {{"@type", "s"}})}),
          element("label", "@ROOT", 12, {}, {element("match", "", 13, {{"@type", "s"}})}),
          element("label", "@A", 15, {}, {element("match", "", 16, {{"@type", "s"}})}),
          element("label", "@A", 18, {}, {element("match", "", 19, {{"@type", "dup"}})}),
          element("match", "b", 21, {{"@type", "copy"}},
                  {element("store", "", 22, {{"@type", "relabel"}, {"@label", "@GONE"}})}),
      }),
      factory, diag);
  EXPECT_TRUE(diag.items().empty()) << ::testing::PrintToString(messages(diag));
  EXPECT_EQ(t.describe(),
            "<ROOT>\n"
            "  match b @type copy\n"
            "<label @A>\n"
            "  match ** @type s\n");
  EXPECT_EQ(factory.calls, 2);
}

TEST(BuildRoutes, BadPatternsAreReportedAndTheStageStillMade) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(testing::root({element("match", "ok /bad", 7, {{"@type", "sink"}}),
                                             element("match", "fine", 10, {{"@type", "sink"}})}),
                              factory, diag);
  auto m = messages(diag);
  ASSERT_EQ(m.size(), 1u) << ::testing::PrintToString(m);
  EXPECT_THAT(m[0], HasSubstr("test.conf:7:1: error: invalid match - regex"));
  EXPECT_THAT(m[0], HasSubstr("(`/bad`): `<match ok /bad>`"));
  EXPECT_EQ(factory.calls, 2);  // its parameters are validated in the same run
  ASSERT_EQ(t.scope(kRootScope).rules.size(), 1u);
  EXPECT_EQ(t.scope(kRootScope).rules[0].pattern.text(), "fine");
}

TEST(BuildRoutes, LabelOf) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(
      testing::root({element("label", "@A", 1, {}, {element("match", "", 2, {{"@type", "s"}})})}),
      factory, diag);
  EXPECT_EQ(t.label_of(element("store", "", 1, {{"@label", "@A"}}), kRootScope), 1u);
  EXPECT_EQ(t.label_of(element("store", "", 1, {{"@label", "@ROOT"}}), 1), kRootScope);
  EXPECT_EQ(t.label_of(element("store", "", 1, {}), 1), 1u);
  EXPECT_EQ(t.label_of(element("store", "", 1, {{"@label", "@B"}}), 1), std::nullopt);
}

TEST(BuildRoutes, SameDescriptionWhateverTheLocations) {
  // What the YAML/v1 equivalence test relies on: positions do not show.
  auto make = [](uint32_t base) {
    return testing::root({element("source", "", base, {{"@type", "http"}}),
                          element("match", "a.**", base + 7, {{"@type", "stdout"}}),
                          element("label", "@OUT", base + 20, {},
                                  {element("match", "", base + 21, {{"@type", "null"}})})});
  };
  FakeFactory f1, f2;
  config::Diagnostics d1, d2;
  EXPECT_EQ(build_routes(make(1), f1, d1).describe(), build_routes(make(40), f2, d2).describe());
}

TEST(BuildRoutes, NestedRelabelStoresAreRecorded) {
  FakeFactory factory;
  config::Diagnostics diag;
  RouteTable t = build_routes(
      testing::root({element("match", "both.**", 1, {{"@type", "copy"}},
                             {element("store", "", 2, {{"@type", "relabel"}, {"@label", "@A"}}),
                              element("store", "", 5, {{"@type", "stdout"}})}),
                     element("label", "@A", 9, {}, {element("match", "", 10, {{"@type", "s"}})})}),
      factory, diag);
  EXPECT_TRUE(diag.items().empty());
  const Rule& r = t.scope(kRootScope).rules[0];
  ASSERT_EQ(r.nested.size(), 1u);
  EXPECT_EQ(r.nested[0].type, "relabel");
  EXPECT_EQ(r.nested[0].scope, *t.find_label("@A"));
  EXPECT_THAT(t.describe(), HasSubstr("match both.** @type copy (@type relabel @label @A)"));
}

}  // namespace
}  // namespace ferry::router
