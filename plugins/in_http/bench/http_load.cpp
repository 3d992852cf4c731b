// Load generator for in_http: C keep-alive connections, each with D
// requests in flight, POSTing one fixed body (default: a 100-record JSON
// array) for S seconds; prints requests/s and records/s of 2xx answers.
//   http_load PORT [SECONDS=10] [CONNECTIONS=8] [DEPTH=1] [RECORDS=100]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Conn {
  int fd = -1;
  std::string in;
  int in_flight = 0;
};

// Counts complete responses at the front of `in` (Content-Length framed).
int take_responses(std::string& in, long& ok) {
  int n = 0;
  for (;;) {
    size_t hdr_end = in.find("\r\n\r\n");
    if (hdr_end == std::string::npos) return n;
    size_t cl = in.find("Content-Length: ");
    size_t len = (cl != std::string::npos && cl < hdr_end)
                     ? std::strtoul(in.c_str() + cl + 16, nullptr, 10)
                     : 0;
    if (in.size() < hdr_end + 4 + len) return n;
    if (in.compare(9, 1, "2") == 0) ++ok;
    in.erase(0, hdr_end + 4 + len);
    ++n;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: http_load PORT [SECONDS] [CONNECTIONS] [DEPTH] [RECORDS]\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  double seconds = argc > 2 ? std::atof(argv[2]) : 10;
  int conns = argc > 3 ? std::atoi(argv[3]) : 8;
  int depth = argc > 4 ? std::atoi(argv[4]) : 1;
  int records = argc > 5 ? std::atoi(argv[5]) : 100;

  std::string body = "[";
  for (int i = 0; i < records; ++i) {
    if (i) body += ",";
    body += "{\"host\":\"web-" + std::to_string(i % 10) +
            "\",\"level\":\"info\",\"message\":\"GET /index.html 200 1234\",\"latency_ms\":" +
            std::to_string(i) + ".5,\"ok\":true}";
  }
  body += "]";
  std::string req =
      "POST /bench.http HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;

  std::vector<Conn> cs(conns);
  for (auto& c : cs) {
    c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      std::perror("connect");
      return 1;
    }
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  long ok = 0, answered = 0;
  std::vector<pollfd> pfds(conns);
  char buf[65536];
  bool stopping = false;
  for (;;) {
    bool any_in_flight = false;
    for (int i = 0; i < conns; ++i) {
      Conn& c = cs[i];
      while (!stopping && c.in_flight < depth) {
        // Small blocking writes: the kernel buffer takes a few requests.
        size_t off = 0;
        while (off < req.size()) {
          ssize_t w = ::send(c.fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
          if (w <= 0) {
            std::perror("send");
            return 1;
          }
          off += size_t(w);
        }
        ++c.in_flight;
      }
      any_in_flight |= c.in_flight > 0;
      pfds[i] = pollfd{c.fd, POLLIN, 0};
    }
    if (!any_in_flight) break;
    if (::poll(pfds.data(), pfds.size(), 1000) <= 0) {
      std::fprintf(stderr, "timeout waiting for answers\n");
      return 1;
    }
    for (int i = 0; i < conns; ++i) {
      if (!(pfds[i].revents & POLLIN)) continue;
      ssize_t r = ::recv(cs[i].fd, buf, sizeof buf, 0);
      if (r <= 0) {
        std::fprintf(stderr, "connection closed by server\n");
        return 1;
      }
      cs[i].in.append(buf, size_t(r));
      int n = take_responses(cs[i].in, ok);
      cs[i].in_flight -= n;
      answered += n;
    }
    if (!stopping && std::chrono::steady_clock::now() >= deadline) stopping = true;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("requests=%ld ok=%ld seconds=%.2f req/s=%.0f records/s=%.0f body_bytes=%zu\n",
              answered, ok, secs, answered / secs, double(ok) * records / secs, body.size());
  return ok == answered ? 0 : 1;
}
