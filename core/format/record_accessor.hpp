#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ferry::format {

// Fluentd's record accessor (plugin_helper/record_accessor.rb): "$.a.b[0]",
// "$['a b'][0]"; anything else is one literal top-level key ("a.b").
class RecordAccessor {
 public:
  // nullopt and *error (Fluentd's ConfigError text) for a bad path.
  static std::optional<RecordAccessor> parse(std::string_view param, std::string* error);

  // True when the path digs (more than one step), as record_accessor_nested?.
  bool nested() const { return steps_.size() > 1; }

  enum class Result { kFound, kMissing, kTypeError, kMalformed };
  // Finds the value inside the MessagePack map at record; *value points at
  // its first byte when kFound. kMissing is Ruby's nil; kTypeError is
  // Hash#dig raising (digging into a string, a string index on an array).
  Result find(const uint8_t* record, const uint8_t* end, const uint8_t** value) const;

 private:
  using Step = std::variant<std::string, int64_t>;
  std::vector<Step> steps_;
};

// The value of a top-level string key of the MessagePack map at p (the last
// one when the key repeats, as Ruby's unpacker keeps the last). nullptr when
// absent; false when the bytes are malformed or p is not a map.
bool map_find(const uint8_t* p, const uint8_t* end, std::string_view key, const uint8_t** value);

}  // namespace ferry::format
