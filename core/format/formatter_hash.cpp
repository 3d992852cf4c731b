// <format> @type hash: Ruby's Hash#to_s of the record ({"a"=>1}).
#include "format/formatter_types.hpp"
#include "format/ruby_value.hpp"

namespace ferry::format {
namespace {

class HashFormatter : public Formatter {
 public:
  explicit HashFormatter(const FormatOptions& o)
      : newline_(o.add_newline ? o.newline : std::string()) {}

  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    const uint8_t* p = record;
    if (!append_ruby_inspect(out, p, record + len, 0, error)) return false;
    out.append(newline_);
    return true;
  }

 private:
  std::string newline_;
};

}  // namespace

std::unique_ptr<Formatter> make_hash_formatter(const FormatOptions& o, std::string*) {
  return std::make_unique<HashFormatter>(o);
}

}  // namespace ferry::format
