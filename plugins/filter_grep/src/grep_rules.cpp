#include "grep_rules.hpp"

#include <stdexcept>

#include "format/msgpack_reader.hpp"
#include "value_text.hpp"

namespace ferry::grep {
namespace {

std::string where(const std::string& location) {
  return location.empty() ? std::string() : location + ": ";
}

// Ruby's TypeError out of a dig: caught around the whole record, as
// Fluentd's `rescue => e` is.
struct DigError {
  std::string message;
};

// The expressions of one of Fluentd's four condition hashes, keyed by the
// key text as written: a key given twice is an error.
class ListBuilder {
 public:
  bool has(const std::string& key) const {
    for (const std::string& k : keys_)
      if (k == key) return true;
    return false;
  }
  void add(std::string key) { keys_.push_back(std::move(key)); }

 private:
  std::vector<std::string> keys_;
};

}  // namespace

GrepRules::GrepRules(const Settings& s, std::vector<std::string>& infos) {
  std::vector<std::string> errors;
  const std::string at = where(s.location);
  ListBuilder regexp_and, regexp_or, exclude_and, exclude_or;

  // Compiles one expression into `list`; errors name the place.
  auto add = [&](List& list, ListBuilder& keys, const std::string& key, const std::string& pattern,
                 bool bare, const std::string& prefix) {
    keys.add(key);
    std::string error;
    auto accessor = format::RecordAccessor::parse(key, &error);
    if (!accessor) return errors.push_back(prefix + "key `" + key + "`: " + error);
    auto regex = bare ? parse::RubyRegex::compile(pattern, "", &error)
                      : parse::RubyRegex::from_param(pattern, &error);
    if (!regex) return errors.push_back(prefix + "pattern `" + pattern + "`: " + error);
    list.push_back(Expression{key, std::move(*accessor), std::move(*regex)});
  };

  // regexpN "KEY PATTERN": split at the first space (Ruby's split(/ /, 2)),
  // the pattern compiled as it is (Regexp.compile: no /.../ form).
  auto legacy = [&](const std::vector<std::pair<int, std::string>>& params, const char* name,
                    List& list, ListBuilder& keys) {
    for (const auto& [n, text] : params) {
      const std::string param = std::string(name) + std::to_string(n);
      const size_t space = text.find(' ');
      if (space == std::string::npos) {
        errors.push_back(at + param + " does not contain 2 parameters");
        continue;
      }
      const std::string key = text.substr(0, space);
      if (keys.has(key)) {
        errors.push_back(at + param + " contains a duplicated key, " + key);
        continue;
      }
      add(list, keys, key, text.substr(space + 1), true, at + param + ": ");
    }
  };
  legacy(s.legacy_regexps, "regexp", regexp_and_, regexp_and);
  legacy(s.legacy_excludes, "exclude", exclude_or_, exclude_or);

  if (s.regexps.size() > 1)
    infos.push_back("Top level multiple <regexp> is interpreted as 'and' condition");
  for (const Condition& c : s.regexps) {
    if (regexp_and.has(c.key))
      errors.push_back(where(c.location) + "Duplicate key: " + c.key);
    else
      add(regexp_and_, regexp_and, c.key, c.pattern, false, where(c.location) + "<regexp> ");
  }
  if (s.excludes.size() > 1)
    infos.push_back("Top level multiple <exclude> is interpreted as 'or' condition");
  for (const Condition& c : s.excludes) {
    if (exclude_or.has(c.key))
      errors.push_back(where(c.location) + "Duplicate key: " + c.key);
    else
      add(exclude_or_, exclude_or, c.key, c.pattern, false, where(c.location) + "<exclude> ");
  }

  auto groups = [&](const std::vector<Group>& list, const char* name, List& regexps,
                    ListBuilder& regexp_keys, List& excludes, ListBuilder& exclude_keys) {
    const std::string tag = std::string("<") + name + ">";
    for (const Group& g : list) {
      if (!g.regexps.empty() && !g.excludes.empty()) {
        errors.push_back(where(g.location) + "Do not specify both <regexp> and <exclude> in " +
                         tag);
        continue;
      }
      for (const Condition& c : g.regexps) {
        if (regexp_keys.has(c.key))
          errors.push_back(where(c.location) + "Duplicate key in " + tag + ": " + c.key);
        else
          add(regexps, regexp_keys, c.key, c.pattern, false, where(c.location) + tag + "<regexp> ");
      }
      for (const Condition& c : g.excludes) {
        if (exclude_keys.has(c.key))
          errors.push_back(where(c.location) + "Duplicate key in " + tag + ": " + c.key);
        else
          add(excludes, exclude_keys, c.key, c.pattern, false,
              where(c.location) + tag + "<exclude> ");
      }
    }
  };
  groups(s.ands, "and", regexp_and_, regexp_and, exclude_and_, exclude_and);
  groups(s.ors, "or", regexp_or_, regexp_or, exclude_or_, exclude_or);

  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    throw std::invalid_argument(all);
  }
  count_ = regexp_and_.size() + regexp_or_.size() + exclude_and_.size() + exclude_or_.size();
}

bool GrepRules::match(Expression& e, const uint8_t* record, const uint8_t* end, GrepSink& sink) {
  const uint8_t* value = nullptr;
  switch (e.accessor.find(record, end, &value)) {
    case format::RecordAccessor::Result::kFound:
      break;
    case format::RecordAccessor::Result::kMissing:
      value = nullptr;
      break;
    case format::RecordAccessor::Result::kTypeError:
      throw DigError{dig_error(e.accessor, record, end)};
    case format::RecordAccessor::Result::kMalformed:
      throw std::runtime_error("malformed record");
  }
  std::string_view subject;
  bool scrubbed = false;
  if (!subject_of(value, end, text_, subject, scrubbed))
    throw std::runtime_error("malformed record");
  if (scrubbed) {
    // Fluentd's StringUtil.match_regexp logs the original text.
    const auto* p = value;
    format::MpValue v;
    format::read_item(p, end, v);
    sink.info("invalid byte sequence is replaced in `" + std::string(v.bytes()) + "`");
  }
  return e.regex.matches(subject);
}

bool GrepRules::keep(const uint8_t* record, const uint8_t* end, GrepSink& sink) {
  try {
    for (Expression& e : regexp_and_)
      if (!match(e, record, end, sink)) return false;
    if (!regexp_or_.empty()) {
      bool any = false;
      for (Expression& e : regexp_or_)
        if ((any = match(e, record, end, sink))) break;
      if (!any) return false;
    }
    if (!exclude_and_.empty()) {
      bool all = true;
      for (Expression& e : exclude_and_)
        if (!(all = match(e, record, end, sink))) break;
      if (all) return false;
    }
    for (Expression& e : exclude_or_)
      if (match(e, record, end, sink)) return false;
  } catch (const DigError& e) {
    sink.warn("failed to grep events error_class=TypeError error=\"" + e.message + "\"");
  }
  return true;
}

}  // namespace ferry::grep
