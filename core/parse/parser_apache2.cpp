// Fluentd's apache2 parser (parser_apache2.rb): a fixed regexp with its own
// conversions ("-" is nil, code and size integers, code 0 is nil); the time
// always comes from the [time] field. No time_key, types or null patterns.
#include <algorithm>

#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/ruby_text.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

constexpr const char* kExpression =
    R"re(^(?<host>[^ ]*) [^ ]* (?<user>[^ ]*) \[(?<time>[^\]]*)\] "(?<method>\S+)(?: +(?<path>(?:[^\"]|\\")*?)(?: +\S*)?)?" (?<code>[^ ]*) (?<size>[^ ]*)(?: "(?<referer>(?:[^\"]|\\")*)" "(?<agent>(?:[^\"]|\\")*)")?$)re";
constexpr const char* kTimeFormat = "%d/%b/%Y:%H:%M:%S %z";

class Apache2Parser : public Parser {
 public:
  Apache2Parser(CommonSetup setup, RubyRegex re, std::unique_ptr<TimeParser> time)
      : builder_(std::move(setup)), re_(std::move(re)), time_(std::move(time)) {
    for (const char* name :
         {"host", "user", "time", "method", "path", "code", "size", "referer", "agent"}) {
      const auto& names = re_.names();
      index_.push_back(size_t(std::find(names.begin(), names.end(), name) - names.begin()));
    }
  }

  void parse(std::string_view text, ParseSink& sink) override {
    int rc = re_.search(text, 0, &error_);
    if (rc != 1) {
      sink.on_error((rc < 0 ? error_ + ": " : std::string("pattern not matched: ")) +
                    quote_for_message(text));
      return;
    }
    auto group = [&](size_t k, std::string_view& out) { return re_.named(index_[k], out); };
    // "-" (or a missing group) is nil.
    auto dash_nil = [&](size_t k) {
      std::string_view v;
      if (!group(k, v) || v == "-") return FieldValue::nil();
      return FieldValue::text(v);
    };
    std::string_view time_text;
    group(2, time_text);
    EventTime time;
    if (!time_->parse_text(time_text, time, &error_)) {
      sink.on_error(error_);
      return;
    }
    builder_.begin();
    builder_.add("host", dash_nil(0));
    builder_.add("user", dash_nil(1));
    std::string_view v;
    builder_.add("method", group(3, v) ? FieldValue::text(v) : FieldValue::nil());
    builder_.add("path", group(4, v) ? FieldValue::text(v) : FieldValue::nil());
    group(5, v);
    int64_t code = ruby_to_i(v);
    builder_.add("code", code == 0 ? FieldValue::nil() : FieldValue::integer(code));
    group(6, v);
    builder_.add("size", v == "-" ? FieldValue::nil() : FieldValue::integer(ruby_to_i(v)));
    builder_.add("referer", dash_nil(7));
    builder_.add("agent", dash_nil(8));
    if (builder_.setup().keep_time_key) builder_.add("time", FieldValue::text(time_text));
    builder_.finish_with_time(time, true, false, sink);
  }

 private:
  RecordBuilder builder_;
  RubyRegex re_;
  std::unique_ptr<TimeParser> time_;
  std::vector<size_t> index_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Parser> make_apache2_parser(const ParseOptions& o, std::string* error) {
  auto setup = CommonSetup::create(o, std::nullopt, "string", error);
  if (!setup) return nullptr;
  auto re = RubyRegex::compile(kExpression, "", error);
  if (!re) return nullptr;
  ParseOptions t = o;
  t.time_format = kTimeFormat;
  auto time_options = time_parse_options(t, "string", error);
  if (!time_options) return nullptr;
  auto time = TimeParser::create(*time_options, error);
  if (!time) return nullptr;
  return std::make_unique<Apache2Parser>(std::move(*setup), std::move(*re), std::move(time));
}

}  // namespace ferry::parse
