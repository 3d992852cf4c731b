// <format> @type csv: the `fields` (record accessors allowed) as one CSV
// row, quoted like Ruby's CSV writer (force_quotes true by default).
#include "format/formatter_types.hpp"
#include "format/msgpack_reader.hpp"
#include "format/record_accessor.hpp"
#include "format/ruby_value.hpp"

namespace ferry::format {
namespace {

class CsvFormatter : public Formatter {
 public:
  CsvFormatter(const FormatOptions& o, std::vector<RecordAccessor> fields, std::string delimiter)
      : fields_(std::move(fields)),
        delimiter_(std::move(delimiter)),
        force_quotes_(o.force_quotes),
        row_sep_(o.add_newline ? "\n" : "") {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    const uint8_t* end = record + len;
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (i) out.append(delimiter_);
      const uint8_t* value = nullptr;
      switch (fields_[i].find(record, end, &value)) {
        case RecordAccessor::Result::kFound:
          break;
        case RecordAccessor::Result::kMissing:
          value = nullptr;
          break;
        case RecordAccessor::Result::kTypeError:
          if (error)
            *error = "field " + std::to_string(i + 1) + ": value does not have #dig method";
          return false;
        case RecordAccessor::Result::kMalformed:
          if (error) *error = "malformed MessagePack record";
          return false;
      }
      bool is_nil = true;
      text_.clear();
      if (value) {
        MpValue v;
        const uint8_t* q = value;
        if (!read_item(q, end, v)) {
          if (error) *error = "malformed MessagePack record";
          return false;
        }
        is_nil = v.type == MpValue::kNil;
        if (!append_ruby_to_s(text_, value, end, 0, error)) return false;
      }
      append_field(out, text_, is_nil);
    }
    out.append(row_sep_);
    return true;
  }

 private:
  void append_field(std::string& out, std::string_view s, bool is_nil) const {
    bool quote = force_quotes_;
    if (!quote && !is_nil) {
      // CSV quotes empty strings and fields holding \r, \n, '"' or the separator.
      quote = s.empty() || s.find_first_of("\r\n\"") != std::string_view::npos ||
              (!delimiter_.empty() && s.find(delimiter_) != std::string_view::npos);
    }
    if (!quote) return void(out.append(s));
    out.push_back('"');
    for (char c : s) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }

  std::vector<RecordAccessor> fields_;
  std::string delimiter_;
  bool force_quotes_;
  std::string row_sep_;
  std::string text_;
};

}  // namespace

std::unique_ptr<Formatter> make_csv_formatter(const FormatOptions& o, std::string* error) {
  if (!o.fields) {
    if (error) *error = "'fields' parameter is required";
    return nullptr;
  }
  std::vector<RecordAccessor> fields;
  for (const std::string& f : *o.fields) {
    if (f.empty()) continue;
    auto ra = RecordAccessor::parse(f, error);
    if (!ra) return nullptr;
    fields.push_back(std::move(*ra));
  }
  if (fields.empty()) {
    if (error) *error = "empty value is specified in fields parameter";
    return nullptr;
  }
  std::string delimiter = o.delimiter ? *o.delimiter : ",";
  if (delimiter == "\\t" || delimiter == "TAB") delimiter = "\t";
  return std::make_unique<CsvFormatter>(o, std::move(fields), std::move(delimiter));
}

}  // namespace ferry::format
