// Fluentd's ltsv parser (parser_ltsv.rb): "label:value" pairs split by a
// delimiter (or delimiter_pattern); pairs without a label delimiter dropped.
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/ruby_text.hpp"

namespace ferry::parse {
namespace {

class LtsvParser : public Parser {
 public:
  LtsvParser(CommonSetup setup, std::string delimiter, std::optional<RubyRegex> pattern,
             std::string label_delimiter)
      : builder_(std::move(setup)),
        delimiter_(std::move(delimiter)),
        pattern_(std::move(pattern)),
        label_delimiter_(std::move(label_delimiter)) {}

  void parse(std::string_view text, ParseSink& sink) override {
    if (pattern_)
      regex_split(*pattern_, text, pairs_);
    else
      ruby_split(text, delimiter_, 0, pairs_);
    builder_.begin();
    for (std::string_view pair : pairs_) {
      ruby_split(pair, label_delimiter_, 2, kv_);
      if (kv_.size() == 2) builder_.set(kv_[0], FieldValue::text(kv_[1]));
    }
    builder_.finish(sink);
  }

 private:
  RecordBuilder builder_;
  std::string delimiter_;
  std::optional<RubyRegex> pattern_;
  std::string label_delimiter_;
  std::vector<std::string_view> pairs_, kv_;
};

}  // namespace

std::unique_ptr<Parser> make_ltsv_parser(const ParseOptions& o, std::string* error) {
  auto setup = CommonSetup::create(o, "time", "string", error);
  if (!setup) return nullptr;
  std::optional<RubyRegex> pattern;
  if (o.delimiter_pattern) {
    std::string why;
    pattern = RubyRegex::from_param(*o.delimiter_pattern, &why);
    if (!pattern) {
      if (error) *error = "delimiter_pattern: " + why;
      return nullptr;
    }
  }
  return std::make_unique<LtsvParser>(std::move(*setup), o.delimiter.value_or("\t"),
                                      std::move(pattern), o.label_delimiter);
}

}  // namespace ferry::parse
