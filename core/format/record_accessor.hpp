#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::format {

// Fluentd's record accessor (plugin_helper/record_accessor.rb): "$.a.b[0]",
// "$['a b'][0]"; anything else is one literal top-level key ("a.b"). Used
// by the formatters' fields and by record_transformer's remove_keys.
class RecordAccessor {
 public:
  // One step of the path: a hash key, or an Integer (an array index, or an
  // integer hash key, as Hash#dig takes it).
  struct Step {
    bool is_index = false;
    int64_t index = 0;
    std::string key;
  };

  // nullopt and *error (Fluentd's ConfigError text) for a bad path.
  static std::optional<RecordAccessor> parse(std::string_view param, std::string* error);

  const std::vector<Step>& steps() const { return steps_; }
  // True when the path digs (more than one step), as record_accessor_nested?.
  bool nested() const { return steps_.size() > 1; }

  enum class Result { kFound, kMissing, kTypeError, kMalformed };
  // Finds the value inside the MessagePack map at record; *value points at
  // its first byte when kFound. kMissing is Ruby's nil; kTypeError is
  // Hash#dig raising (digging into a string, a string index on an array).
  Result find(const uint8_t* record, const uint8_t* end, const uint8_t** value) const;

  // Fluentd's delete_nest on the MessagePack value reached by steps()[0..from)
  // (`value` holds it): the container reached by the steps before the last
  // loses the element of the last step (Hash#delete; Array#delete_at).
  // Writes the changed value to out and returns true; false (out untouched)
  // when nothing changes: a missing step, a step into a non-container, a
  // key on an array or an index on a hash, where Fluentd silently does
  // nothing either.
  bool delete_from(std::string_view value, size_t from, std::string& out) const;

 private:
  std::vector<Step> steps_;
};

// The value of a top-level string key of the MessagePack map at p (the last
// one when the key repeats, as Ruby's unpacker keeps the last). nullptr when
// absent; false when the bytes are malformed or p is not a map.
bool map_find(const uint8_t* p, const uint8_t* end, std::string_view key, const uint8_t** value);

// Appends the Ruby to_s of that value (nothing when the key is absent:
// nil.to_s), as the single_value and tsv formatters write a field. False
// with *error when the record is malformed.
bool append_field_to_s(std::string& out, const uint8_t* record, const uint8_t* end,
                       std::string_view key, std::string* error);

}  // namespace ferry::format
