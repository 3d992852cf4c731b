#include "parse/ruby_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <map>

namespace ferry::parse {
namespace {

// Bounds on backtracking per match: far above what a sane log pattern
// needs, low enough that a catastrophic one costs well under a second.
constexpr uint32_t kMatchLimit = 10'000'000;
constexpr uint32_t kDepthLimit = 100'000;

std::string pcre2_message(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof buf);
  return n < 0 ? "PCRE2 error " + std::to_string(code)
               : std::string(reinterpret_cast<const char*>(buf), size_t(n));
}

}  // namespace

// The compiled pattern, shared by copies.
struct RubyRegex::Code {
  pcre2_code* code = nullptr;
  std::string source;
  std::vector<std::string> names;
  std::vector<std::vector<uint32_t>> groups;  // per name: group numbers, ascending
  ~Code() { pcre2_code_free(code); }
};

struct RubyRegex::Impl {
  std::shared_ptr<const Code> code;
  pcre2_match_data* match = nullptr;
  pcre2_match_context* context = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  std::string_view subject;

  explicit Impl(std::shared_ptr<const Code> c) : code(std::move(c)) {
    match = pcre2_match_data_create_from_pattern(code->code, nullptr);
    context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_set_depth_limit(context, kDepthLimit);
    jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
    if (jit_stack) pcre2_jit_stack_assign(context, nullptr, jit_stack);
  }
  ~Impl() {
    pcre2_match_data_free(match);
    pcre2_match_context_free(context);
    pcre2_jit_stack_free(jit_stack);
  }
};

RubyRegex::RubyRegex() = default;
RubyRegex::RubyRegex(const RubyRegex& other) : impl_(std::make_unique<Impl>(other.impl_->code)) {}
RubyRegex& RubyRegex::operator=(const RubyRegex& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(other.impl_->code);
  return *this;
}
RubyRegex::RubyRegex(RubyRegex&&) noexcept = default;
RubyRegex& RubyRegex::operator=(RubyRegex&&) noexcept = default;
RubyRegex::~RubyRegex() = default;

std::optional<RubyRegex> RubyRegex::compile(std::string_view source, std::string_view flags,
                                            std::string* error) {
  uint32_t options = PCRE2_MULTILINE | PCRE2_DUPNAMES | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (flags.find('i') != std::string_view::npos) options |= PCRE2_CASELESS;
  if (flags.find('m') != std::string_view::npos) options |= PCRE2_DOTALL;
  if (flags.find('x') != std::string_view::npos) options |= PCRE2_EXTENDED;
  std::string translate_error;
  std::optional<std::string> pattern = ruby_regex_to_pcre2(source, &translate_error);
  if (!pattern) {
    if (error) *error = "invalid regexp /" + std::string(source) + "/: " + translate_error;
    return std::nullopt;
  }
  int code_error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern->data()), pattern->size(),
                                   options, &code_error, &offset, nullptr);
  if (!code) {
    if (error) {
      *error = "invalid regexp /" + std::string(source) + "/: " + pcre2_message(code_error) +
               " at offset " + std::to_string(offset);
    }
    return std::nullopt;
  }
  // JIT is an optimisation: a pattern JIT cannot handle still runs.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);

  auto c = std::make_shared<Code>();
  c->code = code;
  c->source = std::string(source);
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  // The table is sorted by name; Ruby lists names in pattern order.
  std::vector<std::pair<uint32_t, std::string>> entries;
  for (uint32_t i = 0; i < count; ++i) {
    PCRE2_SPTR e = table + size_t(i) * entry_size;
    uint32_t group = uint32_t(e[0]) << 8 | e[1];
    entries.emplace_back(group, reinterpret_cast<const char*>(e + 2));
  }
  std::sort(entries.begin(), entries.end());
  std::map<std::string, size_t> index;
  for (auto& [group, name] : entries) {
    auto [it, fresh] = index.emplace(name, c->names.size());
    if (fresh) {
      c->names.push_back(name);
      c->groups.emplace_back();
    }
    c->groups[it->second].push_back(group);
  }
  RubyRegex re;
  re.impl_ = std::make_unique<Impl>(std::move(c));
  return re;
}

std::optional<RubyRegex> RubyRegex::from_param(std::string_view text, std::string* error) {
  if (text.empty() || text.front() != '/') return compile(text, "", error);
  size_t right = text.rfind('/');
  if (right == 0 || right + 3 < text.size()) {
    if (error) *error = "invalid regexp: missing right slash: " + std::string(text);
    return std::nullopt;
  }
  std::string_view flags = text.substr(right + 1);
  // regexp_value honours only i and m.
  std::string kept;
  for (char f : flags) {
    if (f == 'i' || f == 'm') kept.push_back(f);
  }
  return compile(text.substr(1, right - 1), kept, error);
}

