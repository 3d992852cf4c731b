#include "settings.hpp"

#include <string>

#include "ferry/params.hpp"

namespace ferry::grep {
namespace {

constexpr ferry_param kConditionRows[] = {
    ferry::Param("key", FERRY_PARAM_STRING)
        .required()
        .describe("The field the regular expression is applied to (record accessor: $.a.b)"),
    ferry::Param("pattern", FERRY_PARAM_REGEXP)
        .required()
        .describe("The regular expression (/re/ with i and m flags, or a bare source); Ruby "
                  "syntax, unanchored, matched against the value's to_s"),
};
constexpr ferry_param_table kConditionTable =
    ferry::table(kConditionRows, FERRY_TABLE_PLAIN_SECTION);

constexpr ferry_param kGroupRows[] = {
    ferry::Param("regexp", FERRY_PARAM_SECTION).section(&kConditionTable).multi(),
    ferry::Param("exclude", FERRY_PARAM_SECTION).section(&kConditionTable).multi(),
};
constexpr ferry_param_table kGroupTable = ferry::table(kGroupRows, FERRY_TABLE_PLAIN_SECTION);

#define FERRY_GREP_LEGACY(kind, n)           \
  ferry::Param(#kind #n, FERRY_PARAM_STRING) \
      .deprecated()                          \
      .describe("Use <" #kind "> section (\"KEY PATTERN\", the pattern a bare Ruby regexp)")
#define FERRY_GREP_LEGACY_20(kind)                                                           \
  FERRY_GREP_LEGACY(kind, 1), FERRY_GREP_LEGACY(kind, 2), FERRY_GREP_LEGACY(kind, 3),        \
      FERRY_GREP_LEGACY(kind, 4), FERRY_GREP_LEGACY(kind, 5), FERRY_GREP_LEGACY(kind, 6),    \
      FERRY_GREP_LEGACY(kind, 7), FERRY_GREP_LEGACY(kind, 8), FERRY_GREP_LEGACY(kind, 9),    \
      FERRY_GREP_LEGACY(kind, 10), FERRY_GREP_LEGACY(kind, 11), FERRY_GREP_LEGACY(kind, 12), \
      FERRY_GREP_LEGACY(kind, 13), FERRY_GREP_LEGACY(kind, 14), FERRY_GREP_LEGACY(kind, 15), \
      FERRY_GREP_LEGACY(kind, 16), FERRY_GREP_LEGACY(kind, 17), FERRY_GREP_LEGACY(kind, 18), \
      FERRY_GREP_LEGACY(kind, 19), FERRY_GREP_LEGACY(kind, 20)

// In Fluentd's order: regexp1..20, exclude1..20, then the sections.
constexpr ferry_param kRows[] = {
    FERRY_GREP_LEGACY_20(regexp),
    FERRY_GREP_LEGACY_20(exclude),
    ferry::Param("regexp", FERRY_PARAM_SECTION)
        .section(&kConditionTable)
        .multi()
        .describe("Keep records whose key matches; several top-level ones must all match"),
    ferry::Param("exclude", FERRY_PARAM_SECTION)
        .section(&kConditionTable)
        .multi()
        .describe("Drop records whose key matches; several top-level ones: any match drops"),
    ferry::Param("and", FERRY_PARAM_SECTION)
        .section(&kGroupTable)
        .multi()
        .describe("<regexp>s that must all match, or <exclude>s that drop only when all match"),
    ferry::Param("or", FERRY_PARAM_SECTION)
        .section(&kGroupTable)
        .multi()
        .describe("<regexp>s of which one must match, or <exclude>s of which any match drops"),
};

#undef FERRY_GREP_LEGACY_20
#undef FERRY_GREP_LEGACY

Condition condition_of(const ferry::Config& c) {
  return Condition{c.string_or("key", ""), c.string_or("pattern", ""), c.location()};
}

Group group_of(const ferry::Config& g) {
  Group group;
  for (const ferry::Config& c : g.sections("regexp")) group.regexps.push_back(condition_of(c));
  for (const ferry::Config& c : g.sections("exclude")) group.excludes.push_back(condition_of(c));
  group.location = g.location();
  return group;
}

}  // namespace

const ferry_param_table kParams = ferry::table(kRows);

Settings read_settings(const ferry::Config& cfg) {
  Settings s;
  s.location = cfg.location();
  for (int n = 1; n <= 20; ++n) {
    const std::string r = "regexp" + std::to_string(n), e = "exclude" + std::to_string(n);
    if (auto v = cfg.string(r.c_str())) s.legacy_regexps.emplace_back(n, *v);
    if (auto v = cfg.string(e.c_str())) s.legacy_excludes.emplace_back(n, *v);
  }
  for (const ferry::Config& c : cfg.sections("regexp")) s.regexps.push_back(condition_of(c));
  for (const ferry::Config& c : cfg.sections("exclude")) s.excludes.push_back(condition_of(c));
  for (const ferry::Config& g : cfg.sections("and")) s.ands.push_back(group_of(g));
  for (const ferry::Config& g : cfg.sections("or")) s.ors.push_back(group_of(g));
  return s;
}

}  // namespace ferry::grep
