#include "parse/stream_splitter.hpp"

#include "format/msgpack_reader.hpp"
#include "parse/ruby_text.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

// Forwards to the real sink and remembers whether anything failed.
class WatchingSink : public ParseSink {
 public:
  explicit WatchingSink(ParseSink& inner) : inner_(inner) {}
  void on_event(std::string_view event, bool time_set) override {
    inner_.on_event(event, time_set);
  }
  void on_error(std::string_view message) override {
    failed = true;
    inner_.on_error(message);
  }
  bool failed = false;

 private:
  ParseSink& inner_;
};

}  // namespace

void StreamSplitter::feed(std::string_view data, bool final, ParseSink& sink) {
  if (!failed_) buffer_.append(data);
  switch (parser_.input_kind()) {
    case InputKind::kLines:
      lines(final, sink);
      break;
    case InputKind::kJsonStream:
      if (!failed_) json(final, sink);
      break;
    case InputKind::kMsgpackStream:
      if (!failed_) msgpack(final, sink);
      break;
  }
  if (final) reset();
}

void StreamSplitter::reset() {
  buffer_.clear();
  scan_ = 0;
  failed_ = skip_line_ = in_value_ = in_string_ = escape_ = false;
  depth_ = 0;
  remaining_ = 0;
}

void StreamSplitter::consume(size_t n) {
  buffer_.erase(0, n);
  scan_ = scan_ > n ? scan_ - n : 0;
}

bool StreamSplitter::unit(size_t start, size_t end, ParseSink& sink) {
  WatchingSink watch(sink);
  parser_.parse(std::string_view(buffer_).substr(start, end - start), watch);
  return !watch.failed;
}

void StreamSplitter::fail_stream(std::string_view message, ParseSink& sink) {
  sink.on_error(message);
  failed_ = true;
  buffer_.clear();
  scan_ = 0;
}

void StreamSplitter::lines(bool final, ParseSink& sink) {
  size_t start = 0;
  while (true) {
    size_t nl = buffer_.find('\n', scan_);
    if (nl == std::string::npos) break;
    size_t end = nl;
    if (end > start && buffer_[end - 1] == '\r') --end;  // chomp
    if (!skip_line_) unit(start, end, sink);
    skip_line_ = false;
    start = scan_ = nl + 1;
  }
  consume(start);
  scan_ = buffer_.size();
  if (!skip_line_ && buffer_.size() > max_unit_) {
    sink.on_error("line longer than " + std::to_string(max_unit_) +
                  " bytes dropped: " + quote_for_message(buffer_));
    skip_line_ = true;
  }
  if (skip_line_) {
    buffer_.clear();
    scan_ = 0;
  } else if (final && !buffer_.empty()) {
    unit(0, ruby_chomp(buffer_).size(), sink);
  }
}

void StreamSplitter::json(bool final, ParseSink& sink) {
  while (true) {
    if (!in_value_) {
      size_t i = 0;
      while (i < buffer_.size() && ruby_space(buffer_[i])) ++i;
      consume(i);
      if (buffer_.empty()) break;
      char c = buffer_[0];
      if (c != '{' && c != '[') {
        fail_stream("invalid JSON in the stream: " + quote_for_message(buffer_), sink);
        return;
      }
      in_value_ = true;
      scan_ = 0;
      depth_ = 0;
    }
    size_t end = 0;
    for (size_t i = scan_; i < buffer_.size(); ++i) {
      char c = buffer_[i];
      if (in_string_) {
        if (escape_)
          escape_ = false;
        else if (c == '\\')
          escape_ = true;
        else if (c == '"')
          in_string_ = false;
      } else if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if ((c == '}' || c == ']') && --depth_ == 0) {
        end = i + 1;
        break;
      }
    }
    if (end == 0) {
      scan_ = buffer_.size();
      if (buffer_.size() > max_unit_) {
        fail_stream("JSON value longer than " + std::to_string(max_unit_) +
                        " bytes: " + quote_for_message(buffer_),
                    sink);
      } else if (final) {
        fail_stream("incomplete JSON at the end of the stream: " + quote_for_message(buffer_),
                    sink);
      }
      return;
    }
    in_value_ = false;
    bool ok = unit(0, end, sink);
    consume(end);
    if (!ok) {
      failed_ = true;
      buffer_.clear();
      return;
    }
  }
}

void StreamSplitter::msgpack(bool final, ParseSink& sink) {
  while (!buffer_.empty()) {
    const uint8_t* base = reinterpret_cast<const uint8_t*>(buffer_.data());
    const uint8_t* end = base + buffer_.size();
    const uint8_t* p = base + scan_;
    if (scan_ == 0) remaining_ = 1;
    bool complete = true;
    while (remaining_ > 0) {
      if (p == end) {
        complete = false;
        break;
      }
      if (*p == 0xc1) {
        fail_stream("malformed MessagePack in the stream (byte 0xc1)", sink);
        return;
      }
      const uint8_t* item = p;
      format::MpValue v;
      if (!format::read_item(p, end, v)) {
        p = item;  // truncated: read it again when more bytes come
        complete = false;
        break;
      }
      --remaining_;
      if (v.type == format::MpValue::kArray)
        remaining_ += v.size;
      else if (v.type == format::MpValue::kMap)
        remaining_ += uint64_t(v.size) * 2;
    }
    scan_ = size_t(p - base);
    if (!complete) {
      if (buffer_.size() > max_unit_) {
        fail_stream("MessagePack object longer than " + std::to_string(max_unit_) + " bytes", sink);
      } else if (final) {
        fail_stream("incomplete MessagePack at the end of the stream", sink);
      }
      return;
    }
    // A well-formed object that is not a record fails alone (Fluentd
    // yields nil for it and reads on).
    size_t size = scan_;
    unit(0, size, sink);
    consume(size);
    scan_ = 0;
  }
}

}  // namespace ferry::parse
