// One client connection: a state machine driven by readiness callbacks of
// the host's loop (no thread, no blocking call). Reads feed Beast's parser;
// each complete request goes to the RequestHandler; responses are written
// without blocking (WRITE interest while the socket is full). A connection
// that must close flushes its answer, shuts down its sending side and
// discards what the client still sends for a moment, so the client reads
// the answer instead of a reset.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ferry/host.hpp"
#include "request.hpp"
#include "request_handler.hpp"
#include "request_parser.hpp"
#include "transport.hpp"

namespace ferry::in_http {

class Connection {
 public:
  // `on_dead` runs last in a readiness callback that left the connection
  // dead; it may destroy the connection.
  Connection(const ferry::Host& host, const HttpSettings& settings, RequestHandler& handler, int fd,
             std::string peer_ip, std::unique_ptr<Transport> transport,
             std::function<void(Connection*)> on_dead);
  ~Connection();  // stops watching and closes the socket
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts watching the socket; false when the host refused.
  bool start();
  // Runs on readiness; afterwards dead() says whether to destroy it.
  void on_ready();
  bool dead() const { return dead_; }
  // Idle past keepalive_timeout, or lingering past its grace period.
  bool expired(int64_t now_ns) const;

 private:
  bool flush();
  void process();
  bool read_some();
  void drain();
  void fail_request(std::string_view status, std::string_view reason);
  void begin_close();
  void want(uint32_t events);

  static void on_fd(void* user, uint32_t events);

  ferry::Host host_;
  const HttpSettings& settings_;
  RequestHandler& handler_;
  int fd_;
  std::string peer_ip_;
  std::unique_ptr<Transport> transport_;
  std::function<void(Connection*)> on_dead_;
  ferry_watch* watch_ = nullptr;
  uint32_t interest_ = 0;

  std::string rbuf_;
  size_t roff_ = 0;
  Request req_;
  std::optional<RequestParser> parser_;
  bool head_seen_ = false;
  std::string wbuf_;
  size_t woff_ = 0;

  bool handshaking_ = true;
  bool close_after_write_ = false;
  bool lingering_ = false;
  bool peer_eof_ = false;
  bool dead_ = false;
  int64_t last_read_ns_ = 0;
  int64_t linger_until_ns_ = 0;
};

}  // namespace ferry::in_http
