#pragma once
#include <string>
#include <string_view>

namespace ferry::buffer {

// `compress gzip`: every append is one complete gzip member, members are
// concatenated (what Fluentd writes; `gzip -d` and zlib read it as one file).
// Appends the member holding `data` to out.
void append_gzip_member(std::string_view data, std::string& out);

struct GzipScan {
  size_t whole_bytes = 0;  // prefix made of whole, CRC-checked members
  std::string inflated;    // their decompressed content, concatenated
};

// Decompresses member after member; stops at the first cut or damaged one.
GzipScan inflate_gzip_members(std::string_view data);

}  // namespace ferry::buffer