const std::vector<std::string>& RubyRegex::names() const {
  return impl_->code->names;
}
const std::string& RubyRegex::source() const {
  return impl_->code->source;
}

int RubyRegex::search(std::string_view subject, size_t start, std::string* error) {
  Impl& m = *impl_;
  m.subject = subject;
  int rc = pcre2_match(m.code->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                       start, 0, m.match, m.context);
  if (rc >= 0) return 1;
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (error) {
    *error = rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
                     rc == PCRE2_ERROR_JIT_STACKLIMIT
                 ? "regexp match limit exceeded (parsing timed out)"
                 : "regexp match failed: " + pcre2_message(rc);
  }
  return -1;
}

bool RubyRegex::matches(std::string_view subject) {
  return search(subject, 0, nullptr) == 1;
}

size_t RubyRegex::match_begin() const {
  return pcre2_get_ovector_pointer(impl_->match)[0];
}
size_t RubyRegex::match_end() const {
  return pcre2_get_ovector_pointer(impl_->match)[1];
}

bool RubyRegex::named(size_t index, std::string_view& out) const {
  const Impl& m = *impl_;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m.match);
  uint32_t pairs = pcre2_get_ovector_count(m.match);
  const std::vector<uint32_t>& groups = m.code->groups[index];
  for (auto it = groups.rbegin(); it != groups.rend(); ++it) {
    uint32_t g = *it;
    if (g >= pairs || ov[2 * g] == PCRE2_UNSET) continue;
    out = m.subject.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    return true;
  }
  return false;
}

std::optional<std::string> ruby_regex_to_pcre2(std::string_view src, std::string* error) {
  std::string out;
  out.reserve(src.size() + 16);
  int class_depth = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (c == '\\' && i + 1 < src.size()) {
      char n = src[++i];
      if (n == 'h') {
        out += class_depth ? "0-9a-fA-F" : "[0-9a-fA-F]";
      } else if (n == 'H') {
        if (class_depth) {
          if (error)
            *error = "\\H inside a character class is not supported (write the hex digits out)";
          return std::nullopt;
        }
        out += "[^0-9a-fA-F]";
      } else {
        out.push_back('\\'), out.push_back(n);
      }
      continue;
    }
    if (class_depth) {
      if (c == '[' && i + 1 < src.size() && src[i + 1] == ':') {
        size_t close = src.find(":]", i + 2);
        if (close != std::string_view::npos) {
          out.append(src.substr(i, close + 2 - i));
          i = close + 1;
          continue;
        }
      }
      if (c == '[') ++class_depth;
      if (c == ']') --class_depth;
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      class_depth = 1;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal member.
      if (i + 1 < src.size() && src[i + 1] == '^') out.push_back(src[++i]);
      if (i + 1 < src.size() && src[i + 1] == ']') out.push_back(src[++i]);
      continue;
    }
    if (c == '(' && i + 1 < src.size() && src[i + 1] == '?') {
      // Inline options (?imx-imx) / (?imx-imx:...): Ruby's m is DOTALL.
      size_t j = i + 2;
      while (j < src.size() && (src[j] == 'i' || src[j] == 'm' || src[j] == 'x' || src[j] == '-'))
        ++j;
      if (j > i + 2 && j < src.size() && (src[j] == ')' || src[j] == ':')) {
        out += "(?";
        for (size_t k = i + 2; k < j; ++k) out.push_back(src[k] == 'm' ? 's' : src[k]);
        i = j - 1;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

void regex_split(RubyRegex& re, std::string_view s, std::vector<std::string_view>& out) {
  out.clear();
  if (s.empty()) return;
  size_t beg = 0, start = 0;
  while (start <= s.size() && re.search(s, start) == 1) {
    size_t mb = re.match_begin(), me = re.match_end();
    if (mb == me) {
      if (mb >= s.size()) break;
      if (mb == beg) {
        // An empty match where the field starts: step one character on.
        size_t n = 1;
        while (mb + n < s.size() && (uint8_t(s[mb + n]) & 0xc0) == 0x80) ++n;
        start = mb + n;
        continue;
      }
      out.push_back(s.substr(beg, mb - beg));
      beg = mb;
      start = mb;
      continue;
    }
    out.push_back(s.substr(beg, mb - beg));
    beg = start = me;
  }
  out.push_back(s.substr(beg));
  while (!out.empty() && out.back().empty()) out.pop_back();
}

}  // namespace ferry::parse
