// The element level of Fluentd's v1 syntax (v1_parser.rb parse_element):
// sections, key/value lines and @include. Unlike Fluentd, which raises at
// the first problem, every error is reported and parsing goes on with the
// next line, so one run shows all of them.
#include "config/v1_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "config/config_file.hpp"
#include "config/include_resolver.hpp"
#include "config/v1_lexer.hpp"
#include "telemetry/log.hpp"

namespace ferry::config {
namespace {

// The files being read, outermost first; including one of them again would
// never end.
struct IncludeChain {
  std::vector<std::string> canonical;
  std::vector<std::string> shown;
};

// Deeper nesting than this is certainly a mistake, and recursion must stay
// bounded.
constexpr size_t kMaxSectionDepth = 100;

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

class V1Parser {
 public:
  V1Parser(std::string_view text, const std::string& file, std::string base_dir,
           const LoadOptions& opts, Diagnostics& diag, IncludeChain& chain)
      : lex_(text, file, opts, diag),
        base_dir_(std::move(base_dir)),
        opts_(opts),
        diag_(diag),
        chain_(chain) {}

  // Top-level content (a whole file, also an included one) into `into`.
  void parse_root(Element& into) {
    std::vector<const Element*> open;
    parse_body(into, open);
  }

 private:
  // How the body of a section ended.
  enum class End {
    Closed,     // its own end tag
    EndOfText,  // the text ended
    Ancestor,   // an end tag of an enclosing section; left unread for it
  };

  End parse_body(Element& into, std::vector<const Element*>& open) {
    const bool root = open.empty();
    while (true) {
      lex_.skip_spacing();
      if (lex_.eof()) {
        if (!root) {
          const Element& e = *open.back();
          lex_.error(lex_.pos(),
                     "expected end tag '</" + e.name + ">' but got end of file (<" + e.name +
                         "> opened at " + e.where.str() + ")",
                     open_tag_text(e));
        }
        return End::EndOfText;
      }
      if (lex_.starts_with("</")) {
        if (auto end = parse_end_tag(open)) return *end;
      } else if (lex_.peek() == '<') {
        if (open.size() >= kMaxSectionDepth) {
          lex_.error(lex_.pos(), "sections are nested deeper than " +
                                     std::to_string(kMaxSectionDepth) +
                                     " levels; the rest of the file is skipped");
          lex_.set_pos(SIZE_MAX);
          return End::EndOfText;
        }
        // A child closed by an enclosing end tag (End::Ancestor) leaves
        // that tag for this loop to read.
        if (parse_section(into, open) == End::EndOfText) return End::EndOfText;
      } else if (root && at_include_keyword()) {
        parse_include(into);
      } else {
        parse_entry(into);
      }
    }
  }

  // Reports the unexpected text that follows on the line.
  void expected_end_of_line(const char* message) {
    lex_.skip_blanks();
    lex_.error(lex_.pos(), message, std::string(lex_.line_from(lex_.pos())));
  }

  static std::string open_tag_text(const Element& e) {
    return "<" + e.name + (e.arg.empty() ? "" : " " + e.arg) + ">";
  }

