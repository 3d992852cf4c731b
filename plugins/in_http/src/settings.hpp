// in_http configuration: Fluentd's parameters (lib/fluent/plugin/in_http.rb)
// plus Ferry's bounds, read once at create() into plain values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ferry/abi.h"
#include "ferry/host.hpp"

namespace ferry::in_http {

// How the record's time field becomes the event time when no `time`
// parameter is given (the default in_http parser's rules).
struct TimeFieldSettings {
  enum class Mode {
    kTimeAt,    // no time_type/time_format: Ruby's Time.at(value), numbers only
    kFloat,     // time_type float: Fluentd's NumericTimeParser(:float)
    kUnixtime,  // time_type unixtime: NumericTimeParser(:unixtime)
  };
  std::string key = "time";
  bool keep = false;
  Mode mode = Mode::kTimeAt;
};

struct TlsSettings {
  std::string cert_path;
  std::string private_key_path;
  std::optional<std::string> private_key_passphrase;
  std::optional<std::string> ca_path;
  bool client_cert_auth = false;
  bool insecure = false;
  std::string ciphers;
  int min_version = 0;  // OpenSSL TLS1_x_VERSION
  int max_version = 0;
};

struct HttpSettings {
  int port = 9880;
  std::string bind = "0.0.0.0";
  uint64_t body_size_limit = 32ull << 20;
  uint64_t decompression_size_limit = 256ull << 20;
  double keepalive_timeout = 10;
  std::optional<int> backlog;
  bool add_http_headers = false;
  bool add_remote_addr = false;
  bool add_query_params = false;
  std::optional<std::vector<std::string>> cors_allow_origins;
  bool cors_allow_credentials = false;
  bool respond_with_empty_img = false;
  bool use_204_response = false;
  bool dump_error_log = true;
  std::optional<std::string> add_tag_prefix;
  // Ferry's bounds on memory and descriptors.
  uint32_t max_connections = 1024;
  uint32_t max_header_size = 64 * 1024;
  // <parse> @type: "in_http" (the json/msgpack/ndjson/form bodies, with
  // time_field) or a core parser's type, given the raw body.
  std::string parse_type = "in_http";
  TimeFieldSettings time_field;
  // Socket options of <transport>.
  std::optional<uint64_t> receive_buffer_size;
  std::optional<int> linger_timeout;
  std::optional<TlsSettings> tls;
};

// Reads and cross-checks the validated config; throws ferry::ConfigError
// with file:line for what the table alone cannot express.
HttpSettings read_settings(const ferry::Config& cfg);

extern const ferry_param_table kHttpParams;

}  // namespace ferry::in_http
