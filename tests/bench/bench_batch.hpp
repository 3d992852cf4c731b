#pragma once
// The batch both routing benchmarks send: 1,000 events of about 250 bytes,
// [EventTime, {"message"=>180 chars, "host"=>..., "level"=>..., "n"=>i}].
#include <msgpack.h>

#include <cstdint>
#include <string>

#include "event/event_batch.hpp"
#include "event/event_time.hpp"

namespace ferry::bench {

constexpr uint32_t kBatch = 1000;

inline EventBatch make_batch() {
  msgpack_sbuffer sbuf;
  msgpack_sbuffer_init(&sbuf);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
  const std::string message(180, 'm');
  for (uint32_t i = 0; i < kBatch; ++i) {
    msgpack_pack_array(&pk, 2);
    std::string t;
    append_event_time(t, EventTime{1700000000 + i, i});
    msgpack_sbuffer_write(&sbuf, t.data(), t.size());
    msgpack_pack_map(&pk, 4);
    msgpack_pack_str_with_body(&pk, "message", 7);
    msgpack_pack_str_with_body(&pk, message.data(), message.size());
    msgpack_pack_str_with_body(&pk, "host", 4);
    msgpack_pack_str_with_body(&pk, "web-01.example.com", 18);
    msgpack_pack_str_with_body(&pk, "level", 5);
    msgpack_pack_str_with_body(&pk, "info", 4);
    msgpack_pack_str_with_body(&pk, "n", 1);
    msgpack_pack_uint32(&pk, i);
  }
  EventBatch b(std::string(sbuf.data, sbuf.size), kBatch);
  msgpack_sbuffer_destroy(&sbuf);
  return b;
}

}  // namespace ferry::bench
