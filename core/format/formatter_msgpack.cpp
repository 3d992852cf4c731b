// <format> @type msgpack: record.to_msgpack — the record re-encoded the way
// msgpack-ruby writes it (smallest ints and headers, floats as float64).
#include "format/formatter_types.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::format {
namespace {

bool reencode(std::string& out, const uint8_t*& p, const uint8_t* end, int depth) {
  if (depth > kMaxDepth) return false;
  MpValue v;
  if (!read_item(p, end, v)) return false;
  switch (v.type) {
    case MpValue::kNil:
      mp_nil(out);
      return true;
    case MpValue::kBool:
      mp_bool(out, v.boolean);
      return true;
    case MpValue::kInt:
      mp_int(out, v.i);
      return true;
    case MpValue::kUint:
      mp_uint(out, v.u);
      return true;
    case MpValue::kFloat:
      mp_double(out, v.f);
      return true;
    case MpValue::kStr:
      mp_str(out, v.bytes());
      return true;
    case MpValue::kBin:
      mp_bin(out, v.bytes());
      return true;
    case MpValue::kExt:
      mp_ext(out, v.ext_type, v.bytes());
      return true;
    case MpValue::kArray:
      mp_array_header(out, v.size);
      for (uint32_t i = 0; i < v.size; ++i) {
        if (!reencode(out, p, end, depth + 1)) return false;
      }
      return true;
    case MpValue::kMap:
      mp_map_header(out, v.size);
      for (uint32_t i = 0; i < 2 * v.size; ++i) {
        if (!reencode(out, p, end, depth + 1)) return false;
      }
      return true;
  }
  return false;
}

class MsgpackFormatter : public Formatter {
 public:
  bool format(std::string_view, EventTime, const uint8_t* record, size_t len, std::string& out,
              std::string* error) override {
    const uint8_t* p = record;
    if (reencode(out, p, record + len, 0)) return true;
    if (error) *error = "malformed MessagePack record";
    return false;
  }
};

}  // namespace

std::unique_ptr<Formatter> make_msgpack_formatter(const FormatOptions&, std::string*) {
  return std::make_unique<MsgpackFormatter>();
}

}  // namespace ferry::format
