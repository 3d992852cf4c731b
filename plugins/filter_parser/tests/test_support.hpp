#pragma once
// Helpers for the filter_parser tests: MessagePack from JSON, events.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "format/json_to_msgpack.hpp"

namespace ferry::parser_filter::testing {

inline std::string mp(std::string_view json) {
  format::JsonToMsgpack converter;
  std::string out, error;
  EXPECT_TRUE(converter.convert(json, out, &error)) << error;
  return out;
}

// [1700000000.5, record]
inline std::string event(std::string_view record_json) {
  return std::string("\x92\xd7\x00\x65\x53\xf1\x00\x1d\xcd\x65\x00", 11) + mp(record_json);
}

}  // namespace ferry::parser_filter::testing
