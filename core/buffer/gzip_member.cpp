#include "buffer/gzip_member.hpp"

#include <zlib.h>

#include <stdexcept>

namespace ferry::buffer {

void append_gzip_member(std::string_view data, std::string& out) {
  z_stream zs{};
  // windowBits 15 + 16: gzip wrapper (header + CRC32 + size trailer).
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  size_t start = out.size();
  out.resize(start + deflateBound(&zs, uLong(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = uInt(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data() + start);
  zs.avail_out = uInt(out.size() - start);
  int r = deflate(&zs, Z_FINISH);
  out.resize(start + zs.total_out);
  deflateEnd(&zs);
  if (r != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
}

GzipScan inflate_gzip_members(std::string_view data) {
  GzipScan scan;
  size_t off = 0;
  char buf[16384];
  while (off < data.size()) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) break;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + off));
    zs.avail_in = uInt(data.size() - off);
    std::string member;
    int r = Z_OK;
    while (r == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      r = inflate(&zs, Z_NO_FLUSH);
      member.append(buf, sizeof buf - zs.avail_out);
      // Z_BUF_ERROR with no input left: the member is cut short.
    }
    size_t used = zs.total_in;
    inflateEnd(&zs);
    if (r != Z_STREAM_END) break;
    off += used;
    scan.whole_bytes = off;
    scan.inflated += member;
  }
  return scan;
}

}  // namespace ferry::buffer
