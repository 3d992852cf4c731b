#include "decompress.hpp"

#include <zlib.h>

#include <cstring>

namespace ferry::in_http {
namespace {

constexpr size_t kStep = 64 * 1024;

class Inflater {
 public:
  explicit Inflater(int window_bits) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, window_bits) == Z_OK;
  }
  ~Inflater() {
    if (ok_) inflateEnd(&z_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates one stream starting at in; sets *used to the input consumed.
  bool run(std::string_view in, uint64_t limit, std::string& out, size_t* used,
           std::string* error) {
    if (!ok_) {
      *error = "cannot initialise zlib";
      return false;
    }
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = uInt(in.size());
    for (;;) {
      size_t at = out.size();
      out.resize(at + kStep);
      z_.next_out = reinterpret_cast<Bytef*>(out.data() + at);
      z_.avail_out = uInt(kStep);
      int rc = inflate(&z_, Z_NO_FLUSH);
      out.resize(at + (kStep - z_.avail_out));
      if (out.size() > limit) {
        *error = "Decompressed data exceeds limit of " + std::to_string(limit) + " bytes";
        return false;
      }
      if (rc == Z_STREAM_END) {
        *used = in.size() - z_.avail_in;
        return true;
      }
      if (rc == Z_BUF_ERROR && z_.avail_in == 0) {
        *error = "unexpected end of compressed data";
        return false;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        *error = z_.msg ? z_.msg : "corrupt compressed data";
        return false;
      }
    }
  }

 private:
  z_stream z_;
  bool ok_ = false;
};

}  // namespace

bool decompress(Encoding encoding, std::string_view in, uint64_t limit, std::string& out,
                std::string* error) {
  out.clear();
  if (encoding == Encoding::kDeflate) {
    size_t used = 0;
    Inflater z(MAX_WBITS);  // zlib header, as Ruby's Zlib::Inflate.new
    return z.run(in, limit, out, &used, error);
  }
  // gzip: one member after another until the input ends (GzipReader loop).
  if (in.empty()) {
    *error = "not in gzip format";
    return false;
  }
  while (!in.empty()) {
    size_t used = 0;
    Inflater z(16 + MAX_WBITS);
    if (!z.run(in, limit, out, &used, error)) return false;
    in.remove_prefix(used);
  }
  return true;
}

}  // namespace ferry::in_http
