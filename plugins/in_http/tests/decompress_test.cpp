#include "decompress.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

namespace ferry::in_http {
namespace {

// window_bits 15: zlib format, 31: gzip.
std::string compress(std::string_view in, int window_bits) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(in.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

TEST(Decompress, GzipWithSeveralMembers) {
  std::string in = compress("{\"a\":", 31) + compress("1}", 31);
  std::string out, err;
  ASSERT_TRUE(decompress(Encoding::kGzip, in, 1 << 20, out, &err)) << err;
  EXPECT_EQ(out, "{\"a\":1}");
}

TEST(Decompress, DeflateIsTheZlibFormat) {
  std::string out, err;
  ASSERT_TRUE(decompress(Encoding::kDeflate, compress("hello", 15), 1 << 20, out, &err)) << err;
  EXPECT_EQ(out, "hello");
  EXPECT_FALSE(decompress(Encoding::kDeflate, compress("hello", -15), 1 << 20, out, &err));
}

TEST(Decompress, CorruptTruncatedAndEmptyInputFail) {
  std::string out, err;
  EXPECT_FALSE(decompress(Encoding::kGzip, "not gzip", 1 << 20, out, &err));
  std::string gz = compress("hello world", 31);
  EXPECT_FALSE(decompress(Encoding::kGzip, gz.substr(0, gz.size() - 6), 1 << 20, out, &err));
  EXPECT_FALSE(decompress(Encoding::kGzip, "", 1 << 20, out, &err));
  EXPECT_FALSE(decompress(Encoding::kDeflate, "", 1 << 20, out, &err));
}

TEST(Decompress, StopsAtTheLimit) {
  std::string big(1 << 20, 'x');
  std::string out, err;
  EXPECT_FALSE(decompress(Encoding::kGzip, compress(big, 31), 1000, out, &err));
  EXPECT_EQ(err, "Decompressed data exceeds limit of 1000 bytes");
  EXPECT_LE(out.size(), 1000u + 64 * 1024);
  EXPECT_TRUE(decompress(Encoding::kGzip, compress(big, 31), big.size(), out, &err));
}

}  // namespace
}  // namespace ferry::in_http
