#pragma once
// Helpers shared by the buffer tests: temp dirs, file bytes, JSON lines
// turned into msgpack objects, chunk bodies split into events.
#include <gtest/gtest.h>
#include <msgpack.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "format/json_to_msgpack.hpp"

namespace ferry::buffer::testing {

namespace fs = std::filesystem;

inline fs::path fixture_dir(const std::string& name) {
  return fs::path(FERRY_BUFFER_FIXTURES) / name;
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("ferry-buffer-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
inline void write_bytes(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}
inline std::vector<std::string> dir_names(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A decoded msgpack value that owns its memory.
class Msgpack {
 public:
  explicit Msgpack(std::string bytes) : bytes_(std::move(bytes)) {
    msgpack_unpacked_init(&up_);
    size_t off = 0;
    ok_ = msgpack_unpack_next(&up_, bytes_.data(), bytes_.size(), &off) == MSGPACK_UNPACK_SUCCESS;
  }
  ~Msgpack() { msgpack_unpacked_destroy(&up_); }
  Msgpack(const Msgpack&) = delete;
  bool ok() const { return ok_; }
  const msgpack_object& get() const { return up_.data; }

 private:
  std::string bytes_;
  msgpack_unpacked up_;
  bool ok_ = false;
};

inline std::unique_ptr<Msgpack> from_json(std::string_view json) {
  static format::JsonToMsgpack conv;
  std::string out, err;
  EXPECT_TRUE(conv.convert(json, out, &err)) << err;
  return std::make_unique<Msgpack>(std::move(out));
}

inline const msgpack_object* field(const msgpack_object& map, std::string_view key) {
  if (map.type != MSGPACK_OBJECT_MAP) return nullptr;
  for (uint32_t i = 0; i < map.via.map.size; ++i) {
    const msgpack_object& k = map.via.map.ptr[i].key;
    if (k.type == MSGPACK_OBJECT_STR && std::string_view(k.via.str.ptr, k.via.str.size) == key)
      return &map.via.map.ptr[i].val;
  }
  return nullptr;
}
inline std::string str(const msgpack_object* o) {
  if (!o || o->type != MSGPACK_OBJECT_STR) return "<not a string>";
  return std::string(o->via.str.ptr, o->via.str.size);
}
inline std::string pack(const msgpack_object& o) {
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  msgpack_pack_object(&pk, o);
  std::string s(sb.data, sb.size);
  msgpack_sbuffer_destroy(&sb);
  return s;
}

inline std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

// One [EventTime, record] of a chunk body.
struct Event {
  uint32_t sec = 0, nsec = 0;
  std::string record_msgpack;
};

// Splits a msgpack event stream; fails the test on anything else.
inline std::vector<Event> split_events(std::string_view body) {
  std::vector<Event> events;
  msgpack_unpacked up;
  msgpack_unpacked_init(&up);
  size_t off = 0;
  while (off < body.size()) {
    if (msgpack_unpack_next(&up, body.data(), body.size(), &off) != MSGPACK_UNPACK_SUCCESS) {
      ADD_FAILURE() << "undecodable bytes at " << off;
      break;
    }
    const msgpack_object& o = up.data;
    if (o.type != MSGPACK_OBJECT_ARRAY || o.via.array.size != 2 ||
        o.via.array.ptr[0].type != MSGPACK_OBJECT_EXT || o.via.array.ptr[0].via.ext.type != 0 ||
        o.via.array.ptr[0].via.ext.size != 8) {
      ADD_FAILURE() << "not an [EventTime, record] pair";
      break;
    }
    auto* p = reinterpret_cast<const uint8_t*>(o.via.array.ptr[0].via.ext.ptr);
    Event e;
    for (int i = 0; i < 4; ++i) {
      e.sec = e.sec << 8 | p[i];
      e.nsec = e.nsec << 8 | p[4 + i];
    }
    e.record_msgpack = pack(o.via.array.ptr[1]);
    events.push_back(std::move(e));
  }
  msgpack_unpacked_destroy(&up);
  return events;
}

// An event as Fluentd stores it: [EventTime, record-from-json].
inline std::string event_bytes(uint32_t sec, uint32_t nsec, std::string_view record_json) {
  std::string out("\x92\xd7\x00", 3);
  for (int s = 24; s >= 0; s -= 8) out.push_back(char(uint8_t(sec >> s)));
  for (int s = 24; s >= 0; s -= 8) out.push_back(char(uint8_t(nsec >> s)));
  auto rec = from_json(record_json);
  out += pack(rec->get());
  return out;
}

}  // namespace ferry::buffer::testing
