#include "buffer/chunk_meta.hpp"

#include <msgpack.h>

#include <cstring>
#include <memory>

namespace ferry::buffer {

int64_t timekey_window_start(int64_t t, int64_t timekey, int64_t utc_offset_sec) {
  int64_t m = (t + utc_offset_sec) % timekey;
  if (m < 0) m += timekey;
  return t - m;
}

namespace {

void pack_key(msgpack_packer& pk, std::string_view key) {
  msgpack_pack_str(&pk, key.size());
  msgpack_pack_str_body(&pk, key.data(), key.size());
}

std::string msgpack_bytes(const msgpack_object& o) {
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  msgpack_pack_object(&pk, o);
  std::string out(sb.data, sb.size);
  msgpack_sbuffer_destroy(&sb);
  return out;
}

bool read_int(const msgpack_object& o, int64_t& out) {
  if (o.type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
    out = int64_t(o.via.u64);
    return true;
  }
  if (o.type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
    out = o.via.i64;
    return true;
  }
  if (o.type == MSGPACK_OBJECT_FLOAT64 || o.type == MSGPACK_OBJECT_FLOAT32) {
    out = int64_t(o.via.f64);  // c/m were Floats in some old Fluentd versions
    return true;
  }
  return false;
}

bool read_raw(const msgpack_object& o, std::string& out) {
  if (o.type == MSGPACK_OBJECT_STR) {
    out.assign(o.via.str.ptr, o.via.str.size);
    return true;
  }
  if (o.type == MSGPACK_OBJECT_BIN) {
    out.assign(o.via.bin.ptr, o.via.bin.size);
    return true;
  }
  return false;
}

bool key_is(const msgpack_object& k, std::string_view name) {
  std::string s;
  return read_raw(k, s) && s == name;
}

std::optional<DecodedChunkMeta> from_map(const msgpack_object& map, std::string* error) {
  if (map.type != MSGPACK_OBJECT_MAP) {
    *error = "meta is not a msgpack map";
    return std::nullopt;
  }
  DecodedChunkMeta d;
  ChunkMeta& m = d.meta;
  for (uint32_t i = 0; i < map.via.map.size; ++i) {
    const msgpack_object& k = map.via.map.ptr[i].key;
    const msgpack_object& v = map.via.map.ptr[i].val;
    bool nil = v.type == MSGPACK_OBJECT_NIL;
    bool ok = true;
    if (key_is(k, "timekey")) {
      int64_t t = 0;
      if (!nil && (ok = read_int(v, t))) m.metadata.timekey = t;
    } else if (key_is(k, "tag")) {
      std::string tag;
      if (!nil && (ok = read_raw(v, tag))) m.metadata.tag = std::move(tag);
    } else if (key_is(k, "variables")) {
      if (!nil && (ok = v.type == MSGPACK_OBJECT_MAP)) {
        std::vector<ChunkVariable> vars;
        for (uint32_t j = 0; j < v.via.map.size && ok; ++j) {
          ChunkVariable var;
          ok = read_raw(v.via.map.ptr[j].key, var.key);
          var.value_msgpack = msgpack_bytes(v.via.map.ptr[j].val);
          vars.push_back(std::move(var));
        }
        m.metadata.variables = std::move(vars);
      }
    } else if (key_is(k, "id")) {
      std::string raw;
      if ((ok = read_raw(v, raw) && raw.size() == 16)) {
        std::memcpy(m.id.bytes.data(), raw.data(), 16);
        d.has_id = true;
      }
    } else if (key_is(k, "s")) {
      int64_t s = 0;
      if ((ok = read_int(v, s) && s >= 0)) m.records = uint64_t(s);
    } else if (key_is(k, "c")) {
      ok = read_int(v, m.created_at);
    } else if (key_is(k, "m")) {
      ok = read_int(v, m.modified_at);
    }  // "seq" (always 0) and unknown keys are ignored, as Fluentd does
    if (!ok) {
      *error = "meta field has an unexpected type";
      return std::nullopt;
    }
  }
  return d;
}

}  // namespace

std::string encode_chunk_meta(const ChunkMeta& meta) {
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  const ChunkMetadata& md = meta.metadata;
  msgpack_pack_map(&pk, 8);
  pack_key(pk, "timekey");
  if (md.timekey) {
    msgpack_pack_int64(&pk, *md.timekey);
  } else {
    msgpack_pack_nil(&pk);
  }
  pack_key(pk, "tag");
  if (md.tag) {
    msgpack_pack_bin(&pk, md.tag->size());
    msgpack_pack_bin_body(&pk, md.tag->data(), md.tag->size());
  } else {
    msgpack_pack_nil(&pk);
  }
  pack_key(pk, "variables");
  if (md.variables) {
    msgpack_pack_map(&pk, md.variables->size());
    for (const ChunkVariable& v : *md.variables) {
      pack_key(pk, v.key);
      // Stored already encoded; an empty value means nil.
      if (v.value_msgpack.empty()) {
        msgpack_pack_nil(&pk);
      } else {
        msgpack_sbuffer_write(&sb, v.value_msgpack.data(), v.value_msgpack.size());
      }
    }
  } else {
    msgpack_pack_nil(&pk);
  }
  pack_key(pk, "seq");
  msgpack_pack_int64(&pk, 0);
  pack_key(pk, "id");
  msgpack_pack_bin(&pk, 16);
  msgpack_pack_bin_body(&pk, meta.id.bytes.data(), 16);
  pack_key(pk, "s");
  msgpack_pack_uint64(&pk, meta.records);
  pack_key(pk, "c");
  msgpack_pack_int64(&pk, meta.created_at);
  pack_key(pk, "m");
  msgpack_pack_int64(&pk, meta.modified_at);

  std::string out;
  out.reserve(6 + sb.size);
  out.push_back(char(0xc1));
  out.push_back(char(0x00));
  uint32_t len = uint32_t(sb.size);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char(uint8_t(len >> shift)));
  out.append(sb.data, sb.size);
  msgpack_sbuffer_destroy(&sb);
  return out;
}

std::optional<DecodedChunkMeta> decode_chunk_meta(std::string_view bytes, std::string* error) {
  std::string_view body = bytes;
  if (bytes.size() >= 2 && uint8_t(bytes[0]) == 0xc1 && bytes[1] == 0) {
    if (bytes.size() < 6) {
      *error = "meta header is cut short";
      return std::nullopt;
    }
    uint32_t len = 0;
    for (int i = 2; i < 6; ++i) len = len << 8 | uint8_t(bytes[i]);
    if (bytes.size() - 6 < len) {
      *error = "meta is shorter than its header's length " + std::to_string(len);
      return std::nullopt;
    }
    body = bytes.substr(6, len);
  }
  msgpack_unpacked up;
  msgpack_unpacked_init(&up);
  std::unique_ptr<msgpack_unpacked, void (*)(msgpack_unpacked*)> guard(&up,
                                                                       msgpack_unpacked_destroy);
  size_t off = 0;
  if (msgpack_unpack_next(&up, body.data(), body.size(), &off) != MSGPACK_UNPACK_SUCCESS) {
    *error = body.empty() ? "meta is empty" : "meta is not valid msgpack";
    return std::nullopt;
  }
  return from_map(up.data, error);
}

}  // namespace ferry::buffer
