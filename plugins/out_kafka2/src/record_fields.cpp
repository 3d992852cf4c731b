#include "record_fields.hpp"

#include <cstdint>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/ruby_value.hpp"

namespace ferry::out_kafka2 {
namespace {

using format::MpValue;

struct Pair {
  std::string_view key;  // empty data() for a non-string key
  bool string_key = false;
  std::string_view bytes;  // key and value, as stored
  std::string_view value;
  bool removed = false;
};

const uint8_t* u8(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

// The top-level pairs of the map at `record`.
bool split_map(std::string_view record, std::vector<Pair>& pairs, std::string* error) {
  pairs.clear();
  const uint8_t* p = u8(record);
  const uint8_t* end = p + record.size();
  MpValue v;
  if (!format::read_item(p, end, v) || v.type != MpValue::kMap) {
    *error = "the record is not a map";
    return false;
  }
  for (uint32_t i = 0; i < v.size; ++i) {
    Pair pair;
    const uint8_t* start = p;
    MpValue k;
    const uint8_t* key_at = p;
    if (!format::read_item(p, end, k)) break;
    if (k.type == MpValue::kStr) {
      pair.key = k.bytes();
      pair.string_key = true;
    } else {
      p = key_at;
      if (!format::skip_value(p, end)) break;
    }
    const uint8_t* value_at = p;
    if (!format::skip_value(p, end)) break;
    pair.value = {reinterpret_cast<const char*>(value_at), static_cast<size_t>(p - value_at)};
    pair.bytes = {reinterpret_cast<const char*>(start), static_cast<size_t>(p - start)};
    pairs.push_back(pair);
    if (i + 1 == v.size) return true;
  }
  if (v.size == 0) return true;
  *error = "the record is malformed MessagePack";
  return false;
}

// The last pair with that key (Ruby's unpacker keeps the last), or null.
Pair* find(std::vector<Pair>& pairs, std::string_view key) {
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it)
    if (!it->removed && it->string_key && it->key == key) return &*it;
  return nullptr;
}

// Ruby's `x || default`: nil and false count as absent.
bool truthy(std::string_view value) {
  const uint8_t b = static_cast<uint8_t>(value[0]);
  return b != 0xc0 && b != 0xc2;
}

bool to_s(std::string_view value, std::string& out, std::string* error) {
  out.clear();
  const uint8_t* p = u8(value);
  return format::append_ruby_to_s(out, p, p + value.size(), 0, error);
}

// The field `key` (deleted when `exclude`, as record.delete does); its Ruby
// to_s in `out`, else `fallback`.
bool take_string(std::vector<Pair>& pairs, const std::string& key, bool exclude,
                 const std::optional<std::string>& fallback, std::optional<std::string>& out,
                 std::string* error) {
  Pair* pair = find(pairs, key);
  if (pair && exclude) {
    // Hash#delete removes the key whatever its value.
    for (Pair& q : pairs)
      if (!q.removed && q.string_key && q.key == key) q.removed = true;
  }
  if (pair && truthy(pair->value)) {
    out.emplace();
    return to_s(pair->value, *out, error);
  }
  out = fallback;
  return true;
}

void remove_all(std::vector<Pair>& pairs, std::string_view key) {
  for (Pair& q : pairs)
    if (!q.removed && q.string_key && q.key == key) q.removed = true;
}

}  // namespace

void MessageFields::clear() {
  partition_key.reset();
  partition.reset();
  message_key.reset();
  headers.clear();
  record.clear();
}

bool extract_fields(const FieldRules& rules, std::string_view record, MessageFields& out,
                    std::string* error) {
  thread_local std::vector<Pair> pairs;
  out.clear();
  if (!split_map(record, pairs, error)) return false;

  if (rules.exclude_topic_key) remove_all(pairs, rules.topic_key);
  if (!take_string(pairs, rules.partition_key_key, rules.exclude_partition_key,
                   rules.default_partition_key, out.partition_key, error))
    return false;

  if (Pair* pair = find(pairs, rules.partition_key)) {
    const std::string_view value = pair->value;
    if (rules.exclude_partition) remove_all(pairs, rules.partition_key);
    if (truthy(value)) {
      const uint8_t* p = u8(value);
      MpValue v;
      if (!format::read_item(p, p + value.size(), v) ||
          (v.type != MpValue::kInt && v.type != MpValue::kUint) ||
          (v.type == MpValue::kUint && v.u > static_cast<uint64_t>(INT32_MAX)) ||
          (v.type == MpValue::kInt && v.i < 0)) {
        *error = "the `" + rules.partition_key + "` field is not a partition number";
        return false;
      }
      out.partition = static_cast<int32_t>(v.type == MpValue::kUint ? v.u : v.i);
    }
  }
  if (!out.partition) out.partition = rules.default_partition;

  if (!take_string(pairs, rules.message_key_key, rules.exclude_message_key,
                   rules.default_message_key, out.message_key, error))
    return false;

  // The record as it now is: the original bytes when nothing was deleted.
  size_t kept = 0;
  for (const Pair& q : pairs) kept += !q.removed;
  if (kept == pairs.size()) {
    out.record.assign(record);
  } else {
    format::mp_map_header(out.record, static_cast<uint32_t>(kept));
    for (const Pair& q : pairs)
      if (!q.removed) out.record.append(q.bytes);
  }

  for (const auto& [name, accessor] : rules.headers_from_record) {
    const uint8_t* rec = u8(out.record);
    const uint8_t* value = nullptr;
    auto& header = out.headers.emplace_back(name, std::nullopt);
    if (accessor.find(rec, rec + out.record.size(), &value) ==
        format::RecordAccessor::Result::kFound) {
      const uint8_t* p = value;
      std::string text;
      if (!format::append_ruby_to_s(text, p, rec + out.record.size(), 0, error)) return false;
      if (static_cast<uint8_t>(*value) != 0xc0) header.second = std::move(text);
    }
  }

  for (const format::RecordAccessor& accessor : rules.exclude_fields) {
    std::string changed;
    if (accessor.delete_from(out.record, 0, changed)) out.record = std::move(changed);
  }

  if (rules.record_key) {
    const uint8_t* rec = u8(out.record);
    const uint8_t* value = nullptr;
    if (rules.record_key->find(rec, rec + out.record.size(), &value) ==
        format::RecordAccessor::Result::kFound) {
      const uint8_t* p = value;
      if (!format::skip_value(p, rec + out.record.size())) {
        *error = "the record is malformed MessagePack";
        return false;
      }
      out.record = std::string(reinterpret_cast<const char*>(value), p - value);
    } else {
      out.record.assign("\xc0", 1);  // nil, as the accessor returns
    }
  }
  return true;
}

}  // namespace ferry::out_kafka2
