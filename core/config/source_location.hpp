#pragma once
#include <cstdint>
#include <string>

namespace ferry::config {

// Where a piece of config text came from. Line and column are 1-based;
// column 0 means "the whole line".
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;

  std::string str() const;  // "file:line:column" (or "file:line")
};

}  // namespace ferry::config
