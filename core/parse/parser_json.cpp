// Fluentd's json parser (parser_json.rb): an object is one record, an array
// one record per element; time_key "time" with time_type float by default.
#include "format/json_to_msgpack.hpp"
#include "format/msgpack_reader.hpp"
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

using format::MpValue;

class JsonParser : public Parser {
 public:
  explicit JsonParser(CommonSetup setup) : builder_(std::move(setup)) {}

  InputKind input_kind() const override { return InputKind::kJsonStream; }

  void parse(std::string_view text, ParseSink& sink) override {
    buffer_.clear();
    if (!converter_.convert(text, buffer_, &error_)) {
      sink.on_error(error_ + " in " + quote_for_message(text));
      return;
    }
    const uint8_t* p = reinterpret_cast<const uint8_t*>(buffer_.data());
    const uint8_t* end = p + buffer_.size();
    MpValue root;
    format::read_item(p, end, root);  // the converter's own output: well formed
    if (root.type == MpValue::kMap) {
      record(p, end, root.size, sink);
      return;
    }
    if (root.type != MpValue::kArray) {
      sink.on_error("JSON value is not an object or an array: " + quote_for_message(text));
      return;
    }
    for (uint32_t i = 0; i < root.size; ++i) {
      const uint8_t* item = p;
      MpValue v;
      format::read_item(p, end, v);
      if (v.type != MpValue::kMap) {
        p = item;
        format::skip_value(p, end);
        sink.on_error("array element " + std::to_string(i) + " is not an object in " +
                      quote_for_message(text));
        continue;
      }
      if (!record(p, end, v.size, sink)) return;  // Fluentd raises: the rest is lost
    }
  }

 private:
  bool record(const uint8_t*& p, const uint8_t* end, uint32_t count, ParseSink& sink) {
    builder_.begin();
    builder_.add_map_entries(p, end, count);
    return builder_.finish(sink);
  }

  RecordBuilder builder_;
  format::JsonToMsgpack converter_;
  std::string buffer_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Parser> make_json_parser(const ParseOptions& o, std::string* error) {
  auto setup = CommonSetup::create(o, "time", "float", error);
  if (!setup) return nullptr;
  return std::make_unique<JsonParser>(std::move(*setup));
}

}  // namespace ferry::parse
