// Content-Encoding gzip (concatenated members allowed) and deflate (zlib
// format), as Fluentd's Extractor decodes them, stopping as soon as the
// output passes `limit` bytes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::in_http {

enum class Encoding { kGzip, kDeflate };

// Replaces `out` with the decoded bytes; false with *error on corrupt input
// or when the output would exceed `limit`.
bool decompress(Encoding encoding, std::string_view in, uint64_t limit, std::string& out,
                std::string* error);

}  // namespace ferry::in_http
