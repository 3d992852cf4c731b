// <format> @type json: the record as compact JSON (Oj.dump by default).
#include "format/formatter_types.hpp"
#include "format/json_writer.hpp"

namespace ferry::format {
namespace {

class JsonFormatter : public Formatter {
 public:
  explicit JsonFormatter(const FormatOptions& o)
      : style_(o.json_parser == "oj" ? JsonStyle::kOj : JsonStyle::kRubyJson),
        newline_(o.add_newline ? o.newline : std::string()) {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    const uint8_t* p = record;
    if (!append_json(out, p, record + len, style_, error)) return false;
    out.append(newline_);
    return true;
  }

 private:
  JsonStyle style_;
  std::string newline_;
};

}  // namespace

std::unique_ptr<Formatter> make_json_formatter(const FormatOptions& o, std::string*) {
  return std::make_unique<JsonFormatter>(o);
}

}  // namespace ferry::format
