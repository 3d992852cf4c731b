#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace ferry::buffer {

// How a chunk body splits into records, so recovery can find the last whole
// one. The buffer itself stores bytes; the output that formats them knows.
enum class BodyFraming {
  kMsgpackStream,  // msgpack objects back to back ([time, record] arrays)
  kLines,          // text records, each ending in '\n' (out_file & co.)
  kOpaque,         // unknown: nothing can be checked or counted
};

struct RecordScan {
  size_t whole_bytes = 0;           // length of the prefix made of whole records
  std::optional<uint64_t> records;  // how many; nullopt for kOpaque
};

// Walks `data` and stops at the first incomplete or undecodable record.
RecordScan scan_records(std::string_view data, BodyFraming framing);

}  // namespace ferry::buffer
