#include "buffer/chunk_id.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace ferry::buffer {
namespace {

TEST(ChunkId, HexIs32LowercaseDigitsAndRoundTrips) {
  ChunkId id = ChunkId::generate();
  std::string hex = id.hex();
  ASSERT_EQ(hex.size(), 32u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  auto back = ChunkId::from_hex(hex);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, id);
}

TEST(ChunkId, FirstEightBytesAreMicrosecondsShiftedByTwelve) {
  auto before = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  ChunkId id = ChunkId::generate();
  uint64_t head = 0;
  for (int i = 0; i < 8; ++i) head = head << 8 | id.bytes[i];
  int64_t us = int64_t(head >> 12);
  EXPECT_GE(us, before);
  EXPECT_LT(us, before + 5'000'000);
}

TEST(ChunkId, IdsDiffer) {
  EXPECT_NE(ChunkId::generate(), ChunkId::generate());
}

TEST(ChunkId, FromHexRejectsBadInput) {
  EXPECT_FALSE(ChunkId::from_hex("6610ed2234860e4f3092f24d3408cae"));    // 31
  EXPECT_FALSE(ChunkId::from_hex("6610ed2234860e4f3092f24d3408cae6a"));  // 33
  EXPECT_FALSE(ChunkId::from_hex("6610ed2234860e4f3092f24d3408caeg"));
  auto upper = ChunkId::from_hex("6610ED2234860E4F3092F24D3408CAE6");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->hex(), "6610ed2234860e4f3092f24d3408cae6");
}

}  // namespace
}  // namespace ferry::buffer
