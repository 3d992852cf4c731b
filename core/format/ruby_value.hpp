#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::format {

// Ruby's text forms of a decoded MessagePack value, as Fluentd's text
// formatters produce them (Ruby 3.1 spelling, like the recorded cases):
//   to_s:    strings raw, integers, Float#to_s, nil -> "", true/false,
//            arrays and maps as inspect, EventTime as its seconds.
//   inspect: String#inspect ("a\"b", "\u0001", "\#{"), nil -> "nil",
//            [1, "a"], {"a"=>1, "b"=>nil}, EventTime as
//            "2023-11-14 22:13:20.000000000 +0000" (local time).
// Ext types other than EventTime have no Ruby value in Fluentd; they print
// as nil. Each advances p past the value; false with *error on malformed
// input or nesting deeper than kMaxDepth (depth counts from the caller).
bool append_ruby_to_s(std::string& out, const uint8_t*& p, const uint8_t* end, int depth,
                      std::string* error);
bool append_ruby_inspect(std::string& out, const uint8_t*& p, const uint8_t* end, int depth,
                         std::string* error);

}  // namespace ferry::format
