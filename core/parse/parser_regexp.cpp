// Fluentd's regexp parser (parser_regexp.rb) and the parsers that are a
// regexp with defaults: nginx, apache and apache_error (parser_nginx.rb,
// parser_apache.rb, parser_apache_error.rb). Named groups become fields in pattern order;
// groups that did not participate are left out.
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

constexpr const char* kNginxExpression =
    R"re(/^(?<remote>[^ ]*) (?<host>[^ ]*) (?<user>[^ ]*) \[(?<time>[^\]]*)\] "(?<method>\S+)(?: +(?<path>[^\"]*?)(?: +\S*)?)?" (?<code>[^ ]*) (?<size>[^ ]*)(?: "(?<referer>[^\"]*)" "(?<agent>[^\"]*)"(?:\s+\"?(?<http_x_forwarded_for>[^\"]*)\"?)?)?$/)re";
constexpr const char* kApacheExpression =
    R"re(/^(?<host>[^ ]*) [^ ]* (?<user>[^ ]*) \[(?<time>[^\]]*)\] "(?<method>\S+)(?: +(?<path>[^ ]*) +\S*)?" (?<code>[^ ]*) (?<size>[^ ]*)(?: "(?<referer>[^\"]*)" "(?<agent>[^\"]*)")?$/)re";
constexpr const char* kApacheErrorExpression =
    R"re(/^\[[^ ]* (?<time>[^\]]*)\] \[(?<level>[^\]]*)\](?: \[pid (?<pid>[^\]]*)\])?( \[client (?<client>[^\]]*)\])? (?<message>.*)$/)re";
constexpr const char* kAccessLogTimeFormat = "%d/%b/%Y:%H:%M:%S %z";

class RegexpParser : public Parser {
 public:
  RegexpParser(CommonSetup setup, RubyRegex re) : builder_(std::move(setup)), re_(std::move(re)) {}

  void parse(std::string_view text, ParseSink& sink) override {
    int rc = re_.search(text, 0, &error_);
    if (rc < 0) {
      sink.on_error(error_ + ": " + quote_for_message(text));
      return;
    }
    if (rc == 0) {
      sink.on_error("pattern not matched: " + quote_for_message(text));
      return;
    }
    builder_.begin();
    const std::vector<std::string>& names = re_.names();
    for (size_t i = 0; i < names.size(); ++i) {
      std::string_view value;
      if (re_.named(i, value)) builder_.add(names[i], FieldValue::text(value));
    }
    builder_.finish(sink);
  }

 private:
  RecordBuilder builder_;
  RubyRegex re_;
  std::string error_;
};

std::unique_ptr<Parser> make(const ParseOptions& o, std::string* error) {
  if (!o.expression) {
    if (error) *error = "'expression' parameter is required";
    return nullptr;
  }
  std::string why;
  auto re = RubyRegex::from_param(*o.expression, &why);
  if (re && (o.ignorecase || o.multiline)) {
    // The deprecated flags rebuild the regexp from its source with only
    // these options, as Fluentd's compat layer does.
    std::string flags = std::string(o.ignorecase ? "i" : "") + (o.multiline ? "m" : "");
    re = RubyRegex::compile(re->source(), flags, &why);
  }
  if (!re) {
    if (error) *error = "expression: " + why;
    return nullptr;
  }
  if (re->names().empty()) {
    if (error) {
      *error =
          "No named captures in 'expression' parameter. The regexp must have at least one "
          "named capture";
    }
    return nullptr;
  }
  auto setup = CommonSetup::create(o, "time", "string", error);
  if (!setup) return nullptr;
  return std::make_unique<RegexpParser>(std::move(*setup), std::move(*re));
}

}  // namespace

std::unique_ptr<Parser> make_regexp_parser(const ParseOptions& o, std::string* error) {
  return make(o, error);
}

std::unique_ptr<Parser> make_nginx_parser(const ParseOptions& o, std::string* error) {
  ParseOptions n = o;
  if (!n.expression) n.expression = kNginxExpression;
  if (!n.time_format) n.time_format = kAccessLogTimeFormat;
  return make(n, error);
}

std::unique_ptr<Parser> make_apache_parser(const ParseOptions& o, std::string* error) {
  ParseOptions n = o;
  if (!n.expression) n.expression = kApacheExpression;
  if (!n.time_format) n.time_format = kAccessLogTimeFormat;
  return make(n, error);
}

std::unique_ptr<Parser> make_apache_error_parser(const ParseOptions& o, std::string* error) {
  ParseOptions n = o;
  if (!n.expression) n.expression = kApacheErrorExpression;
  return make(n, error);
}

}  // namespace ferry::parse
