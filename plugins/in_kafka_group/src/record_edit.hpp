#pragma once
// Sets fields of a MessagePack record map, as Ruby's record[k] = v: a key
// already there gets the new value in place, a new key is appended.
// Used for kafka_message_key and add_headers.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::kafka_group {

// A field value: a string, or nil (a message without key, a header
// without value).
using Field = std::pair<std::string_view, std::optional<std::string_view>>;

// Appends to `out` the map `record` with `fields` set (later fields win
// over earlier ones of the same name). False when `record` is not one
// well-formed map (out is then unspecified).
bool set_fields(std::string_view record, const std::vector<Field>& fields, std::string& out);

}  // namespace ferry::kafka_group
