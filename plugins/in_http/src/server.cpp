#include "server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "ferry/error.hpp"

namespace ferry::in_http {
namespace {

constexpr int kAcceptsPerWakeup = 64;
constexpr uint64_t kSweepNs = 1'000'000'000;

std::string peer_address(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof buf);
  } else if (ss.ss_family == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a6))
      inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof buf);
    else
      inet_ntop(AF_INET6, &a6, buf, sizeof buf);
  }
  return buf;
}

}  // namespace

Server::Server(const ferry::Host& host, const HttpSettings& settings, RequestHandler& handler,
               const TlsContext* tls)
    : host_(host), settings_(settings), handler_(handler), tls_(tls) {}

Server::~Server() {
  stop();
}

void Server::start() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string port = std::to_string(settings_.port);
  int rc = getaddrinfo(settings_.bind.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) {
    throw ferry::Error(
        ferry::str("cannot resolve bind address ", settings_.bind, ": ", gai_strerror(rc)));
  }
  std::string last_error = "no address";
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
        ::listen(fd, settings_.backlog.value_or(SOMAXCONN)) == 0) {
      listen_fd_ = fd;
      break;
    }
    last_error = std::strerror(errno);
    ::close(fd);
  }
  freeaddrinfo(res);
  if (listen_fd_ < 0) {
    throw ferry::Error(
        ferry::str("cannot listen on ", settings_.bind, ":", settings_.port, ": ", last_error));
  }
  pause_accepting(false);
  if (!listen_watch_) throw ferry::Error("cannot watch the listening socket");
  sweeper_ = std::make_unique<ferry::Timer>(host_, kSweepNs, kSweepNs, [this] { sweep(); });
  host_.debug("listening http bind=\"", settings_.bind, "\" port=", settings_.port);
}

void Server::stop() {
  sweeper_.reset();
  if (listen_watch_) host_.fd_unwatch(listen_watch_);
  listen_watch_ = nullptr;
  accepting_ = false;
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  connections_.clear();
}

void Server::pause_accepting(bool paused) {
  if (listen_fd_ < 0 || accepting_ == !paused) return;
  if (paused) {
    host_.fd_unwatch(listen_watch_);
    listen_watch_ = nullptr;
    accepting_ = false;
    host_.warn("max_connections (", settings_.max_connections,
               ") reached: new connections wait until one closes");
  } else {
    listen_watch_ = host_.fd_watch(listen_fd_, FERRY_FD_READ, &Server::on_listen_ready, this);
    accepting_ = listen_watch_ != nullptr;
  }
}

void Server::on_listen_ready(void* user, uint32_t) {
  auto* s = static_cast<Server*>(user);
  try {
    s->accept_some();
  } catch (const std::exception& e) {
    s->host_.error("accept failed: ", e.what());
  }
}

void Server::accept_some() {
  for (int i = 0; i < kAcceptsPerWakeup; ++i) {
    if (connections_.size() >= settings_.max_connections) {
      pause_accepting(true);
      return;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd =
        ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        host_.warn("accept failed: ", std::strerror(errno));
      return;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (settings_.receive_buffer_size) {
      int size = int(*settings_.receive_buffer_size);
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
    if (settings_.linger_timeout) {
      linger l{1, *settings_.linger_timeout};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    std::unique_ptr<Transport> transport;
    try {
      transport = tls_ ? tls_->make_transport(fd) : make_plain_transport(fd);
    } catch (const std::exception& e) {
      host_.warn("cannot set up TLS for a connection: ", e.what());
      ::close(fd);
      continue;
    }
    auto conn =
        std::make_unique<Connection>(host_, settings_, handler_, fd, peer_address(ss),
                                     std::move(transport), [this](Connection* c) { remove(c); });
    Connection* raw = conn.get();
    connections_.emplace(raw, std::move(conn));
    if (!raw->start()) remove(raw);
  }
}

void Server::remove(Connection* c) {
  connections_.erase(c);
  if (!accepting_ && connections_.size() < settings_.max_connections) pause_accepting(false);
}

void Server::sweep() {
  int64_t now = host_.now_ns();
  std::vector<Connection*> expired;
  for (auto& [raw, conn] : connections_)
    if (conn->expired(now)) expired.push_back(raw);
  for (Connection* c : expired) remove(c);
}

}  // namespace ferry::in_http
