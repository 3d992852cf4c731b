#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace ferry::format {

// Converts JSON text straight into MessagePack bytes with simdjson's
// On-Demand parser (no DOM of our own): objects (keys in document order),
// arrays, strings (unescaped), integers as int64/uint64 (beyond uint64 or
// below int64: a float64, as Fluentd would get a Bignum we cannot carry),
// floats as float64 (correctly rounded, as Ruby's strtod-based parsers give
// them), true/false/null. A duplicate key is kept twice (Ruby keeps the last
// value at the first key's position): rare enough to not pay for a lookup.
// Reusable and not thread-safe: keep one per thread.
class JsonToMsgpack {
 public:
  JsonToMsgpack();
  ~JsonToMsgpack();
  JsonToMsgpack(const JsonToMsgpack&) = delete;
  JsonToMsgpack& operator=(const JsonToMsgpack&) = delete;

  // Appends the MessagePack form of the single JSON value in `json` (leading
  // and trailing whitespace allowed) to out. On failure returns false, leaves
  // out as it was and sets *error to "invalid JSON at byte N: <reason>"
  // ("invalid JSON: <reason>" when simdjson cannot say where).
  bool convert(std::string_view json, std::string& out, std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry::format
