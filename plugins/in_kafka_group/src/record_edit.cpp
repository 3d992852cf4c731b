#include "record_edit.hpp"

#include <cstdint>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::kafka_group {
namespace {

void write_value(std::string& out, const std::optional<std::string_view>& v) {
  if (v)
    format::mp_str(out, *v);
  else
    format::mp_nil(out);
}

// The last of `fields` named `key`, or nullptr.
const Field* find(const std::vector<Field>& fields, std::string_view key) {
  const Field* hit = nullptr;
  for (const Field& f : fields)
    if (f.first == key) hit = &f;
  return hit;
}

}  // namespace

bool set_fields(std::string_view record, const std::vector<Field>& fields, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(record.data());
  const auto* end = p + record.size();
  format::MpValue head;
  if (!format::read_item(p, end, head) || head.type != format::MpValue::kMap) return false;

  const size_t mark = format::mp_begin_container(out);
  uint32_t count = 0;
  std::vector<bool> used(fields.size(), false);
  for (uint32_t i = 0; i < head.size; ++i) {
    const uint8_t* key_start = p;
    format::MpValue key;
    if (!format::read_item(p, end, key)) return false;
    if (key.type == format::MpValue::kArray || key.type == format::MpValue::kMap) {
      p = key_start;
      if (!format::skip_value(p, end)) return false;
    }
    const uint8_t* value_start = p;
    if (!format::skip_value(p, end)) return false;
    const Field* f = key.type == format::MpValue::kStr ? find(fields, key.bytes()) : nullptr;
    out.append(reinterpret_cast<const char*>(key_start), value_start - key_start);
    if (f) {
      write_value(out, f->second);
      for (size_t j = 0; j < fields.size(); ++j)
        if (fields[j].first == f->first) used[j] = true;
    } else {
      out.append(reinterpret_cast<const char*>(value_start), p - value_start);
    }
    ++count;
  }
  if (p != end) return false;
  for (size_t j = 0; j < fields.size(); ++j) {
    if (used[j]) continue;
    const Field* f = find(fields, fields[j].first);
    for (size_t k = j; k < fields.size(); ++k)
      if (fields[k].first == f->first) used[k] = true;
    format::mp_str(out, f->first);
    write_value(out, f->second);
    ++count;
  }
  format::mp_end_map(out, mark, count);
  return true;
}

}  // namespace ferry::kafka_group
