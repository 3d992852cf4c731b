// The listening socket and the set of connections: accepts through a host
// fd watch, stops accepting at max_connections (clients then wait in the
// kernel's backlog), and closes idle connections once a second like
// Fluentd's KeepaliveManager.
#pragma once
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "connection.hpp"
#include "ferry/host.hpp"
#include "request_handler.hpp"
#include "settings.hpp"
#include "transport.hpp"

namespace ferry::in_http {

class Server {
 public:
  Server(const ferry::Host& host, const HttpSettings& settings, RequestHandler& handler,
         const TlsContext* tls);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws ferry::Error naming the address on failure.
  void start();
  // Closes the listener and every connection; no callback after it returns.
  void stop();

 private:
  static void on_listen_ready(void* user, uint32_t events);
  void accept_some();
  void pause_accepting(bool paused);
  void remove(Connection* c);
  void sweep();

  ferry::Host host_;
  const HttpSettings& settings_;
  RequestHandler& handler_;
  const TlsContext* tls_;
  int listen_fd_ = -1;
  ferry_watch* listen_watch_ = nullptr;
  bool accepting_ = false;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::unique_ptr<ferry::Timer> sweeper_;
};

}  // namespace ferry::in_http
