#include "transport.hpp"

#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ferry::in_http {
namespace {

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown TLS error" : out;
}

class PlainTransport : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}
  Io handshake() override { return Io::kOk; }
  Io read(char* buf, size_t len, size_t& n) override {
    for (;;) {
      ssize_t r = ::recv(fd_, buf, len, 0);
      if (r > 0) {
        n = size_t(r);
        return Io::kOk;
      }
      if (r == 0) return Io::kEof;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Io::kWantRead;
      errno_ = errno;
      return Io::kError;
    }
  }
  Io write(const char* buf, size_t len, size_t& n) override {
    for (;;) {
      ssize_t r = ::send(fd_, buf, len, MSG_NOSIGNAL);
      if (r >= 0) {
        n = size_t(r);
        return Io::kOk;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Io::kWantWrite;
      errno_ = errno;
      return Io::kError;
    }
  }
  void shutdown() override { ::shutdown(fd_, SHUT_WR); }
  std::string error_text() const override { return std::strerror(errno_); }

 private:
  int fd_;
  int errno_ = 0;
};

class TlsTransport : public Transport {
 public:
  TlsTransport(SSL_CTX* ctx, int fd) : fd_(fd), ssl_(SSL_new(ctx)) {
    if (!ssl_ || SSL_set_fd(ssl_, fd) != 1) throw std::runtime_error(openssl_errors());
    SSL_set_accept_state(ssl_);
  }
  ~TlsTransport() override { SSL_free(ssl_); }

  Io handshake() override {
    ERR_clear_error();
    int r = SSL_do_handshake(ssl_);
    return r == 1 ? Io::kOk : classify(r);
  }
  Io read(char* buf, size_t len, size_t& n) override {
    ERR_clear_error();
    int r = SSL_read(ssl_, buf, int(len > (1u << 30) ? (1u << 30) : len));
    if (r > 0) {
      n = size_t(r);
      return Io::kOk;
    }
    return classify(r);
  }
  Io write(const char* buf, size_t len, size_t& n) override {
    ERR_clear_error();
    int r = SSL_write(ssl_, buf, int(len > (1u << 30) ? (1u << 30) : len));
    if (r > 0) {
      n = size_t(r);
      return Io::kOk;
    }
    return classify(r);
  }
  void shutdown() override {
    ERR_clear_error();
    SSL_shutdown(ssl_);  // best effort close_notify; non-blocking
    ::shutdown(fd_, SHUT_WR);
  }
  std::string error_text() const override { return error_; }

 private:
  Io classify(int r) {
    switch (SSL_get_error(ssl_, r)) {
      case SSL_ERROR_WANT_READ:
        return Io::kWantRead;
      case SSL_ERROR_WANT_WRITE:
        return Io::kWantWrite;
      case SSL_ERROR_ZERO_RETURN:
        return Io::kEof;
      case SSL_ERROR_SYSCALL:
        if (errno == 0 || errno == ECONNRESET || errno == EPIPE) {
          error_ = errno ? std::strerror(errno) : "connection closed during TLS";
          return errno == 0 ? Io::kEof : Io::kError;
        }
        error_ = std::strerror(errno);
        return Io::kError;
      default:
        error_ = openssl_errors();
        return Io::kError;
    }
  }

  int fd_;
  SSL* ssl_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Transport> make_plain_transport(int fd) {
  return std::make_unique<PlainTransport>(fd);
}

TlsContext::TlsContext(const TlsSettings& s) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (!ctx_) throw std::runtime_error("cannot create TLS context: " + openssl_errors());
  auto fail = [&](const std::string& what) {
    std::string msg = what + ": " + openssl_errors();
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
    throw std::runtime_error(msg);
  };
  SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_CTX_set_options(ctx_, SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(ctx_, s.min_version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx_, s.max_version) != 1)
    fail("cannot set the TLS versions");
  if (!s.insecure && SSL_CTX_set_cipher_list(ctx_, s.ciphers.c_str()) != 1)
    fail("invalid ciphers '" + s.ciphers + "'");
  if (s.private_key_passphrase) {
    // OpenSSL copies nothing: the callback reads the settings' string,
    // which lives as long as the plugin instance.
    SSL_CTX_set_default_passwd_cb_userdata(ctx_,
                                           const_cast<char*>(s.private_key_passphrase->c_str()));
  }
  if (SSL_CTX_use_certificate_chain_file(ctx_, s.cert_path.c_str()) != 1)
    fail("cannot load cert_path " + s.cert_path);
  if (SSL_CTX_use_PrivateKey_file(ctx_, s.private_key_path.c_str(), SSL_FILETYPE_PEM) != 1)
    fail("cannot load private_key_path " + s.private_key_path);
  if (SSL_CTX_check_private_key(ctx_) != 1) fail("private_key_path does not match cert_path");
  if (s.ca_path && SSL_CTX_load_verify_locations(ctx_, s.ca_path->c_str(), nullptr) != 1)
    fail("cannot load ca_path " + *s.ca_path);
  SSL_CTX_set_verify(
      ctx_,
      s.client_cert_auth ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_NONE,
      nullptr);
}

TlsContext::~TlsContext() {
  if (ctx_) SSL_CTX_free(ctx_);
}

std::unique_ptr<Transport> TlsContext::make_transport(int fd) const {
  return std::make_unique<TlsTransport>(ctx_, fd);
}

}  // namespace ferry::in_http
