#include "control_server.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <list>
#include <vector>

#include "control_protocol.hpp"

namespace ferry::kafka_test {
namespace {

// Longer lines are not commands; the client is cut off rather than the
// buffer grown without bound.
constexpr size_t kMaxLine = 4096;

struct Client {
  int fd;
  std::string pending;  // bytes received after the last newline
};

bool send_line(int fd, const std::string& line) {
  std::string out = line + "\n";
  // Replies are tiny; a client that lets them pile up until the socket
  // buffer is full is not reading and is dropped rather than waited for.
  ssize_t n = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  return n == ssize_t(out.size());
}

// Runs every complete line in `client.pending`; false when the client must go.
bool handle_lines(MockCluster& cluster, Client& client) {
  size_t newline;
  while ((newline = client.pending.find('\n')) != std::string::npos) {
    std::string line = client.pending.substr(0, newline);
    client.pending.erase(0, newline + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank lines and comments let a test feed a commented script by hand.
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    std::string reply = run_control_command(cluster, line);
    std::cerr << "kafka-test-broker: control: " << line << " -> " << reply << std::endl;
    if (!send_line(client.fd, reply)) return false;
  }
  if (client.pending.size() > kMaxLine) {
    send_line(client.fd, "error line longer than " + std::to_string(kMaxLine) + " bytes");
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<ControlServer> ControlServer::listen(std::string& error) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("control socket: ") + std::strerror(errno);
    return nullptr;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    error = std::string("control socket on 127.0.0.1: ") + std::strerror(errno);
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<ControlServer>(new ControlServer(fd, ntohs(addr.sin_port)));
}

ControlServer::~ControlServer() {
  ::close(listen_fd_);
}

std::string ControlServer::serve(MockCluster& cluster, int signal_fd, int stdin_fd) {
  std::list<Client> clients;
  for (;;) {
    std::vector<pollfd> fds = {{signal_fd, POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    if (stdin_fd >= 0) fds.push_back({stdin_fd, POLLIN, 0});
    const size_t first_client = fds.size();
    for (auto& c : clients) fds.push_back({c.fd, POLLIN, 0});

    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return std::string("poll failed: ") + std::strerror(errno);
    }
    if (fds[0].revents) {
      signalfd_siginfo info{};
      ssize_t n = ::read(signal_fd, &info, sizeof info);
      for (auto& c : clients) ::close(c.fd);
      return n == ssize_t(sizeof info) ? std::string("signal ") + strsignal(int(info.ssi_signo))
                                       : std::string("signal");
    }
    if (stdin_fd >= 0 && fds[2].revents) {
      // Whatever a parent writes is ignored; only its going away matters.
      char buf[4096];
      ssize_t n = ::read(stdin_fd, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        for (auto& c : clients) ::close(c.fd);
        return "stdin closed";
      }
    }
    size_t i = first_client;
    for (auto it = clients.begin(); it != clients.end(); ++i) {
      bool keep = true;
      if (fds[i].revents) {
        char buf[4096];
        ssize_t n = ::recv(it->fd, buf, sizeof buf, 0);
        if (n > 0) {
          it->pending.append(buf, size_t(n));
          keep = handle_lines(cluster, *it);
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
          keep = false;
        }
      }
      if (keep) {
        ++it;
      } else {
        ::close(it->fd);
        it = clients.erase(it);
      }
    }
    if (fds[1].revents & POLLIN) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) clients.push_back({fd, {}});
    }
  }
}

}  // namespace ferry::kafka_test
