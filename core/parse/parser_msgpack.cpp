// Fluentd's msgpack parser (parser_msgpack.rb): each object of the input is
// a map (one record) or an array of maps; no default time_key.
#include "format/msgpack_reader.hpp"
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

using format::MpValue;

class MsgpackParser : public Parser {
 public:
  explicit MsgpackParser(CommonSetup setup) : builder_(std::move(setup)) {}

  InputKind input_kind() const override { return InputKind::kMsgpackStream; }

  void parse(std::string_view data, ParseSink& sink) override {
    const uint8_t* p = reinterpret_cast<const uint8_t*>(data.data());
    const uint8_t* end = p + data.size();
    while (p < end) {
      const uint8_t* start = p;
      MpValue v;
      if (!format::read_item(p, end, v)) return malformed(data, start, sink);
      if (v.type == MpValue::kMap) {
        if (!record(p, end, v.size, data, start, sink)) return;
        continue;
      }
      if (v.type != MpValue::kArray) {
        sink.on_error("MessagePack object is not a map or an array at byte " +
                      std::to_string(start - reinterpret_cast<const uint8_t*>(data.data())));
        continue;  // a scalar: read_item consumed it whole
      }
      for (uint32_t i = 0; i < v.size; ++i) {
        const uint8_t* item = p;
        MpValue e;
        if (!format::read_item(p, end, e)) return malformed(data, item, sink);
        if (e.type != MpValue::kMap) {
          p = item;
          if (!format::skip_value(p, end)) return malformed(data, item, sink);
          sink.on_error("array element " + std::to_string(i) + " is not a map");
          continue;
        }
        if (!record(p, end, e.size, data, item, sink)) return;
      }
    }
  }

 private:
  bool record(const uint8_t*& p, const uint8_t* end, uint32_t count, std::string_view data,
              const uint8_t* start, ParseSink& sink) {
    builder_.begin();
    if (!builder_.add_map_entries(p, end, count)) {
      malformed(data, start, sink);
      return false;
    }
    return builder_.finish(sink);
  }
  void malformed(std::string_view data, const uint8_t* at, ParseSink& sink) {
    size_t offset = size_t(at - reinterpret_cast<const uint8_t*>(data.data()));
    sink.on_error("malformed or truncated MessagePack at byte " + std::to_string(offset) + " of " +
                  std::to_string(data.size()));
  }

  RecordBuilder builder_;
};

}  // namespace

std::unique_ptr<Parser> make_msgpack_parser(const ParseOptions& o, std::string* error) {
  auto setup = CommonSetup::create(o, std::nullopt, "string", error);
  if (!setup) return nullptr;
  return std::make_unique<MsgpackParser>(std::move(*setup));
}

}  // namespace ferry::parse
