#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/time_zone.hpp"

namespace ferry::format {

// Ruby's Time#strftime (and the strptime gem's Strftime, which Fluentd
// prefers and which prints the same), compiled once. Supports the flags
// - _ 0 ^ #, a field width, %:z/%::z, sub-seconds %L and %N with a digit
// count (%3N = milliseconds, %N = nanoseconds, %12N pads with zeros), and
// every conversion of Ruby's list; an unknown conversion prints verbatim as
// Ruby prints it.
class Strftime {
 public:
  explicit Strftime(std::string_view format);

  void append(std::string& out, const CivilTime& t, uint32_t nsec) const;
  // True when the output depends on the sub-second part (%L, %N).
  bool has_subsec() const { return has_subsec_; }

 private:
  struct Item {
    std::string literal;  // when conv == 0
    char conv = 0;
    char pad = 0;  // '-' none, '_' space, '0' zero, 0 default
    bool upper = false;
    bool swap = false;
    int width = -1;
    int colons = 0;
  };
  void append_item(std::string& out, const Item& it, const CivilTime& t, uint32_t nsec) const;

  std::vector<Item> items_;
  bool has_subsec_ = false;
};

}  // namespace ferry::format
