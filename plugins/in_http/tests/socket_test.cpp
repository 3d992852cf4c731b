// in_http over real sockets: runs the built `ferry` with an http source and
// a stdout match on a free port of 127.0.0.1 and talks raw HTTP (and TLS)
// to it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>

#include "ferry_paths.hpp"
#include "ports.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::in_http {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;

constexpr const char* k200 =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: Keep-Alive\r\n"
    "Content-Length: 0\r\n\r\n";

// A blocking TCP client with timeouts, optionally speaking TLS.
class Client {
 public:
  explicit Client(int port, SSL_CTX* tls = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    if (connected_ && tls) {
      ssl_ = SSL_new(tls);
      SSL_set_fd(ssl_, fd_);
      connected_ = SSL_connect(ssl_) == 1;
    }
  }
  ~Client() {
    if (ssl_) SSL_free(ssl_);
    ::close(fd_);
  }
  bool connected() const { return connected_; }

  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ssl_ ? SSL_write(ssl_, data.data(), int(data.size()))
                       : ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(size_t(n));
    }
    return true;
  }

  // Reads until `done(buffer)` holds, the peer closes, or the timeout.
  template <class Done>
  bool read_until(Done done, std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(in_)) {
      if (!(ssl_ && SSL_pending(ssl_) > 0)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, int(left.count())) <= 0) return false;
      }
      char buf[65536];
      ssize_t n = ssl_ ? SSL_read(ssl_, buf, sizeof buf) : ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        return done(in_);
      }
      in_.append(buf, size_t(n));
    }
    return true;
  }

  // One Content-Length framed response (status line to end of body).
  std::string response(std::chrono::milliseconds timeout = 5000ms) {
    size_t len = 0;
    auto complete = [&](const std::string& in) {
      size_t end = in.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      size_t cl = in.find("Content-Length: ");
      len = end + 4 + (cl < end ? std::stoul(in.substr(cl + 16)) : 0);
      return in.size() >= len;
    };
    if (!read_until(complete, timeout)) return "<no response: " + in_ + ">";
    std::string r = in_.substr(0, len);
    in_.erase(0, len);
    return r;
  }

  // True when the server closes the connection within the timeout.
  bool closed_by_peer(std::chrono::milliseconds timeout = 5000ms) {
    read_until([&](const std::string&) { return closed_; }, timeout);
    return closed_;
  }
  const std::string& pending() const { return in_; }

 private:
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool connected_ = false;
  bool closed_ = false;
  std::string in_;
};

std::string post(std::string_view path, std::string_view type, std::string_view body,
                 std::string_view extra = "") {
  return "POST " + std::string(path) +
         " HTTP/1.1\r\nHost: x\r\nContent-Type: " + std::string(type) + "\r\n" +
         std::string(extra) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         std::string(body);
}

class SocketTest : public ::testing::Test {
 protected:
  // Starts ferry with `source_extra` inside <source>; waits until it listens.
  void start(const std::string& source_extra = "") {
    port_ = test::free_tcp_port();
    std::string conf = "<source>\n  @type http\n  bind 127.0.0.1\n  port " + std::to_string(port_) +
                       "\n" + source_extra + "</source>\n<match **>\n  @type stdout\n</match>\n";
    test::write_file(dir_.file("fluent.conf"), conf);
    Subprocess::Options o;
    o.argv = {test::ferry_binary(), "-c", dir_.file("fluent.conf"), "-p", test::plugin_dir()};
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}};
    proc_ = std::make_unique<Subprocess>(o);
    ASSERT_TRUE(test::wait_until([&] {
      return proc_->stdout_text().find("worker is now running") != std::string::npos ||
             !proc_->running();
    })) << proc_->output();
    ASSERT_TRUE(proc_->running()) << proc_->output();
  }
  void TearDown() override {
    if (proc_ && proc_->running()) {
      proc_->signal(SIGTERM);
      proc_->wait(10s);
    }
  }
  // Waits until stdout holds `n` lines containing `needle`.
  bool events(const std::string& needle, size_t n = 1) {
    return test::wait_until(
        [&] { return test::count_lines_containing(proc_->stdout_text(), needle) >= n; }, 5s);
  }

  test::TempDir dir_{"in-http-test-"};
  std::unique_ptr<Subprocess> proc_;
  int port_ = 0;
};

TEST_F(SocketTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(post("/ka.test", "application/json", "{\"i\":" + std::to_string(i) + "}")));
    EXPECT_EQ(c.response(), k200);
  }
  EXPECT_TRUE(events("ka.test: {\"i\":2}"));
  EXPECT_EQ(test::count_lines_containing(proc_->stdout_text(), "ka.test:"), 3u);
}

