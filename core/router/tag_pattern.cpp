#define PCRE2_CODE_UNIT_WIDTH 8
#include "router/tag_pattern.hpp"

#include <pcre2.h>

#include <cstdio>

#include "parse/ruby_regex.hpp"

namespace ferry::router {
namespace {

using pattern::Node;
using pattern::NodeKind;
using pattern::PieceKind;
using pattern::Seq;

// One match data per thread, big enough for "did it match": reused by every
// pattern so that matching never allocates.
pcre2_match_data* thread_match_data() {
  struct Holder {
    pcre2_match_data* md = pcre2_match_data_create(1, nullptr);
    ~Holder() { pcre2_match_data_free(md); }
  };
  thread_local Holder holder;
  return holder.md;
}

void append_literal(std::string& out, std::string_view bytes) {
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_') {
      out += ch;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x{%02x}", b);
      out += buf;
    }
  }
}

// PCRE2 program with the same meaning as the Ruby regex Fluentd builds.
void append_program(std::string& out, const Seq& seq) {
  for (const Node& n : seq) {
    switch (n.kind) {
      case NodeKind::Text:
        append_literal(out, n.text);
        break;
      case NodeKind::NonDotStar:
        out += "[^.]*";
        break;
      case NodeKind::AnyStar:
        out += ".*";
        break;
      case NodeKind::DotOrEnd:
        out += "(?![^.])";
        break;
      case NodeKind::AnyDotOrStart:
        out += "(?:.*\\.|\\A)";
        break;
      case NodeKind::Alt:
        out += "(?:";
        for (size_t i = 0; i < n.alts.size(); ++i) {
          if (i) out += '|';
          append_program(out, n.alts[i]);
        }
        out += ')';
        break;
    }
  }
}

bool whole_literal(const Seq& seq, std::string& literal) {
  literal.clear();
  for (const Node& n : seq) {
    if (n.kind != NodeKind::Text) return false;
    literal += n.text;
  }
  return true;
}

}  // namespace

PatternPiece::~PatternPiece() {
  if (code_) pcre2_code_free(static_cast<pcre2_code*>(code_));
}

std::unique_ptr<PatternPiece> PatternPiece::compile(std::string_view text, std::string& error) {
  auto parsed = pattern::parse_piece(text, error);
  if (!parsed) return nullptr;
  std::unique_ptr<PatternPiece> piece(new PatternPiece());
  piece->parsed_ = std::move(*parsed);
  const pattern::ParsedPiece& p = piece->parsed_;
  if (p.kind == PieceKind::All) return piece;

  uint32_t options = 0;
  if (p.kind == PieceKind::Glob) {
    if (whole_literal(p.seq, piece->literal_)) {
      piece->is_literal_ = true;
      return piece;
    }
    piece->program_ = "\\A";
    append_program(piece->program_, p.seq);
    piece->program_ += "\\Z";
  } else {
    auto body = parse::ruby_regex_to_pcre2(p.regex, &error);
    if (!body) {
      error = "invalid regular expression in match pattern: " + error;
      return nullptr;
    }
    // Fluentd: Regexp.new("\\A" + body + "\\Z"), no group around the body.
    piece->program_ = "\\A" + *body + "\\Z";
    // Ruby matches characters of UTF-8 tags and its ^ $ are line anchors.
    options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
  }

  pcre2_compile_context* cctx = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);  // Ruby: '.' and \Z know only \n
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(piece->program_.data()),
                                   piece->program_.size(), options, &errcode, &erroffset, cctx);
  pcre2_compile_context_free(cctx);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(errcode, msg, sizeof msg);
    error = "invalid regular expression in match pattern: " +
            std::string(reinterpret_cast<const char*>(msg));
    return nullptr;
  }
  piece->code_ = code;
  piece->jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  return piece;
}

bool PatternPiece::match(std::string_view tag) const {
  if (parsed_.kind == PieceKind::All) return true;
  if (is_literal_) {
    // Ruby's \Z also matches before a final newline.
    if (tag.size() == literal_.size() + 1 && tag.back() == '\n') tag.remove_suffix(1);
    return tag == literal_;
  }
  auto* code = static_cast<const pcre2_code*>(code_);
  auto subject = reinterpret_cast<PCRE2_SPTR>(tag.data());
  int rc = jit_ ? pcre2_jit_match(code, subject, tag.size(), 0, 0, thread_match_data(), nullptr)
                : pcre2_match(code, subject, tag.size(), 0, 0, thread_match_data(), nullptr);
  // 0 means "matched, ovector too small", which is all we need to know.
  return rc >= 0;
}

std::optional<TagPattern> TagPattern::compile(std::string_view arg, std::string& error) {
  auto texts = pattern::split_pieces(arg);
  if (texts.empty()) texts.push_back("**");
  TagPattern out;
  std::string errors;
  for (std::string_view t : texts) {
    std::string e;
    auto piece = PatternPiece::compile(t, e);
    if (!piece) {
      if (!errors.empty()) errors += "; ";
      errors += e + " (`" + std::string(t) + "`)";
      continue;
    }
    if (!out.text_.empty()) out.text_ += ' ';
    out.text_ += t;
    out.pieces_.push_back(std::move(piece));
  }
  if (!errors.empty()) {
    error = std::move(errors);
    return std::nullopt;
  }
  return out;
}

}  // namespace ferry::router
