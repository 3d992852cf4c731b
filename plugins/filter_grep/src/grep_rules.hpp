#pragma once
// Fluentd's filter_grep (lib/fluent/plugin/filter_grep.rb) on one record,
// with no host involved. Conditions are compiled once into Fluentd's four
// lists and evaluated in Fluentd's order with its short-circuits:
//   regexp-and  (regexpN, top-level <regexp>, <and><regexp>): drop if any fails
//   regexp-or   (<or><regexp>):                               drop if none matches
//   exclude-and (<and><exclude>):                             drop if all match
//   exclude-or  (excludeN, top-level <exclude>, <or><exclude>): drop if any matches
// Each condition matches its key's value converted as Ruby's to_s (nil ->
// "", numbers, true/false, inspect of maps and arrays) with an unanchored
// Ruby regexp run by PCRE2 (JIT). A key digging into a non-container raises
// in Fluentd; the record is then kept with a warning, as there.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "format/record_accessor.hpp"
#include "parse/ruby_regex.hpp"

namespace ferry::grep {

// One <regexp>/<exclude>: key and pattern as written.
struct Condition {
  std::string key;
  std::string pattern;   // Fluentd's :regexp text: /re/flags or a bare source
  std::string location;  // "file:line" for messages
};

struct Group {  // <and> / <or>
  std::vector<Condition> regexps;
  std::vector<Condition> excludes;
  std::string location;
};

struct Settings {
  // The legacy flat forms "KEY PATTERN" (pattern compiled as a bare source),
  // with their number N of regexpN / excludeN.
  std::vector<std::pair<int, std::string>> legacy_regexps;
  std::vector<std::pair<int, std::string>> legacy_excludes;
  std::vector<Condition> regexps;
  std::vector<Condition> excludes;
  std::vector<Group> ands;
  std::vector<Group> ors;
  std::string location;  // of the <filter> section
};

// Where log lines go.
class GrepSink {
 public:
  virtual ~GrepSink() = default;
  virtual void info(std::string_view message) = 0;
  virtual void warn(std::string_view message) = 0;
};

class GrepRules {
 public:
  // Throws std::invalid_argument listing every configuration error, one per
  // line, with Fluentd's messages. Load-time notes (Fluentd's info lines)
  // are appended to `infos`.
  GrepRules(const Settings& settings, std::vector<std::string>& infos);

  // No condition at all: every record passes.
  bool empty() const { return count_ == 0; }

  // True when the record (a well-formed MessagePack value) is kept.
  bool keep(const uint8_t* record, const uint8_t* end, GrepSink& sink);

 private:
  struct Expression {
    std::string key;
    format::RecordAccessor accessor;
    parse::RubyRegex regex;
  };
  using List = std::vector<Expression>;
  bool match(Expression& e, const uint8_t* record, const uint8_t* end, GrepSink& sink);

  List regexp_and_, regexp_or_, exclude_and_, exclude_or_;
  size_t count_ = 0;
  std::string text_;  // the value's to_s, reused
};

}  // namespace ferry::grep
