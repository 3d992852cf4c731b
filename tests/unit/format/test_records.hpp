#pragma once
// Helpers for format tests: MessagePack records written from JSON text.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "format/json_to_msgpack.hpp"

namespace ferry::format::test {

inline std::string mp(std::string_view json) {
  JsonToMsgpack conv;
  std::string out, error;
  EXPECT_TRUE(conv.convert(json, out, &error)) << error << " in " << json;
  return out;
}

inline const uint8_t* bytes(const std::string& s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

}  // namespace ferry::format::test
