#pragma once
#include <cstddef>
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
// ENV.fetch('X'[, 'default']), ENV['X'] || 'default', .to_i, .to_s,
// .split('.')[N], File.basename(...), Dir.pwd, string and integer literals,
// use_nil, use_default. Anything else returns nullopt and sets `error` (config
// load then fails naming file:line). The result is the value as Ruby would
// interpolate it into a string (nil => "", 42 => "42").
std::optional<RubyValue> eval_embedded_ruby(std::string_view expr, const LoadOptions& opts,
                                            std::string& error);

// Expands every "#{...}" in a double-quoted string body (already unescaped
// except for `\#{` which the caller leaves as literal: the backslash is
// dropped and `#{` kept). A "#{use_nil}" anywhere makes the whole value Nil,
// "#{use_default}" makes it UseDefault (Nil wins, as in Fluentd). nullopt on
// error.
std::optional<RubyValue> interpolate(std::string_view text, const LoadOptions& opts,
                                     std::string& error);

// `text` starts right after "#{": returns the offset of the `}` that closes
// the embedded code (braces and Ruby string literals inside are skipped), or
// npos when the code is not closed.
size_t find_embedded_code_end(std::string_view text);

// The character a backslash escape stands for in a Ruby double-quoted
// string: \n \t \r \0 \s \e \a \b \f \v; any other character (\\ \" \#
// ...) stands for itself. Line continuations and \u are the caller's.
char ruby_double_quoted_escape(char e);

}  // namespace ferry::config