  // `</name>`. Returns how the current body ends, or nullopt to go on.
  std::optional<End> parse_end_tag(std::vector<const Element*>& open) {
    size_t at = lex_.pos();
    lex_.set_pos(at + 2);
    std::string name = lex_.scan_element_name();
    std::string shown = "</" + name + ">";
    const Element* current = open.empty() ? nullptr : open.back();
    if (current && name != current->name) {
      lex_.error(at,
                 "unmatched end tag: expected '</" + current->name + ">' (for <" + current->name +
                     "> opened at " + current->where.str() + ") but got '" + shown + "'",
                 shown);
      bool closes_ancestor = std::any_of(open.begin(), open.end() - 1,
                                         [&](const Element* e) { return e->name == name; });
      if (closes_ancestor) {
        // Treat the current section as closed here and let the enclosing
        // one read this end tag again.
        lex_.set_pos(at);
        return End::Ancestor;
      }
    } else if (!current) {
      lex_.error(at, "unmatched end tag " + shown + ": no section is open", shown);
    }
    size_t name_end = lex_.pos();
    lex_.skip_spacing();
    if (lex_.peek() != '>') {
      lex_.error(name_end, "expected '>' to end the end tag '</" + name + "'",
                 std::string(lex_.line_from(at)));
      lex_.set_pos(name_end);
      lex_.skip_rest_of_line();
    } else {
      lex_.set_pos(lex_.pos() + 1);
      if (!lex_.skip_line_end()) {
        expected_end_of_line("expected end of line after end tag");
        lex_.skip_rest_of_line();
      }
    }
    if (current && name == current->name) return End::Closed;
    return std::nullopt;
  }

  // `<name arg>` ... `</name>`.
  End parse_section(Element& parent, std::vector<const Element*>& open) {
    size_t at = lex_.pos();
    lex_.set_pos(at + 1);
    std::string name = lex_.scan_element_name();
    if (name.empty()) {
      lex_.error(at + 1, "expected a section name after '<' (letters, digits and '_')",
                 std::string(lex_.line_from(at)));
      lex_.skip_rest_of_line();
      return End::Closed;
    }
    lex_.skip_spacing();
    size_t arg_at = lex_.pos();
    ScannedString arg = lex_.scan_string(Boundary::TagArg);
    size_t arg_end = lex_.pos();
    lex_.skip_spacing();
    if (lex_.peek() != '>') {
      if (arg.ok) {
        lex_.error(arg_end,
                   arg.quoted ? "expected '>' (a quoted section argument must hold the whole "
                                "argument)"
                              : "expected '>'",
                   std::string(lex_.line_from(at)));
      }
      lex_.set_pos(arg_end);
      lex_.skip_rest_of_line();
    } else {
      lex_.set_pos(lex_.pos() + 1);
      if (!lex_.skip_line_end()) {
        expected_end_of_line("expected end of line after tag");
        lex_.skip_rest_of_line();
      }
    }
    if (arg.use_default && !arg.nil) {
      lex_.error(arg_at, "\"#{use_default}\" cannot be used in a section argument",
                 std::string(lex_.line_from(at)));
    }

    Element element;
    element.name = std::move(name);
    element.arg = arg.nil ? std::string() : std::move(arg.text);
    element.where = lex_.location(at);
    open.push_back(&element);
    End end = parse_body(element, open);
    open.pop_back();
    parent.children.push_back(std::move(element));
    return end;
  }

  // `@include` or (deprecated) `include` followed by a blank, at top level.
  bool at_include_keyword() {
    for (std::string_view kw : {"@include", "include"}) {
      if (!lex_.starts_with(kw)) continue;
      char next = lex_.peek(kw.size());
      if (next == '\0' || next == ' ' || next == '\t' || next == '\n' || next == '\r' ||
          next == '#') {
        if (kw == "include")
          lex_.warning(lex_.pos(), "'include' is deprecated. Use '@include' instead", "include");
        lex_.set_pos(lex_.pos() + kw.size());
        return true;
      }
    }
    return false;
  }

  // After the keyword: the path (quoted or not), then the included files'
  // content goes into `into` as if it were written here.
  void parse_include(Element& into) {
    lex_.skip_blanks();
    size_t at = lex_.pos();
    if (lex_.skip_line_end()) {
      lex_.error(at, "@include needs a file path or glob", "@include");
      return;
    }
    ScannedString path = lex_.scan_string(Boundary::LineEnd);
    if (!lex_.skip_line_end()) {
      if (path.ok) expected_end_of_line("expected end of line");
      lex_.skip_rest_of_line();
    }
    if (!path.ok) return;
    if (path.nil || path.text.empty()) {
      lex_.error(at, "@include needs a file path or glob", "@include " + path.text);
      return;
    }
    include(into, path.text, at);
  }

