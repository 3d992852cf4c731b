// Byte transport of one connection over a non-blocking socket: plain TCP or
// TLS (OpenSSL on the same fd, handshake driven by readiness events).
#pragma once
#include <openssl/ssl.h>

#include <cstddef>
#include <memory>
#include <string>

#include "settings.hpp"

namespace ferry::in_http {

enum class Io {
  kOk,         // n bytes moved
  kWantRead,   // retry when the socket is readable
  kWantWrite,  // retry when the socket is writable
  kEof,        // orderly end of the peer's data
  kError,
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Completes a TLS handshake (plain: kOk at once).
  virtual Io handshake() = 0;
  virtual Io read(char* buf, size_t len, size_t& n) = 0;
  virtual Io write(const char* buf, size_t len, size_t& n) = 0;
  // Ends our side (TLS close_notify, then shutdown(SHUT_WR)).
  virtual void shutdown() = 0;
  // Why the last kError happened, for the log.
  virtual std::string error_text() const = 0;
};

std::unique_ptr<Transport> make_plain_transport(int fd);

// One SSL_CTX for the listener, built at create() so bad certificates are
// configuration errors.
class TlsContext {
 public:
  explicit TlsContext(const TlsSettings& settings);  // throws std::runtime_error
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  std::unique_ptr<Transport> make_transport(int fd) const;

 private:
  SSL_CTX* ctx_ = nullptr;
};

}  // namespace ferry::in_http
