#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::parse {

// A Ruby (Onigmo) regular expression run by PCRE2 with JIT. Compiled once;
// matching reuses one match block, so an instance serves one thread at a
// time (copies share the compiled code and get their own match block).
//
// Ruby semantics kept: ^ and $ are always line anchors; /m is PCRE2's
// DOTALL (also inside (?m:...)); \h and \H are hex digits; /i and /x as in
// PCRE2. Subjects are matched as UTF-8 without failing on invalid bytes
// (they simply do not match a character). Backtracking is bounded, so a
// pathological pattern fails one line with "regexp match limit exceeded"
// instead of hanging the thread.
class RubyRegex {
 public:
  // source: the Ruby source (no slashes); flags: any of "imx".
  static std::optional<RubyRegex> compile(std::string_view source, std::string_view flags,
                                          std::string* error);
  // Fluentd's :regexp parameter text: "/source/flags" (flags i and m, at
  // most two characters after the closing slash) or a bare source.
  static std::optional<RubyRegex> from_param(std::string_view text, std::string* error);

  RubyRegex(const RubyRegex& other);
  RubyRegex& operator=(const RubyRegex& other);
  RubyRegex(RubyRegex&&) noexcept;
  RubyRegex& operator=(RubyRegex&&) noexcept;
  ~RubyRegex();

  // Named groups, unique, in the order they first appear (MatchData#names).
  const std::vector<std::string>& names() const;
  const std::string& source() const;

  // Searches subject from byte `start`. 1: matched; 0: no match; -1: the
  // match limit was hit (or another PCRE2 failure), *error says which.
  int search(std::string_view subject, size_t start = 0, std::string* error = nullptr);
  // Unanchored "does it match anywhere" (Regexp#match?); limit hits count as
  // no match.
  bool matches(std::string_view subject);

  // After search() returned 1: the whole match and the named group
  // `names()[index]` (false when that group did not participate; with a
  // duplicated name, the last participating group wins as in Ruby).
  size_t match_begin() const;
  size_t match_end() const;
  bool named(size_t index, std::string_view& out) const;

 private:
  struct Code;
  struct Impl;
  RubyRegex();
  std::unique_ptr<Impl> impl_;
};

// Rewrites Ruby (Onigmo) regex source into PCRE2 source with the same
// meaning, for patterns compiled with PCRE2_MULTILINE (Ruby's ^ and $ are
// always line anchors): \h / \H (hex digits in Ruby, horizontal space in
// PCRE2) -> [0-9a-fA-F] / [^0-9a-fA-F]; (?m) and (?m:...) (dot matches
// newline in Ruby) -> (?s); POSIX [:classes:] are kept. Everything else is
// shared syntax. nullopt with *error for Ruby constructs PCRE2 would
// silently read differently (\H inside a character class). RubyRegex and
// the router's tag patterns both compile through it.
std::optional<std::string> ruby_regex_to_pcre2(std::string_view ruby, std::string* error);

// Ruby's String#split(regexp) (limit 0: trailing empty fields dropped);
// empty matches split between characters. Captures are not added to the
// result (Ruby adds them; no Fluentd parser relies on it).
void regex_split(RubyRegex& re, std::string_view s, std::vector<std::string_view>& out);

}  // namespace ferry::parse
