#include "transcoder.hpp"

#include <strings.h>

#include <cerrno>

namespace ferry::exec {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool passes_through(const std::string& encoding) {
  for (const char* name : {"UTF-8", "UTF8", "ASCII-8BIT", "BINARY", "CP65001"}) {
    if (strcasecmp(encoding.c_str(), name) == 0) return true;
  }
  return false;
}

iconv_t open(const std::string& encoding) {
  return iconv_open("UTF-8", encoding.c_str());
}

}  // namespace

bool Transcoder::supported(const std::string& encoding, std::string* error) {
  if (passes_through(encoding)) return true;
  iconv_t cd = open(encoding);
  if (cd == iconv_t(-1)) {
    if (error) *error = "unknown encoding name - " + encoding;
    return false;
  }
  iconv_close(cd);
  return true;
}

std::unique_ptr<Transcoder> Transcoder::create(const std::string& encoding) {
  if (passes_through(encoding)) return nullptr;
  iconv_t cd = open(encoding);
  if (cd == iconv_t(-1)) return nullptr;
  return std::unique_ptr<Transcoder>(new Transcoder(cd));
}

Transcoder::~Transcoder() {
  iconv_close(cd_);
}

void Transcoder::convert(std::string_view in, bool final, std::string& out) {
  std::string input;
  if (!pending_.empty()) {
    input = std::move(pending_);
    input.append(in);
    pending_.clear();
    in = input;
  }
  char* src = const_cast<char*>(in.data());
  size_t left = in.size();
  while (left > 0) {
    size_t old = out.size();
    size_t room = left * 4 + 16;  // UTF-8 needs at most 4 bytes per input byte here
    out.resize(old + room);
    char* dst = out.data() + old;
    size_t dst_left = room;
    size_t r = iconv(cd_, &src, &left, &dst, &dst_left);
    out.resize(old + (room - dst_left));
    if (r != size_t(-1)) break;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !final) {  // cut sequence: wait for the rest
      pending_.assign(src, left);
      return;
    }
    // EILSEQ (or a cut sequence at the very end): one byte becomes U+FFFD.
    out.append(kReplacement);
    ++src;
    --left;
  }
  if (final) {
    // Flush any shift state of stateful encodings (ISO-2022-JP).
    char buf[64];
    char* dst = buf;
    size_t dst_left = sizeof buf;
    iconv(cd_, nullptr, nullptr, &dst, &dst_left);
    out.append(buf, sizeof buf - dst_left);
  }
}

}  // namespace ferry::exec
