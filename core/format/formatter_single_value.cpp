// <format> @type single_value: record[message_key].to_s (missing: "").
#include "format/formatter_types.hpp"
#include "format/record_accessor.hpp"
#include "format/ruby_value.hpp"

namespace ferry::format {
namespace {

class SingleValueFormatter : public Formatter {
 public:
  explicit SingleValueFormatter(const FormatOptions& o)
      : key_(o.message_key), newline_(o.add_newline ? o.newline : std::string()) {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    const uint8_t* end = record + len;
    const uint8_t* value;
    if (!map_find(record, end, key_, &value)) {
      if (error) *error = "malformed MessagePack record";
      return false;
    }
    if (value && !append_ruby_to_s(out, value, end, 0, error)) return false;
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
