#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "parse/parser.hpp"

namespace ferry::parse {

// Cuts a byte stream (a child's stdout, a socket) into the units a parser
// takes, as Fluentd's inputs do: lines for text parsers (each_line + chomp),
// concatenated values for json (Yajl's parse_io), concatenated objects for
// msgpack (parse_partial_data). An incomplete tail waits for the next feed.
//
// After invalid JSON (or a json record whose time does not parse) and after
// malformed MessagePack the rest of the stream is dropped, as Fluentd's
// streaming readers abort; text parsers go on with the next line.
// A unit longer than max_unit bytes is dropped with an error (a line: up to
// its newline; json/msgpack: the rest of the stream), so a flooding source
// cannot grow memory without bound.
class StreamSplitter {
 public:
  StreamSplitter(Parser& parser, size_t max_unit) : parser_(parser), max_unit_(max_unit) {}

  // Feeds bytes; `final` marks the end of the stream: the last line without
  // a newline is parsed, an unfinished json/msgpack value is an error, and
  // the splitter is ready for a new stream.
  void feed(std::string_view data, bool final, ParseSink& sink);

 private:
  void lines(bool final, ParseSink& sink);
  void json(bool final, ParseSink& sink);
  void msgpack(bool final, ParseSink& sink);
  // Parses buffer_[start, end); false when the unit failed.
  bool unit(size_t start, size_t end, ParseSink& sink);
  void fail_stream(std::string_view message, ParseSink& sink);
  void consume(size_t n);
  void reset();

  Parser& parser_;
  size_t max_unit_;
  std::string buffer_;
  size_t scan_ = 0;         // bytes of buffer_ already scanned
  bool failed_ = false;     // json/msgpack: drop the rest of the stream
  bool skip_line_ = false;  // lines: dropping an overlong line
  // json: scanning state of the value starting at buffer_[0]
  bool in_value_ = false, in_string_ = false, escape_ = false;
  size_t depth_ = 0;
  // msgpack: items still to read for the object starting at buffer_[0]
  uint64_t remaining_ = 0;
};

}  // namespace ferry::parse
