// <format> @type stdout: "<time> <tag>: <inner formatter output>\n", the
// time in local time with nanoseconds (Fluentd's StdoutFormatter).
#include "format/formatter_types.hpp"

namespace ferry::format {
namespace {

constexpr std::string_view kTimeFormat = "%Y-%m-%d %H:%M:%S.%N %z";

class StdoutFormatter : public Formatter {
 public:
  StdoutFormatter(std::unique_ptr<Formatter> inner, std::string_view time_format)
      : inner_(std::move(inner)), time_(time_format, TimeZone::local()) {}

  bool format(std::string_view tag, EventTime time, const uint8_t* record, size_t len,
              std::string& out, std::string* error) override {
    time_.append(out, time);
    out.push_back(' ');
    out.append(tag);
    out.append(": ");
    if (!inner_->format(tag, time, record, len, out, error)) return false;
    // String#chomp: one trailing "\r\n", "\n" or "\r".
    if (!out.empty() && out.back() == '\n') out.pop_back();
    if (!out.empty() && out.back() == '\r') out.pop_back();
    out.push_back('\n');
    return true;
  }

 private:
  std::unique_ptr<Formatter> inner_;
  TimeFormatter time_;  // Fluentd always uses Time#localtime here
};

}  // namespace

std::unique_ptr<Formatter> make_stdout_formatter(const FormatOptions& o, std::string* error) {
  if (o.output_type == "stdout") {
    // Fluentd would recurse until the stack overflows.
    if (error) *error = "output_type stdout is not allowed for the stdout formatter";
    return nullptr;
  }
  FormatOptions inner = o;  // the inner formatter sees the same section
  inner.type = o.output_type;
  std::unique_ptr<Formatter> f = make_formatter(inner, error);
  if (!f) return nullptr;
  return std::make_unique<StdoutFormatter>(std::move(f),
                                           o.time.format ? *o.time.format : kTimeFormat);
}

}  // namespace ferry::format
