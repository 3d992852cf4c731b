#include "buffer/chunk_scan.hpp"

#include <msgpack.h>

namespace ferry::buffer {

RecordScan scan_records(std::string_view data, BodyFraming framing) {
  RecordScan scan;
  switch (framing) {
    case BodyFraming::kOpaque:
      scan.whole_bytes = data.size();
      return scan;
    case BodyFraming::kLines: {
      uint64_t n = 0;
      for (size_t i = 0; i < data.size(); ++i) {
        if (data[i] == '\n') {
          ++n;
          scan.whole_bytes = i + 1;
        }
      }
      scan.records = n;
      return scan;
    }
    case BodyFraming::kMsgpackStream:
      break;
  }
  msgpack_zone zone;
  msgpack_zone_init(&zone, 2048);
  uint64_t n = 0;
  size_t off = 0;
  while (off < data.size()) {
    size_t next = off;
    msgpack_object obj;
    // msgpack_unpack (not _next) reuses one zone; cleared per object below.
    msgpack_unpack_return r = msgpack_unpack(data.data(), data.size(), &next, &zone, &obj);
    if (r != MSGPACK_UNPACK_SUCCESS && r != MSGPACK_UNPACK_EXTRA_BYTES) break;
    off = next;
    ++n;
    msgpack_zone_clear(&zone);
  }
  msgpack_zone_destroy(&zone);
  scan.whole_bytes = off;
  scan.records = n;
  return scan;
}

}  // namespace ferry::buffer
