#include "connection.hpp"

#include <unistd.h>

#include <boost/beast/http/error.hpp>

namespace ferry::in_http {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
// Responses queued before the parser pauses (pipelined requests).
constexpr size_t kMaxQueuedOutput = 256 * 1024;
// Reads per readiness callback, so one busy client cannot starve others.
constexpr int kReadsPerWakeup = 16;
// How long a closing connection keeps discarding what the client sends.
constexpr int64_t kLingerNs = 2'000'000'000;

}  // namespace

Connection::Connection(const ferry::Host& host, const HttpSettings& settings,
                       RequestHandler& handler, int fd, std::string peer_ip,
                       std::unique_ptr<Transport> transport,
                       std::function<void(Connection*)> on_dead)
    : host_(host),
      settings_(settings),
      handler_(handler),
      fd_(fd),
      peer_ip_(std::move(peer_ip)),
      transport_(std::move(transport)),
      on_dead_(std::move(on_dead)),
      last_read_ns_(host.now_ns()) {
  req_.peer_ip = peer_ip_;
}

Connection::~Connection() {
  if (watch_) host_.fd_unwatch(watch_);
  ::close(fd_);
}

bool Connection::start() {
  want(FERRY_FD_READ);
  return watch_ != nullptr;
}

void Connection::want(uint32_t events) {
  if (events == interest_ && watch_) return;
  if (watch_) host_.fd_unwatch(watch_);
  interest_ = events;
  watch_ = host_.fd_watch(fd_, events, &Connection::on_fd, this);
  if (!watch_) dead_ = true;
}

void Connection::on_fd(void* user, uint32_t) {
  auto* c = static_cast<Connection*>(user);
  try {
    c->on_ready();
  } catch (const std::exception& e) {
    c->host_.warn("unexpected error error=\"", e.what(), "\"");
    c->dead_ = true;
  } catch (...) {
    c->dead_ = true;
  }
  if (c->dead_) c->on_dead_(c);  // may delete c: nothing after this
}

bool Connection::expired(int64_t now_ns) const {
  if (lingering_) return now_ns >= linger_until_ns_;
  return double(now_ns - last_read_ns_) / 1e9 > settings_.keepalive_timeout;
}

void Connection::on_ready() {
  if (handshaking_) {
    switch (transport_->handshake()) {
      case Io::kOk:
        handshaking_ = false;
        break;
      case Io::kWantRead:
        want(FERRY_FD_READ);
        return;
      case Io::kWantWrite:
        want(FERRY_FD_WRITE);
        return;
      case Io::kEof:
        dead_ = true;
        return;
      case Io::kError:
        host_.debug("TLS handshake with ", peer_ip_, " failed: ", transport_->error_text());
        dead_ = true;
        return;
    }
  }
  for (int i = 0; i < kReadsPerWakeup && !dead_; ++i) {
    if (!flush()) return;  // waiting for the socket, closing, or dead
    if (lingering_) {
      drain();
      return;
    }
    // Requests already buffered (pipelined) come before new bytes.
    process();
    if (!wbuf_.empty() || close_after_write_) continue;
    if (peer_eof_) {
      dead_ = true;  // the client is gone and nothing is owed to it
      return;
    }
    if (!read_some()) return;
  }
  // Out of turns: send what is queued; level-triggered READ brings us back.
  if (!dead_ && flush()) want(FERRY_FD_READ);
}

// Reads once; false when there is nothing more to do in this wakeup.
bool Connection::read_some() {
  if (roff_ == rbuf_.size()) {
    rbuf_.clear();
    roff_ = 0;
  } else if (roff_ > rbuf_.size() / 2) {
    rbuf_.erase(0, roff_);
    roff_ = 0;
  }
  size_t old = rbuf_.size();
  rbuf_.resize(old + kReadChunk);
  size_t n = 0;
  Io r = transport_->read(rbuf_.data() + old, kReadChunk, n);
  rbuf_.resize(old + (r == Io::kOk ? n : 0));
  switch (r) {
    case Io::kOk:
      last_read_ns_ = host_.now_ns();
      return true;
    case Io::kWantRead:
      want(FERRY_FD_READ);
      return false;
    case Io::kWantWrite:
      want(FERRY_FD_WRITE);
      return false;
    case Io::kEof:
      peer_eof_ = true;
      return true;  // answer what is complete, then close
    case Io::kError:
      host_.debug("read from ", peer_ip_, " failed: ", transport_->error_text());
      dead_ = true;
      return false;
  }
  return false;
}

