#pragma once
// in_exec's `encoding`: the command's output is read in that encoding and
// handed on as UTF-8, invalid or unconvertible bytes becoming U+FFFD, as
// Ruby's IO#set_encoding(ext, "utf-8", invalid: :replace, undef: :replace)
// does for Fluentd. Binary encodings and UTF-8 itself mean no conversion
// (Ruby does none either). Uses the C library's iconv.
#include <iconv.h>

#include <memory>
#include <string>
#include <string_view>

namespace ferry::exec {

class Transcoder {
 public:
  // False and *error (Ruby's "unknown encoding name - X") when the
  // encoding is unknown.
  static bool supported(const std::string& encoding, std::string* error);
  // nullptr when the output needs no conversion (UTF-8, ASCII-8BIT/BINARY)
  // or the encoding is unknown (check supported() first).
  static std::unique_ptr<Transcoder> create(const std::string& encoding);

  ~Transcoder();
  Transcoder(const Transcoder&) = delete;
  Transcoder& operator=(const Transcoder&) = delete;

  // Converts `in`, appending UTF-8 to out. A sequence cut by the end of
  // `in` waits for the next call; `final` ends the stream (an unfinished
  // sequence then becomes U+FFFD).
  void convert(std::string_view in, bool final, std::string& out);

 private:
  explicit Transcoder(iconv_t cd) : cd_(cd) {}
  iconv_t cd_;
  std::string pending_;  // an unfinished multibyte sequence
};

}  // namespace ferry::exec
