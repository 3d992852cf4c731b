// <format> @type ltsv: "label:value<TAB>..." with the delimiter replaced
// inside values (labels are left as they are, as in Fluentd).
#include "format/formatter_types.hpp"
#include "format/msgpack_reader.hpp"
#include "format/ruby_value.hpp"

namespace ferry::format {
namespace {

// Ruby's String#gsub(plain, replacement), including the empty-pattern case
// (a replacement before every character and at the end).
void append_gsub(std::string& out, std::string_view s, std::string_view pattern,
                 std::string_view replacement) {
  if (pattern.empty()) {
    for (char c : s) out.append(replacement), out.push_back(c);
    out.append(replacement);
    return;
  }
  size_t pos = 0;
  for (size_t hit; (hit = s.find(pattern, pos)) != std::string_view::npos;
       pos = hit + pattern.size()) {
    out.append(s.substr(pos, hit - pos));
    out.append(replacement);
  }
  out.append(s.substr(pos));
}

class LtsvFormatter : public Formatter {
 public:
  explicit LtsvFormatter(const FormatOptions& o)
      : delimiter_(o.delimiter ? *o.delimiter : "\t"),
        label_delimiter_(o.label_delimiter),
        replacement_(o.replacement),
        newline_(o.add_newline ? o.newline : std::string()) {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    const uint8_t* p = record;
    const uint8_t* end = record + len;
    MpValue m;
    if (!read_item(p, end, m) || m.type != MpValue::kMap) {
      if (error) *error = "malformed MessagePack record";
      return false;
    }
    for (uint32_t i = 0; i < m.size; ++i) {
      if (i) out.append(delimiter_);
      if (!append_ruby_to_s(out, p, end, 0, error)) return false;
      out.append(label_delimiter_);
      value_.clear();
      if (!append_ruby_to_s(value_, p, end, 0, error)) return false;
      append_gsub(out, value_, delimiter_, replacement_);
    }
    out.append(newline_);
    return true;
  }

 private:
  std::string delimiter_, label_delimiter_, replacement_, newline_;
  std::string value_;
};

}  // namespace

std::unique_ptr<Formatter> make_ltsv_formatter(const FormatOptions& o, std::string*) {
  return std::make_unique<LtsvFormatter>(o);
}

}  // namespace ferry::format
