#include "router/route_analysis.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "router/build_routes.hpp"
#include "router_test_support.hpp"

namespace ferry::router {
namespace {

using testing::element;
using ::testing::ElementsAre;
using testing::FakeFactory;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Analysis {
  explicit Analysis(std::vector<config::Element> children) {
    config::Diagnostics diag;
    table = build_routes(testing::root(std::move(children)), factory, diag);
    for (const auto& d : diag.items()) ADD_FAILURE() << config::Diagnostics::format(d);
    result = analyze_routes(table, sources_from_table(table));
  }
  std::vector<std::string> warnings() const {
    std::vector<std::string> out;
    for (const auto& d : result.warnings) out.push_back(config::Diagnostics::format(d));
    return out;
  }
  FakeFactory factory;
  RouteTable table;
  RouteAnalysis result;
};

config::Element m(std::string pattern, uint32_t line, std::string type = "stdout",
                  std::vector<std::pair<std::string, std::string>> more = {}) {
  more.insert(more.begin(), {"@type", type});
  return element("match", std::move(pattern), line, std::move(more));
}
config::Element f(std::string pattern, uint32_t line, std::string type = "record_transformer") {
  return element("filter", std::move(pattern), line, {{"@type", type}});
}
config::Element src(std::string type, std::string tag, uint32_t line) {
  if (tag.empty()) return element("source", "", line, {{"@type", type}});
  return element("source", "", line, {{"@type", type}, {"tag", tag}});
}

// The reference metrics config (compat seed_kafka_metrics_tag_mismatch).
TEST(RouteAnalysis, KafkaMetricsTagMismatchIsFlagged) {
  Analysis a({src("exec", "kafka.metrics.broker", 5), f("kafka.metrics.raw.*", 13),
              m("kafka.metrics.raw.*", 20)});
  EXPECT_THAT(a.warnings(),
              ElementsAre("test.conf:6:7: warning: tag \"kafka.metrics.broker\" of <source> "
                          "@type exec matches no <match> in <ROOT> (patterns there: "
                          "kafka.metrics.raw.*); its events are dropped with the warning \"no "
                          "patterns matched\": `kafka.metrics.broker`"));
  EXPECT_THAT(a.result.routes,
              ElementsAre("test.conf:6:7: <source> @type exec: tag \"kafka.metrics.broker\" -> "
                          "no <match>: dropped"));
}

TEST(RouteAnalysis, KafkaMetricsFixedRoutesThroughFilterAndMatch) {
  Analysis a({src("exec", "kafka.metrics.raw.broker", 5), f("kafka.metrics.raw.*", 13),
              m("kafka.metrics.raw.*", 20)});
  EXPECT_THAT(a.warnings(), IsEmpty());
  EXPECT_THAT(a.result.routes,
              ElementsAre("test.conf:6:7: <source> @type exec: tag \"kafka.metrics.raw.broker\" "
                          "-> <filter kafka.metrics.raw.*> @type record_transformer "
                          "(test.conf:13:1) -> <match kafka.metrics.raw.*> @type stdout "
                          "(test.conf:20:1)"));
}

TEST(RouteAnalysis, SourcesWithoutStaticTagAreListed) {
  Analysis a({src("http", "", 1), m("**", 5)});
  EXPECT_THAT(a.result.routes,
              ElementsAre("test.conf:1:1: <source> @type http: tags decided at run time -> "
                          "<ROOT>"));
}

TEST(RouteAnalysis, FollowsRelabelIntoLabels) {
  // compat route_first_match_wins, reduced.
  Analysis a({src("sample", "both.x", 1), m("app.**", 5, "relabel", {{"@label", "@FIRST"}}),
              element("match", "both.**", 9, {{"@type", "copy"}},
                      {element("store", "", 10, {{"@type", "relabel"}, {"@label", "@FIRST"}}),
                       element("store", "", 14, {{"@type", "relabel"}, {"@label", "@SECOND"}})}),
              element("label", "@FIRST", 20, {}, {f("**", 21), m("**", 26)}),
              element("label", "@SECOND", 30, {}, {m("other", 31)})});
  ASSERT_EQ(a.result.routes.size(), 1u);
  EXPECT_EQ(a.result.routes[0],
            "test.conf:2:7: <source> @type sample: tag \"both.x\" -> <match both.**> @type copy "
            "(test.conf:9:1) -> <label @FIRST>: -> <filter **> @type record_transformer "
            "(test.conf:21:1) -> <match **> @type stdout (test.conf:26:1) ; -> <label @SECOND>: "
            "-> no <match>: dropped");
  EXPECT_THAT(a.warnings(),
              ElementsAre(HasSubstr("test.conf:2:7: warning: tag \"both.x\" of <source> @type "
                                    "sample reaches <label @SECOND> through relabel but matches "
                                    "no <match> in <label @SECOND> (patterns there: other)")));
}

TEST(RouteAnalysis, RelabelCycleIsFlagged) {
  Analysis a({src("sample", "t", 1), m("**", 5, "relabel", {{"@label", "@A"}}),
              element("label", "@A", 9, {}, {m("**", 10, "relabel", {{"@label", "@B"}})}),
              element("label", "@B", 13, {}, {m("**", 14, "relabel", {{"@label", "@A"}})})});
  EXPECT_THAT(a.warnings(),
              ElementsAre(HasSubstr("are relabelled in a cycle: <label @A> -> <label @B> -> "
                                    "<label @A>")));
}

TEST(RouteAnalysis, RelabelWithoutLabelLoopsIntoItsOwnScope) {
  Analysis a({src("sample", "t", 1), m("**", 5, "relabel")});
  EXPECT_THAT(a.warnings(), ElementsAre(HasSubstr("cycle: <ROOT> -> <ROOT>")));
}

TEST(RouteAnalysis, ShadowedMatch) {
  Analysis a({m("app.**", 3), m("app.special", 7)});
  EXPECT_THAT(a.warnings(),
              ElementsAre("test.conf:7:1: warning: <match app.special> is shadowed by the "
                          "earlier <match app.**> at test.conf:3:1: every tag it matches goes "
                          "there first (the first matching <match> wins), so it never receives "
                          "events: `<match app.special>`"));
}

TEST(RouteAnalysis, EverythingAfterMatchAllIsUnreachable) {
  Analysis a({m("**", 3), f("a.**", 7), m("b", 11)});
  auto w = a.warnings();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_THAT(w[0], HasSubstr("test.conf:7:1: warning: <filter a.**> is never applied: every "
                              "tag it matches is taken by the earlier <match **> at "
                              "test.conf:3:1"));
  EXPECT_THAT(w[1], HasSubstr("test.conf:11:1: warning: <match b> is shadowed by the earlier "
                              "<match **>"));
}

TEST(RouteAnalysis, UnreachableThroughSeveralEarlierMatches) {
  Analysis a({m("a.x", 3), m("a.y", 5), m("c", 7), m("{a.x,a.y}", 9)});
  EXPECT_THAT(a.warnings(),
              ElementsAre("test.conf:9:1: warning: <match {a.x,a.y}> can never be reached: "
                          "every tag it matches is taken by earlier <match> sections (<match "
                          "a.x> at test.conf:3:1, <match a.y> at test.conf:5:1): "
                          "`<match {a.x,a.y}>`"));
}

TEST(RouteAnalysis, DeadPieceOfAPattern) {
  Analysis a({m("a.**", 3), m("a.b c.d", 7)});
  EXPECT_THAT(a.warnings(),
              ElementsAre(HasSubstr("test.conf:7:1: warning: pattern `a.b` in <match a.b c.d> "
                                    "never matches anything new: its tags are taken by earlier "
                                    "<match> sections (<match a.**> at test.conf:3:1)")));
}

TEST(RouteAnalysis, ShadowingInsideLabels) {
  Analysis a({m("**", 1), element("label", "@L", 3, {}, {m("x.*", 4), m("x.y", 6)})});
  EXPECT_THAT(a.warnings(), ElementsAre(HasSubstr("<match x.y> is shadowed by the earlier "
                                                  "<match x.*> at test.conf:4:1")));
}

// No false positives: each later pattern matches a tag the earlier one does
// not.
TEST(RouteAnalysis, NoFalsePositives) {
  const std::pair<const char*, const char*> not_shadowed[] = {
      {"a.*", "a.**"},      // a, a.b.c
      {"a.**", "**.a"},     // b.a
      {"a.*", "a.*.b"},     // a.x.b
      {"*", "a.b"},         // a.b has a dot
      {"a.**", "ab"},       // ab
      {"{a,b}.x", "c.x"},   //
      {"a.**.b", "a.b.c"},  //
      {"x.**", "x*"},       // xy
      {"/.*/", "a"},        // regexes never count as covering
      {"a", "/a/"},         // nor as covered (unless by **)
      {"**.x", "x.**"},     // x.y
      {"a.", "a.*"},        // `a.` is just "a"
      {"{a,b", "a.b"},      // unclosed braces match literally
  };
  for (const auto& [first, second] : not_shadowed) {
    Analysis a({m(first, 1), m(second, 5)});
    EXPECT_THAT(a.warnings(), IsEmpty()) << first << " then " << second;
  }
}

TEST(RouteAnalysis, CoverageIsExact) {
  const std::pair<const char*, const char*> shadowed[] = {
      {"a.**", "a"},
      {"a.**", "a.b.c"},
      {"a.**", "a.*"},
      {"**", "/x/"},
      {"*", "abc"},
      {"{a,b}", "a"},
      {"a.*", "a.{x,y}"},
      {"a.**", "a.**.b"},
      {"**.b", "a.**.b"},
      {"a*", "a"},
      {"a.*", "a.*"},
      {"*.*", "a.b"},
      {"a.**", "a.{b,c.**}"},
      {"a. b", "a"},
      {"app.**", "app.x app.y.z"},
  };
  for (const auto& [first, second] : shadowed) {
    Analysis a({m(first, 1), m(second, 5)});
    EXPECT_THAT(a.warnings(), ElementsAre(HasSubstr("is shadowed by the earlier")))
        << first << " then " << second;
  }
}

}  // namespace
}  // namespace ferry::router
