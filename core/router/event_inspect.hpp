#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ferry::router {

// Fluentd writes the values of its log lines with Ruby's #inspect; the error
// path prints the events it drops the same way so the lines read alike:
//   tag="app.parse" time=2023-11-14 22:13:20.000000000 +0000 record={"a"=>1}
// (strings: text::ruby_string_inspect; values: format::append_ruby_inspect).

// Decodes one [time, record] MessagePack event. `time` becomes
// EventTime#inspect ("%Y-%m-%d %H:%M:%S.%N %z" in local time; an integer
// time prints as the integer) and `record` Hash#inspect in Ruby 3.1 style
// ({"k"=>"v", "n"=>1}). Returns false when the bytes are not such an event.
bool inspect_event(std::string_view event, std::string& time, std::string& record);

// The byte length of the first MessagePack value of `stream`; 0 when it is
// malformed or the stream is empty.
size_t next_event_size(std::string_view stream);

// Splits a MessagePack event stream into its events' byte ranges; stops at
// the first malformed one. Calls fn(std::string_view event) for each.
template <typename Fn>
void for_each_event(std::string_view stream, Fn&& fn) {
  while (!stream.empty()) {
    size_t n = next_event_size(stream);
    if (n == 0) return;
    fn(stream.substr(0, n));
    stream.remove_prefix(n);
  }
}

}  // namespace ferry::router
