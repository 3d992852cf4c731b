// The process-wide host API table: complete, versioned, and wired to the
// config and formatter sides.
#include "host/host_api.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace ferry::host {
namespace {

TEST(HostApi, EveryMemberOfAbi10IsFilled) {
  const ferry_host_api& api = host_api();
  EXPECT_EQ(api.struct_size, sizeof(ferry_host_api));
  EXPECT_EQ(api.abi_major, uint32_t(FERRY_ABI_MAJOR));
  EXPECT_EQ(api.abi_minor, uint32_t(FERRY_ABI_MINOR));
  // Every member after the version header is a function pointer.
  const char* base = reinterpret_cast<const char*>(&api);
  size_t first = offsetof(ferry_host_api, config_is_set);
  for (size_t off = first; off + sizeof(void*) <= sizeof api; off += sizeof(void*)) {
    void* fn = nullptr;
    std::memcpy(&fn, base + off, sizeof fn);
    EXPECT_NE(fn, nullptr) << "host API member at offset " << off << " is not filled";
  }
  EXPECT_EQ(&api, &host_api());  // one table, filled once
}

TEST(HostApi, FormatterWithDefaultsWorksThroughTheTable) {
  const ferry_host_api& api = host_api();
  ferry_error err{};
  ferry_formatter* f = api.formatter_new(nullptr, nullptr, "json", &err);
  ASSERT_NE(f, nullptr) << err.message;
  // [1700000000, {"a":1}] as MessagePack (integer time is accepted).
  const uint8_t event[] = {0x92, 0xce, 0x65, 0x53, 0xf1, 0x00, 0x81, 0xa1, 'a', 0x01};
  std::string out;
  ferry_status s = api.formatter_format(
      f, "t", 1, event, sizeof event,
      [](void* user, const char* data, size_t len) {
        static_cast<std::string*>(user)->append(data, len);
      },
      &out);
  api.formatter_free(f);
  EXPECT_EQ(s, FERRY_OK);
  EXPECT_EQ(out, "{\"a\":1}\n");
}

TEST(HostApi, HostnameAndClock) {
  const ferry_host_api& api = host_api();
  ASSERT_NE(api.hostname(), nullptr);
  EXPECT_GT(std::string(api.hostname()).size(), 0u);
  int64_t now = api.now_ns();
  EXPECT_GT(now, int64_t(1700000000) * 1000000000);  // after Nov 2023
}

}  // namespace
}  // namespace ferry::host
