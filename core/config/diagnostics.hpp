#pragma once
#include <string>
#include <vector>

#include "config/source_location.hpp"

namespace ferry::config {

enum class Severity { Warning, Error };

// One problem found in a config. Every error names where it is and the
// offending text, so `ferry --dry-run` can print them all at once.
struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation where;
  std::string message;  // what is wrong, and the fix when we know it
  std::string text;     // the offending text, may be empty
};

// Collects every problem of a load instead of stopping at the first.
class Diagnostics {
 public:
  void error(SourceLocation where, std::string message, std::string text = {});
  void warning(SourceLocation where, std::string message, std::string text = {});

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other);

  // "file:line:col: error: message: `text`" per line.
  static std::string format(const Diagnostic& d);

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

}  // namespace ferry::config
