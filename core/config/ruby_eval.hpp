#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "config/load_options.hpp"

namespace ferry::config {

// Result of evaluating one "#{...}" body.
struct RubyValue {
  enum class Kind { String, Nil, UseDefault } kind = Kind::String;
  std::string text;
};

// Evaluates the embedded-Ruby forms real configs use, natively (we cannot
// run Ruby): Socket.gethostname, hostname, worker_id, ENV['X'], ENV["X"],
// ENV.fetch('X'[, 'default']), ENV['X'] || 'default', .to_i, .split('.')[N],
// File.basename(...), Dir.pwd, use_nil, use_default. Anything else returns
// nullopt and sets `error` (config load then fails naming file:line).
std::optional<RubyValue> eval_embedded_ruby(std::string_view expr, const LoadOptions& opts,
                                            std::string& error);

// Expands every "#{...}" in a double-quoted string body (already unescaped
// except for `\#{` which the caller leaves as literal). nullopt on error.
std::optional<RubyValue> interpolate(std::string_view text, const LoadOptions& opts,
                                     std::string& error);

}  // namespace ferry::config
