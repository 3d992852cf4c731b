// <format> @type out_file: "time<TAB>tag<TAB>{json}\n" (Fluentd's
// OutFileFormatter; JSON via JSON.generate, not Oj).
#include <cctype>

#include "format/formatter_types.hpp"
#include "format/json_writer.hpp"

namespace ferry::format {
namespace {

bool contains_ci(std::string_view hay, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && std::toupper(uint8_t(hay[i + k])) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

class OutFileFormatter : public Formatter {
 public:
  OutFileFormatter(const FormatOptions& o, std::unique_ptr<TimeFormatter> time)
      : output_time_(o.output_time),
        output_tag_(o.output_tag),
        newline_(o.newline),
        time_(std::move(time)) {
    // Fluentd matches /SPACE/i and /COMMA/i anywhere; anything else is a tab.
    if (o.delimiter && contains_ci(*o.delimiter, "SPACE"))
      delimiter_ = ' ';
    else if (o.delimiter && contains_ci(*o.delimiter, "COMMA"))
      delimiter_ = ',';
  }

  bool format(std::string_view tag, EventTime time, const uint8_t* record, size_t len,
              std::string& out, std::string* error) override {
    if (output_time_) time_->append(out, time), out.push_back(delimiter_);
    if (output_tag_) out.append(tag), out.push_back(delimiter_);
    const uint8_t* p = record;
    if (!append_json(out, p, record + len, JsonStyle::kRubyJson, error)) return false;
    out.append(newline_);
    return true;
  }

 private:
  bool output_time_, output_tag_;
  char delimiter_ = '\t';
  std::string newline_;
  std::unique_ptr<TimeFormatter> time_;
};

}  // namespace

std::unique_ptr<Formatter> make_out_file_formatter(const FormatOptions& o, std::string* error) {
  auto time = TimeFormatter::create(o.time, error);
  if (!time) return nullptr;
  return std::make_unique<OutFileFormatter>(o, std::move(time));
}

}  // namespace ferry::format
