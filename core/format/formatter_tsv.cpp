// <format> @type tsv: record[key].to_s for each of `keys`, joined.
#include "format/formatter_types.hpp"
#include "format/record_accessor.hpp"

namespace ferry::format {
namespace {

class TsvFormatter : public Formatter {
 public:
  explicit TsvFormatter(const FormatOptions& o)
      : keys_(*o.keys),
        delimiter_(o.delimiter ? *o.delimiter : "\t"),
        newline_(o.add_newline ? o.newline : std::string()) {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (i) out.append(delimiter_);
      if (!append_field_to_s(out, record, record + len, keys_[i], error)) return false;
    }
    out.append(newline_);
    return true;
  }

 private:
  std::vector<std::string> keys_;
  std::string delimiter_, newline_;
};

}  // namespace

std::unique_ptr<Formatter> make_tsv_formatter(const FormatOptions& o, std::string* error) {
  if (!o.keys) {
    if (error) *error = "'keys' parameter is required";
    return nullptr;
  }
  return std::make_unique<TsvFormatter>(o);
}

}  // namespace ferry::format