TEST_F(SocketTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(post("/p.one", "application/json", "{\"n\":1}") +
                     post("/p.two", "application/json", "not json") +
                     post("/p.three", "application/x-ndjson", "{\"n\":3}\n{\"n\":4}\n")));
  EXPECT_EQ(c.response(), k200);
  EXPECT_EQ(c.response().rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  EXPECT_EQ(c.response(), k200);
  EXPECT_TRUE(events("p.three: {\"n\":4}"));
  EXPECT_TRUE(events("p.one: {\"n\":1}"));
}

TEST_F(SocketTest, BodyOverTheLimitGets413WithoutBeingSent) {
  start("  body_size_limit 1k\n");
  Client c(port_);
  // Only the header: the answer must not wait for the 10 MB announced.
  ASSERT_TRUE(
      c.send("POST /big HTTP/1.1\r\nContent-Type: application/json\r\n"
             "Content-Length: 10000000\r\n\r\n{\"a\":"));
  EXPECT_EQ(c.response(2000ms),
            "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 9\r\n"
            "Content-Type: text/plain\r\n\r\nToo large");
  EXPECT_TRUE(c.closed_by_peer(4000ms));
}

TEST_F(SocketTest, ChunkedBodiesAndTheirLimit) {
  start("  body_size_limit 64\n");
  Client c(port_);
  ASSERT_TRUE(
      c.send("POST /chunked HTTP/1.1\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"c\":\r\n2\r\n1}\r\n0\r\n\r\n"));
  EXPECT_EQ(c.response(), k200);
  EXPECT_TRUE(events("chunked: {\"c\":1}"));
  std::string big(100, ' ');
  ASSERT_TRUE(
      c.send("POST /chunked HTTP/1.1\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: chunked\r\n\r\n64\r\n" +
             big + "\r\n0\r\n\r\n"));
  EXPECT_EQ(c.response().rfind("HTTP/1.1 413 Request Entity Too Large\r\n", 0), 0u);
}

TEST_F(SocketTest, ExpectContinue) {
  start("  body_size_limit 1k\n");
  Client c(port_);
  std::string body = "{\"e\":1}";
  ASSERT_TRUE(
      c.send("POST /expect HTTP/1.1\r\nContent-Type: application/json\r\n"
             "Expect: 100-continue\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n"));
  ASSERT_TRUE(c.read_until([](const std::string& in) { return in.size() >= 25; }));
  EXPECT_EQ(c.pending(), "HTTP/1.1 100 Continue\r\n\r\n");
  Client d(port_);
  ASSERT_TRUE(
      d.send("POST /expect HTTP/1.1\r\nContent-Type: application/json\r\n"
             "Expect: 100-continue\r\nContent-Length: 1024\r\n\r\n"));
  EXPECT_EQ(d.response().rfind("HTTP/1.1 413 Request Entity Too Large\r\n", 0), 0u);
  EXPECT_TRUE(d.closed_by_peer());
}

TEST_F(SocketTest, ExpectContinueThenBody) {
  start();
  Client c(port_);
  std::string body = "{\"e\":2}";
  ASSERT_TRUE(
      c.send("POST /expect HTTP/1.1\r\nContent-Type: application/json\r\n"
             "Expect: 100-continue\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n"));
  ASSERT_TRUE(c.read_until([](const std::string& in) { return in.size() >= 25; }));
  ASSERT_TRUE(c.send(body));
  std::string r = c.response();
  EXPECT_EQ(r.substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_TRUE(events("expect: {\"e\":2}"));
}

TEST_F(SocketTest, HugeHeaderGets431AndMalformedRequests400) {
  start("  max_header_size 2k\n");
  Client c(port_);
  ASSERT_TRUE(c.send("POST /h HTTP/1.1\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n"));
  EXPECT_EQ(c.response().rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0), 0u);
  EXPECT_TRUE(c.closed_by_peer());
  Client d(port_);
  ASSERT_TRUE(d.send("THIS IS NOT HTTP\r\n\r\n"));
  EXPECT_EQ(d.response().rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  EXPECT_TRUE(d.closed_by_peer());
}

TEST_F(SocketTest, IdleConnectionsCloseAfterKeepaliveTimeout) {
  start("  keepalive_timeout 1\n");
  Client c(port_);
  ASSERT_TRUE(c.send(post("/idle", "application/json", "{}")));
  EXPECT_EQ(c.response(), k200);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_peer(5000ms));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 900ms);
}

