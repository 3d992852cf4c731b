// Fluentd's csv parser (parser_csv.rb). parser_engine normal reads the
// first row as Ruby's CSV.parse_line does (quoted fields, "" escapes,
// MalformedCSVError on bad quoting); fast is Fluentd's split-and-merge
// shortcut with its own quirks. Missing columns are nil.
#include <deque>

#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/ruby_text.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

class CsvParser : public Parser {
 public:
  CsvParser(CommonSetup setup, std::vector<std::string> keys, std::string delimiter, bool fast)
      : builder_(std::move(setup)),
        keys_(std::move(keys)),
        delimiter_(std::move(delimiter)),
        fast_(fast) {}

  void parse(std::string_view text, ParseSink& sink) override {
    used_ = 0;
    values_.clear();
    builder_.begin();
    if (fast_) {
      parse_fast(ruby_chomp(text));
      for (size_t i = 0; i < values_.size() && i < keys_.size(); ++i) {
        builder_.set(keys_[i], values_[i]);
      }
    } else {
      std::string error;
      if (!parse_line(text, &error)) {
        sink.on_error(error + ": " + quote_for_message(text));
        return;
      }
      for (size_t i = 0; i < keys_.size(); ++i) {
        builder_.set(keys_[i], i < values_.size() ? values_[i] : FieldValue::nil());
      }
    }
    builder_.finish(sink);
  }

 private:
  // A reused string whose address stays put until the next parse().
  std::string& scratch() {
    if (used_ == pool_.size()) pool_.emplace_back();
    std::string& s = pool_[used_++];
    s.clear();
    return s;
  }

  bool at_row_end(std::string_view s, size_t i) const {
    return i >= s.size() || s[i] == '\n' || s[i] == '\r';
  }

  // CSV.parse_line(text, col_sep: delimiter): the first row only.
  bool parse_line(std::string_view s, std::string* error) {
    if (s.empty()) {
      *error = "no CSV row in the input";
      return false;
    }
    const std::string& sep = delimiter_;
    size_t i = 0;
    while (true) {
      if (i < s.size() && s[i] == '"') {
        std::string& field = scratch();
        size_t j = i + 1;
        while (true) {
          size_t q = s.find('"', j);
          if (q == std::string_view::npos) {
            *error = "Unclosed quoted field in line 1.";
            return false;
          }
          field.append(s.substr(j, q - j));
          if (q + 1 < s.size() && s[q + 1] == '"') {
            field.push_back('"');
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        values_.push_back(FieldValue::text(field));
        if (at_row_end(s, i)) return true;
        if (s.compare(i, sep.size(), sep) != 0) {
          *error = "Any value after quoted field isn't allowed in line 1.";
          return false;
        }
        i += sep.size();
        continue;
      }
      size_t j = i;
      while (!at_row_end(s, j) && s.compare(j, sep.size(), sep) != 0) {
        if (s[j] == '"') {
          *error = "Illegal quoting in line 1.";
          return false;
        }
        ++j;
      }
      values_.push_back(j == i ? FieldValue::nil() : FieldValue::text(s.substr(i, j - i)));
      if (at_row_end(s, j)) return true;
      i = j + sep.size();
    }
  }

  // Fluentd's parse_fast_internal.
  void parse_fast(std::string_view s) {
    if (s.empty()) return;
    ruby_split(s, delimiter_, -1, columns_);
    const size_t n = columns_.size();
    for (size_t j = 0; j < n; ++j) {
      std::string_view column = columns_[j];
      size_t quotes = 0;
      for (char c : column) quotes += c == '"';
      auto wrapped = [](std::string_view c) {
        return c.size() >= 2 && c.front() == '"' && c.back() == '"';
      };
      FieldValue value = FieldValue::text(column);
      if (quotes == 0) {
        if (column.empty()) value = FieldValue::nil();
      } else if (quotes == 1) {
        if (column.front() == '"') {
          std::string& merged = scratch();
          merged.append(column);
          while (++j < n) {
            merged.append(delimiter_);
            merged.append(columns_[j]);
            if (!columns_[j].empty() && columns_[j].back() == '"') break;
          }
          // to_merge.join(delimiter)[1..-2]
          std::string_view m = merged;
          value = FieldValue::text(m.size() >= 2 ? m.substr(1, m.size() - 2) : std::string_view());
        }
      } else if (quotes == 2) {
        if (wrapped(column)) value = FieldValue::text(column.substr(1, column.size() - 2));
      } else {
        std::string_view inner = wrapped(column) ? column.substr(1, column.size() - 2) : column;
        std::string& unescaped = scratch();
        for (size_t k = 0; k < inner.size(); ++k) {
          unescaped.push_back(inner[k]);
          if (inner[k] == '"' && k + 1 < inner.size() && inner[k + 1] == '"') ++k;
        }
        value = FieldValue::text(unescaped);
      }
      values_.push_back(value);
    }
  }

  RecordBuilder builder_;
  std::vector<std::string> keys_;
  std::string delimiter_;
  bool fast_;
  std::vector<FieldValue> values_;
  std::vector<std::string_view> columns_;
  std::deque<std::string> pool_;  // deque: growing it keeps earlier strings in place
  size_t used_ = 0;
};

}  // namespace

std::unique_ptr<Parser> make_csv_parser(const ParseOptions& o, std::string* error) {
  if (!o.keys) {
    if (error) *error = "'keys' parameter is required";
    return nullptr;
  }
  std::string engine = o.parser_engine.value_or("normal");
  if (engine != "normal" && engine != "fast") {
    if (error) *error = "valid options are normal,fast but got " + engine;
    return nullptr;
  }
  std::string delimiter = o.delimiter.value_or(",");
  if (delimiter.empty()) {
    if (error) *error = "csv: delimiter must not be empty";
    return nullptr;
  }
  auto setup = CommonSetup::create(o, std::nullopt, "string", error);
  if (!setup) return nullptr;
  return std::make_unique<CsvParser>(std::move(*setup), *o.keys, std::move(delimiter),
                                     engine == "fast");
}

}  // namespace ferry::parse
