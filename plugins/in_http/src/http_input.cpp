// in_http (Fluentd's `http` input): events over HTTP POST, answered byte
// for byte as Fluentd 1.19 answers. See settings.hpp for the parameters,
// request_handler.hpp for what a request does, connection.hpp and
// server.hpp for the socket side (host loop services only, no threads).
#include <memory>
#include <stdexcept>

#include "core_body_parser.hpp"
#include "event/event_time.hpp"
#include "ferry/plugin.hpp"
#include "request_handler.hpp"
#include "server.hpp"
#include "settings.hpp"
#include "transport.hpp"

namespace ferry::in_http {
namespace {

// The core's parser for a <parse> @type other than in_http; nullptr for
// the default body handling.
std::unique_ptr<BodyParser> make_custom_parser(const ferry::Host& host, const ferry::Config& cfg,
                                               const HttpSettings& settings) {
  if (settings.parse_type == "in_http") return nullptr;
  auto section = cfg.section("parse");
  return std::make_unique<CoreBodyParser>(
      ferry::Parser(host, section->raw(), settings.parse_type.c_str()));
}

class HttpInput : public ferry::Input, private Sink {
 public:
  HttpInput(const ferry::Host& host, const ferry::Config& cfg)
      : Input(host),
        settings_(read_settings(cfg)),
        custom_(make_custom_parser(host, cfg, settings_)),
        handler_(settings_, *this, custom_.get()) {
    if (settings_.tls) {
      try {
        tls_ = std::make_unique<TlsContext>(*settings_.tls);
      } catch (const std::runtime_error& e) {
        auto t = cfg.section("transport");
        throw ferry::ConfigError(
            ferry::str(t ? t->location() : cfg.location(), ": <transport tls>: ", e.what()));
      }
    }
  }

  void start() override {
    server_ = std::make_unique<Server>(host(), settings_, handler_, tls_.get());
    server_->start();
  }

  void stop() override { server_.reset(); }

 private:
  ferry_status emit(std::string_view tag, std::string_view events, uint32_t count) override {
    return host().emit(tag, events, count);
  }
  bool log_enabled(ferry_log_level level) override { return host().log_enabled(level); }
  void log(ferry_log_level level, std::string_view message) override { host().log(level, message); }
  EventTime now() override { return EventTime::from_ns(host().now_ns()); }

  HttpSettings settings_;
  std::unique_ptr<BodyParser> custom_;
  RequestHandler handler_;
  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<Server> server_;
};

}  // namespace
}  // namespace ferry::in_http

FERRY_PLUGIN(ferry::in_http::HttpInput, FERRY_KIND_INPUT, "http", "1.0.0",
             "Receives events over HTTP (Fluentd's in_http)", "stable", ferry::in_http::kHttpParams,
             FERRY_CAP_PARSE)