  void include(Element& into, const std::string& spec, size_t at) {
    IncludeTargets targets = resolve_include(spec, base_dir_);
    const std::string shown = "@include " + spec;
    if (!targets.error.empty()) {
      lex_.error(at, targets.error, shown);
      return;
    }
    for (const auto& w : targets.warnings) lex_.warning(at, w, shown);
    if (targets.files.empty()) {
      log::debug(lex_.location(at).str() + ": " + shown + " matched no file; nothing included");
      return;
    }
    for (const auto& file : targets.files) {
      std::string canonical = canonical_path(file);
      if (std::find(chain_.canonical.begin(), chain_.canonical.end(), canonical) !=
          chain_.canonical.end()) {
        std::string cycle;
        for (const auto& f : chain_.shown) cycle += f + " -> ";
        lex_.error(at, "@include cycle: " + cycle + file, shown);
        continue;
      }
      std::string content;
      std::string err;
      if (!read_config_file(file, content, err)) {
        lex_.error(at, "include error " + spec + " - " + err, shown);
        continue;
      }
      chain_.canonical.push_back(canonical);
      chain_.shown.push_back(file);
      V1Parser(content, file, config_base_dir(file), opts_, diag_, chain_).parse_root(into);
      chain_.canonical.pop_back();
      chain_.shown.pop_back();
    }
  }

  // `key value`, `key` alone (value ""), and `@include` inside sections.
  void parse_entry(Element& into) {
    size_t at = lex_.pos();
    ScannedString key = lex_.scan_string(Boundary::Blank);
    if (key.nil || key.use_default) {
      lex_.error(at, "\"#{use_nil}\" and \"#{use_default}\" cannot be used in a key",
                 std::string(lex_.line_from(at)));
    }
    size_t after_key = lex_.pos();
    bool no_value = lex_.skip_blanks_and_line_breaks();
    if (!no_value && lex_.pos() == after_key) {
      lex_.error(after_key, "expected a blank between the key and its value",
                 std::string(lex_.line_from(at)));
      lex_.skip_rest_of_line();
      return;
    }
    if (key.text == "@include") {
      if (no_value) {
        lex_.error(at, "@include needs a file path or glob", "@include");
      } else {
        lex_.set_pos(after_key);
        parse_include(into);
      }
      return;
    }

    Entry entry;
    entry.key = std::move(key.text);
    entry.where = lex_.location(at);
    if (no_value) {
      // "flag" style: `key` alone means the empty string.
      entry.value_where = lex_.location(after_key);
      into.entries.push_back(std::move(entry));
      return;
    }
    size_t value_at = lex_.pos();
    ScannedString value = lex_.scan_value();
    if (!lex_.skip_line_end()) {
      if (value.ok) expected_end_of_line("expected end of line");
      lex_.skip_rest_of_line();
    }
    entry.value = std::move(value.text);
    entry.value_where = lex_.location(value_at);
    entry.nil = value.nil;
    entry.use_default = value.use_default && !value.nil;
    if (entry.nil) entry.value.clear();
    into.entries.push_back(std::move(entry));
  }

  V1Lexer lex_;
  std::string base_dir_;
  const LoadOptions& opts_;
  Diagnostics& diag_;
  IncludeChain& chain_;
};

}  // namespace

void parse_v1(std::string_view text, const std::string& file, const std::string& base_dir,
              const LoadOptions& opts, Element& into, Diagnostics& diag) {
  IncludeChain chain;
  if (!file.empty()) {
    chain.canonical.push_back(canonical_path(file));
    chain.shown.push_back(file);
  }
  V1Parser(text, file, base_dir.empty() ? "." : base_dir, opts, diag, chain).parse_root(into);
}

}  // namespace ferry::config
