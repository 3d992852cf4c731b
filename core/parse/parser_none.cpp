// Fluentd's none parser (parser_none.rb): the whole text under message_key;
// time is now (or nil without estimate_current_event); no conversions.
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"

namespace ferry::parse {
namespace {

class NoneParser : public Parser {
 public:
  NoneParser(CommonSetup setup, std::string message_key)
      : builder_(std::move(setup)), message_key_(std::move(message_key)) {}

  void parse(std::string_view text, ParseSink& sink) override {
    builder_.begin();
    builder_.add(message_key_, FieldValue::text(text));
    bool now = builder_.setup().estimate_current_event;
    builder_.finish_with_time(now ? EventTime::now() : EventTime{}, now, false, sink);
  }

 private:
  RecordBuilder builder_;
  std::string message_key_;
};

}  // namespace

std::unique_ptr<Parser> make_none_parser(const ParseOptions& o, std::string* error) {
  auto setup = CommonSetup::create(o, std::nullopt, "string", error);
  if (!setup) return nullptr;
  return std::make_unique<NoneParser>(std::move(*setup), o.message_key);
}

}  // namespace ferry::parse
