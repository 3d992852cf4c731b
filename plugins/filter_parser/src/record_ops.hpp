#pragma once
// The MessagePack map operations of filter_parser's handle_parsed:
// prefixing the parsed keys (inject_key_prefix), wrapping them in one field
// (hash_value_field) and Ruby's Hash#merge onto the original record
// (reserve_data). Maps are read once; values are copied as bytes.
#include <string>
#include <string_view>

namespace ferry::parser_filter {

// Appends `map` with every string key prefixed. False when map is not a
// well-formed MessagePack map.
bool append_prefixed(std::string& out, std::string_view map, std::string_view prefix);

// Appends {field => value}.
void append_wrapped(std::string& out, std::string_view field, std::string_view value);

// Appends record.merge(over): the record's keys in their order (a key that
// `over` also has takes over's value), then over's other keys in theirs. A
// key repeated within one map counts once, with its last value (as Ruby's
// unpacker makes it). Strings and binaries with the same bytes are the same
// key. False when either is not a well-formed map.
bool append_merged(std::string& out, std::string_view record, std::string_view over);

}  // namespace ferry::parser_filter