TEST_F(SocketTest, GetAndHttp10Close) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.response(),
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: text/plain\r\n\r\n");
  EXPECT_TRUE(c.closed_by_peer());
  Client d(port_);
  ASSERT_TRUE(d.send(
      "POST /old HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
  EXPECT_EQ(d.response(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(d.closed_by_peer());
}

std::string gzip(std::string_view in) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(in.size() + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

TEST_F(SocketTest, GzipBody) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(post("/gz", "application/json", gzip("[{\"g\":1},{\"g\":2}]"),
                          "Content-Encoding: gzip\r\n")));
  EXPECT_EQ(c.response(), k200);
  EXPECT_TRUE(events("gz: {\"g\":2}"));
}

TEST_F(SocketTest, MaxConnectionsMakesNewClientsWait) {
  start("  max_connections 1\n");
  auto first = std::make_unique<Client>(port_);
  ASSERT_TRUE(first->send(post("/mc", "application/json", "{\"n\":1}")));
  EXPECT_EQ(first->response(), k200);
  Client second(port_);  // accepted by the kernel, not served yet
  ASSERT_TRUE(second.send(post("/mc", "application/json", "{\"n\":2}")));
  EXPECT_EQ(second.response(500ms).rfind("<no response", 0), 0u);
  first.reset();  // a slot frees up
  EXPECT_EQ(second.response(5000ms), k200);
  EXPECT_TRUE(events("mc: {\"n\":2}"));
}

TEST_F(SocketTest, Tls) {
  // A throwaway self-signed certificate.
  std::string cert = dir_.file("cert.pem"), key = dir_.file("key.pem");
  Subprocess::Options gen;
  gen.argv = {"/usr/bin/openssl", "req",   "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
              "/CN=localhost",    "-days", "1",     "-keyout", key,        "-out",   cert};
  gen.cwd = dir_.path();
  auto r = test::run(gen);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  start("  <transport tls>\n    cert_path " + cert + "\n    private_key_path " + key +
        "\n  </transport>\n");
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  {
    Client c(port_, ctx);
    ASSERT_TRUE(c.connected());
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(c.send(post("/tls", "application/json", "{\"t\":" + std::to_string(i) + "}")));
      EXPECT_EQ(c.response(), k200);
    }
  }
  EXPECT_TRUE(events("tls: {\"t\":1}"));
  // Plain HTTP to the TLS port gets no HTTP answer.
  Client plain(port_);
  ASSERT_TRUE(plain.send(post("/tls", "application/json", "{}")));
  EXPECT_TRUE(plain.closed_by_peer());
  EXPECT_EQ(plain.pending().find("HTTP/1.1"), std::string::npos);
  SSL_CTX_free(ctx);
}

TEST_F(SocketTest, BadCertificateIsAConfigError) {
  port_ = test::free_tcp_port();
  test::write_file(dir_.file("fluent.conf"),
                   "<source>\n  @type http\n  port " + std::to_string(port_) +
                       "\n  <transport tls>\n    cert_path /nonexistent.pem\n"
                       "    private_key_path /nonexistent.key\n  </transport>\n</source>\n");
  Subprocess::Options o;
  o.argv = {test::ferry_binary(), "-c",       dir_.file("fluent.conf"), "-p",
            test::plugin_dir(),   "--dry-run"};
  o.cwd = dir_.path();
  auto r = test::run(o);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("cannot load cert_path /nonexistent.pem"), std::string::npos)
      << r.out << r.err;
}

TEST_F(SocketTest, CustomParseTypeGetsTheRawBody) {
  start("  <parse>\n    @type json\n  </parse>\n");
  Client c(port_);
  // The core's json parser: an array is one event per element, whatever
  // the Content-Type; its time_key applies.
  ASSERT_TRUE(c.send(post("/custom", "text/plain", R"([{"a":1,"time":1700000000},{"a":2}])")));
  EXPECT_EQ(c.response(), k200);
  EXPECT_TRUE(events("custom: {\"a\":2}"));
  EXPECT_NE(proc_->stdout_text().find("2023-11-14 22:13:20.000000000 +0000 custom: {\"a\":1}"),
            std::string::npos)
      << proc_->output();
  ASSERT_TRUE(c.send(post("/custom", "application/json", "{not json")));
  std::string r = c.response();
  EXPECT_EQ(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << r;
  EXPECT_NE(r.find("\r\n\r\n400 Bad Request\n"), std::string::npos) << r;
  EXPECT_EQ(test::count_lines_containing(proc_->stdout_text(), "custom:"), 2u);
}

}  // namespace
}  // namespace ferry::in_http
