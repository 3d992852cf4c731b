#pragma once
// Paths into the document json_extract reads: Fluentd's record accessor
// syntax (plugin_helper/record_accessor.rb) plus one extension the Jolokia
// use needs, bracket keys after dot steps:
//   $.value['kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics'].Count
// Fluentd accepts only `$.a.b[0]` (dot form, integer brackets) or
// `$['a']['b'][0]` (bracket form); both mean here what they mean there, and a
// path mixing the two (which Fluentd rejects) reads as the steps it spells.
// A text not starting with `$.` or `$[` is one literal top-level key.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::json_extract {

struct PathStep {
  bool is_index = false;  // [N] (negative counts from the end); else a key
  int64_t index = 0;
  std::string key;
};

struct Path {
  std::string text;  // as written, for messages
  std::vector<PathStep> steps;
};

// Throws std::invalid_argument naming the problem and the path.
Path parse_path(std::string_view text);

}  // namespace ferry::json_extract
