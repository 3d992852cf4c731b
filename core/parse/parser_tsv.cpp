// Fluentd's tsv parser (parser_tsv.rb): at most keys.size fields (the last
// keeps any further delimiters); missing columns are nil.
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/ruby_text.hpp"

namespace ferry::parse {
namespace {

class TsvParser : public Parser {
 public:
  TsvParser(CommonSetup setup, std::vector<std::string> keys, std::string delimiter)
      : builder_(std::move(setup)), keys_(std::move(keys)), delimiter_(std::move(delimiter)) {}

  void parse(std::string_view text, ParseSink& sink) override {
    ruby_split(text, delimiter_, int(keys_.size()), values_);
    builder_.begin();
    for (size_t i = 0; i < keys_.size(); ++i) {
      builder_.set(keys_[i], i < values_.size() ? FieldValue::text(values_[i]) : FieldValue::nil());
    }
    builder_.finish(sink);
  }

 private:
  RecordBuilder builder_;
  std::vector<std::string> keys_;
  std::string delimiter_;
  std::vector<std::string_view> values_;
};

}  // namespace

std::unique_ptr<Parser> make_tsv_parser(const ParseOptions& o, std::string* error) {
  if (!o.keys) {
    if (error) *error = "'keys' parameter is required";
    return nullptr;
  }
  auto setup = CommonSetup::create(o, std::nullopt, "string", error);
  if (!setup) return nullptr;
  return std::make_unique<TsvParser>(std::move(*setup), *o.keys, o.delimiter.value_or("\t"));
}

}  // namespace ferry::parse
