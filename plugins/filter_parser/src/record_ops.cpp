#include "record_ops.hpp"

#include <cstdint>
#include <vector>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::parser_filter {
namespace {

using format::MpValue;

struct Entry {
  std::string_view key;     // the encoded key
  std::string_view key_id;  // what identifies it: string payload, else the encoding
  std::string_view value;   // the encoded value
};

std::string_view span(const uint8_t* b, const uint8_t* e) {
  return {reinterpret_cast<const char*>(b), size_t(e - b)};
}

// Reads a map's entries; a repeated key keeps its first place and last value.
bool read_map(std::string_view map, std::vector<Entry>& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(map.data());
  const uint8_t* end = p + map.size();
  MpValue head;
  if (!format::read_item(p, end, head) || head.type != MpValue::kMap) return false;
  for (uint32_t i = 0; i < head.size; ++i) {
    const uint8_t* k = p;
    MpValue key;
    const uint8_t* q = p;
    if (!format::read_item(q, end, key) || !format::skip_value(p, end)) return false;
    const uint8_t* v = p;
    if (!format::skip_value(p, end)) return false;
    Entry e{span(k, v), span(k, v), span(v, p)};
    if (key.type == MpValue::kStr || key.type == MpValue::kBin) e.key_id = key.bytes();
    bool repeated = false;
    for (Entry& seen : out) {
      if (seen.key_id == e.key_id) {
        seen.value = e.value;
        repeated = true;
        break;
      }
    }
    if (!repeated) out.push_back(e);
  }
  return p == end;
}

}  // namespace

bool append_prefixed(std::string& out, std::string_view map, std::string_view prefix) {
  std::vector<Entry> entries;
  if (!read_map(map, entries)) return false;
  format::mp_map_header(out, uint32_t(entries.size()));
  for (const Entry& e : entries) {
    const auto* k = reinterpret_cast<const uint8_t*>(e.key.data());
    MpValue key;
    format::read_item(k, k + e.key.size(), key);
    if (key.type == MpValue::kStr || key.type == MpValue::kBin) {
      format::mp_str(out, std::string(prefix) + std::string(key.bytes()));
    } else {
      out.append(e.key);  // parsers give string keys only
    }
    out.append(e.value);
  }
  return true;
}

void append_wrapped(std::string& out, std::string_view field, std::string_view value) {
  format::mp_map_header(out, 1);
  format::mp_str(out, field);
  out.append(value);
}

bool append_merged(std::string& out, std::string_view record, std::string_view over) {
  std::vector<Entry> base, top;
  if (!read_map(record, base) || !read_map(over, top)) return false;
  std::vector<bool> used(top.size(), false);
  size_t count = base.size();
  for (size_t j = 0; j < top.size(); ++j) {
    bool shared = false;
    for (const Entry& b : base) shared = shared || b.key_id == top[j].key_id;
    if (!shared) ++count;
  }
  format::mp_map_header(out, uint32_t(count));
  for (const Entry& b : base) {
    std::string_view value = b.value;
    for (size_t j = 0; j < top.size(); ++j) {
      if (top[j].key_id == b.key_id) {
        value = top[j].value;
        used[j] = true;
      }
    }
    out.append(b.key);
    out.append(value);
  }
  for (size_t j = 0; j < top.size(); ++j) {
    if (used[j]) continue;
    out.append(top[j].key);
    out.append(top[j].value);
  }
  return true;
}

}  // namespace ferry::parser_filter
