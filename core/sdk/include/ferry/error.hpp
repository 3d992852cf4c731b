// Ferry C++ plugin layer: errors and printf-free string building.
// Header-only; nothing here is part of the binary contract (abi.h is).
#ifndef FERRY_ERROR_HPP
#define FERRY_ERROR_HPP

#include <charconv>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "ferry/abi.h"

namespace ferry {

// Builds a message from pieces without format strings:
//   str("file ", path, " is ", size, " bytes") -> std::string
// Accepts anything convertible to std::string_view, char, bool, integers and
// floating-point numbers.
namespace detail {
inline void append_piece(std::string& out, std::string_view s) {
  out.append(s);
}
inline void append_piece(std::string& out, const char* s) {
  out.append(s ? s : "(null)");
}
inline void append_piece(std::string& out, const std::string& s) {
  out.append(s);
}
inline void append_piece(std::string& out, char c) {
  out.push_back(c);
}
inline void append_piece(std::string& out, bool b) {
  out.append(b ? "true" : "false");
}
template <class T>
inline std::enable_if_t<std::is_integral_v<T>> append_piece(std::string& out, T v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}
template <class T>
inline std::enable_if_t<std::is_floating_point_v<T>> append_piece(std::string& out, T v) {
  // snprintf rather than floating to_chars: older standard libraries lack it.
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(v));
  if (n > 0) out.append(buf, static_cast<size_t>(n) < sizeof buf ? size_t(n) : sizeof buf - 1);
}
}  // namespace detail

template <class... Parts>
std::string str(const Parts&... parts) {
  std::string out;
  (detail::append_piece(out, parts), ...);
  return out;
}

// Fills a ferry_error safely: truncates to the buffer, always NUL-terminated,
// tolerates a NULL err.
struct ErrorMessage {
  static void set(ferry_error* err, std::string_view message) noexcept {
    if (!err) return;
    size_t n = message.size() < FERRY_ERROR_MESSAGE_SIZE - 1 ? message.size()
                                                             : FERRY_ERROR_MESSAGE_SIZE - 1;
    std::memcpy(err->message, message.data(), n);
    err->message[n] = '\0';
  }
  static void clear(ferry_error* err) noexcept {
    if (err) err->message[0] = '\0';
  }
};

// Throw from plugin code to fail with a chosen status. The trampolines turn
// it into that status plus the message; any other exception becomes
// FERRY_ERROR (create/start), FERRY_FILTER_FAILED (filter) or FERRY_RETRY
// (write, like Fluentd retrying a chunk whose write raised).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ferry_status status = FERRY_ERROR)
      : std::runtime_error(message), status_(status) {}
  ferry_status status() const noexcept { return status_; }

 private:
  ferry_status status_;
};

// A configuration problem found in create(); prefix it with
// Config::location(name) so the user sees file:line.
class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error(message, FERRY_ERROR) {}
};

// A write that must not be retried (Fluentd's UnrecoverableError).
class Unrecoverable : public Error {
 public:
  explicit Unrecoverable(const std::string& message) : Error(message, FERRY_DROP) {}
};

}  // namespace ferry

#endif  // FERRY_ERROR_HPP