void Connection::process() {
  namespace http = boost::beast::http;
  while (!close_after_write_ && !dead_ && wbuf_.size() < kMaxQueuedOutput) {
    std::string_view data(rbuf_.data() + roff_, rbuf_.size() - roff_);
    if (!parser_) {
      if (data.empty()) return;
      req_.clear();
      parser_.emplace(req_, settings_.body_size_limit, settings_.max_header_size);
      head_seen_ = false;
    }
    boost::beast::error_code ec;
    size_t n = data.empty() ? 0 : parser_->feed(data, ec);
    roff_ += n;
    if (ec == http::error::need_more) {
      if (peer_eof_) close_after_write_ = true;  // a request that will never complete
      return;
    }
    if (ec == http::error::body_limit) {
      RequestHandler::too_large(wbuf_);
      close_after_write_ = true;
      return;
    }
    if (ec == http::error::header_limit) {
      fail_request("431 Request Header Fields Too Large", "the request header is too large");
      return;
    }
    if (ec) {
      fail_request("400 Bad Request", ec.message());
      return;
    }
    if (!head_seen_ && parser_->is_header_done()) {
      head_seen_ = true;
      HeadReply h = handler_.on_head(read_head(req_.version, req_.headers));
      wbuf_ += h.bytes;
      if (h.kind == HeadReply::Kind::kReject) {
        close_after_write_ = true;
        return;
      }
    }
    if (parser_->is_done()) {
      parser_.reset();
      if (handler_.handle(req_, wbuf_)) close_after_write_ = true;
      continue;
    }
    if (n == 0) {
      if (peer_eof_) close_after_write_ = true;
      return;  // need more bytes
    }
  }
}

// A request Beast cannot parse. Fluentd logs and drops the connection
// without an answer; Ferry answers with the reason, then closes.
void Connection::fail_request(std::string_view status, std::string_view reason) {
  host_.warn("unexpected error error=\"", reason, "\" peer=", peer_ip_);
  Response r(status);
  r.set("Content-Type", "text/plain");
  r.set("Connection", "close");
  r.set_body(ferry::str(status, "\n", reason, "\n"));
  r.append_to(wbuf_);
  close_after_write_ = true;
}

bool Connection::flush() {
  while (woff_ < wbuf_.size()) {
    size_t n = 0;
    switch (transport_->write(wbuf_.data() + woff_, wbuf_.size() - woff_, n)) {
      case Io::kOk:
        woff_ += n;
        break;
      case Io::kWantWrite:
        want(FERRY_FD_WRITE);
        return false;
      case Io::kWantRead:
        want(FERRY_FD_READ);
        return false;
      case Io::kEof:
      case Io::kError:
        dead_ = true;
        return false;
    }
  }
  wbuf_.clear();
  woff_ = 0;
  if (close_after_write_ && !lingering_) {
    begin_close();
    return false;
  }
  return true;
}

void Connection::begin_close() {
  if (peer_eof_) {
    dead_ = true;
    return;
  }
  transport_->shutdown();
  lingering_ = true;
  linger_until_ns_ = host_.now_ns() + kLingerNs;
  rbuf_.clear();
  roff_ = 0;
  want(FERRY_FD_READ);
}

void Connection::drain() {
  char sink[16 * 1024];
  for (int i = 0; i < kReadsPerWakeup; ++i) {
    size_t n = 0;
    switch (transport_->read(sink, sizeof sink, n)) {
      case Io::kOk:
        continue;
      case Io::kWantRead:
        want(FERRY_FD_READ);
        return;
      case Io::kWantWrite:
        want(FERRY_FD_WRITE);
        return;
      case Io::kEof:
      case Io::kError:
        dead_ = true;
        return;
    }
  }
}

}  // namespace ferry::in_http
