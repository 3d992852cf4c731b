// <format> @type single_value: record[message_key].to_s (missing: "").
#include "format/formatter_types.hpp"
#include "format/record_accessor.hpp"

namespace ferry::format {
namespace {

class SingleValueFormatter : public Formatter {
 public:
  explicit SingleValueFormatter(const FormatOptions& o)
      : key_(o.message_key), newline_(o.add_newline ? o.newline : std::string()) {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    if (!append_field_to_s(out, record, record + len, key_, error)) return false;
    out.append(newline_);
    return true;
  }

 private:
  std::string key_;
  std::string newline_;
};

}  // namespace

std::unique_ptr<Formatter> make_single_value_formatter(const FormatOptions& o, std::string*) {
  return std::make_unique<SingleValueFormatter>(o);
}

}  // namespace ferry::format
