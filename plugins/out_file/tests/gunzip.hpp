#pragma once
// Test helper: decompresses a concatenation of gzip members with zlib (as
// zcat reads them), counting the members.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <string_view>

namespace ferry::test {

inline std::string gunzip_all(std::string_view data, unsigned* members = nullptr) {
  std::string out;
  unsigned count = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + pos));
    z.avail_in = uInt(data.size() - pos);
    int rc = Z_OK;
    char buf[65536];
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      out.append(buf, sizeof buf - z.avail_out);
    }
    EXPECT_EQ(rc, Z_STREAM_END) << "broken gzip member at byte " << pos;
    pos += z.total_in;
    inflateEnd(&z);
    ++count;
    if (rc != Z_STREAM_END) break;
  }
  if (members) *members = count;
  return out;
}

}  // namespace ferry::test
