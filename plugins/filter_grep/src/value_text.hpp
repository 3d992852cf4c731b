#pragma once
// What filter_grep matches: `record_accessor.call(record).to_s`, and the
// texts of Ruby's failures around it.
#include <cstdint>
#include <string>
#include <string_view>

#include "format/record_accessor.hpp"

namespace ferry::grep {

// Ruby's to_s of the MessagePack value at p (p == nullptr: nil -> ""). A
// string is returned as a view of its bytes; anything else is written into
// buf. A UTF-8 string with invalid bytes cannot be matched in Ruby (the
// match raises and Fluentd retries on String#scrub('?')): *scrubbed is set
// and the scrubbed copy is in buf. False on malformed input.
bool subject_of(const uint8_t* p, const uint8_t* end, std::string& buf, std::string_view& subject,
                bool& scrubbed);

// String#scrub('?') for UTF-8: each maximal invalid subpart (the longest
// prefix of a valid sequence, else one byte) becomes one '?'.
void ruby_scrub(std::string_view s, std::string& out);

// The TypeError Ruby's Hash#dig raises where `accessor` reaches a value it
// cannot dig into: "String does not have #dig method", or "no implicit
// conversion of String into Integer" for a key on an array.
std::string dig_error(const format::RecordAccessor& accessor, const uint8_t* record,
                      const uint8_t* end);

}  // namespace ferry::grep
