#include "settings.hpp"

#include <openssl/ssl.h>

#include <string_view>

#include "ferry/error.hpp"
#include "ferry/params.hpp"

namespace ferry::in_http {
namespace {

constexpr const char* kTlsVersions[] = {"TLSv1_1", "TLSv1_2", "TLSv1_3", "TLS1_1",
                                        "TLS1_2",  "TLS1_3",  nullptr};
constexpr const char* kDigests[] = {"sha1", "sha256", "sha384", "sha512", nullptr};
constexpr ferry_param kTransportRows[] = {
    ferry::Param("receive_buffer_size", FERRY_PARAM_SIZE).describe("SO_RCVBUF of connections"),
    ferry::Param("linger_timeout", FERRY_PARAM_INTEGER)
        .min(0)
        .describe("SO_LINGER seconds, applied only when given (Ferry closes gracefully by "
                  "default; Fluentd sets 0, a reset)"),
    ferry::Param("version", FERRY_PARAM_ENUM)
        .def("TLSv1_2")
        .one_of(kTlsVersions)
        .describe("The only TLS version when min_version/max_version are not given"),
    ferry::Param("min_version", FERRY_PARAM_ENUM).one_of(kTlsVersions),
    ferry::Param("max_version", FERRY_PARAM_ENUM).one_of(kTlsVersions),
    ferry::Param("ciphers", FERRY_PARAM_STRING)
        .def("ALL:!aNULL:!eNULL:!SSLv2")
        .describe("OpenSSL cipher list (TLS 1.2 and older)"),
    ferry::Param("insecure", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Skip the cipher list; generating a self-signed certificate is not "
                  "supported yet, so cert_path is still required"),
    ferry::Param("ensure_fips", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Fail at start when OpenSSL is not in FIPS mode"),
    ferry::Param("ca_path", FERRY_PARAM_STRING)
        .describe("CA file used to verify client certificates"),
    ferry::Param("cert_path", FERRY_PARAM_STRING).describe("Server certificate chain (PEM)"),
    ferry::Param("private_key_path", FERRY_PARAM_STRING).describe("Server private key (PEM)"),
    ferry::Param("private_key_passphrase", FERRY_PARAM_STRING).secret(),
    ferry::Param("client_cert_auth", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Require and verify a client certificate"),
    ferry::Param("ca_cert_path", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Generating a server certificate from a private CA is not supported yet"),
    ferry::Param("ca_private_key_path", FERRY_PARAM_STRING).unsupported(),
    ferry::Param("ca_private_key_passphrase", FERRY_PARAM_STRING).unsupported().secret(),
    ferry::Param("cert_verifier", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Ruby certificate verifiers cannot run in Ferry"),
    ferry::Param("generate_private_key_length", FERRY_PARAM_INTEGER).unsupported(),
    ferry::Param("generate_cert_country", FERRY_PARAM_STRING).unsupported(),
    ferry::Param("generate_cert_state", FERRY_PARAM_STRING).unsupported(),
    ferry::Param("generate_cert_locality", FERRY_PARAM_STRING).unsupported(),
    ferry::Param("generate_cert_common_name", FERRY_PARAM_STRING).unsupported(),
    ferry::Param("generate_cert_expiration", FERRY_PARAM_TIME).unsupported(),
    ferry::Param("generate_cert_digest", FERRY_PARAM_ENUM).one_of(kDigests).unsupported(),
};
constexpr ferry_param_table kTransportTable =
    ferry::table(kTransportRows, FERRY_TABLE_HAS_ARG | FERRY_TABLE_PLAIN_SECTION);

constexpr ferry_param kRows[] = {
    ferry::Param("port", FERRY_PARAM_INTEGER)
        .def("9880")
        .min(0)
        .max(65535)
        .describe("The port to listen to"),
    ferry::Param("bind", FERRY_PARAM_STRING)
        .def("0.0.0.0")
        .describe("The bind address to listen to"),
    ferry::Param("body_size_limit", FERRY_PARAM_SIZE)
        .def("32m")
        .describe("Largest accepted request body; larger ones get 413 without being read"),
    ferry::Param("decompression_size_limit", FERRY_PARAM_SIZE)
        .def("256m")
        .describe("Largest body after gzip/deflate decoding; larger ones get 400"),
    ferry::Param("keepalive_timeout", FERRY_PARAM_TIME)
        .def("10")
        .describe("Idle seconds after which a connection is closed"),
    ferry::Param("backlog", FERRY_PARAM_INTEGER)
        .min(1)
        .describe("listen() backlog (default SOMAXCONN)"),
    ferry::Param("add_http_headers", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Add every request header to records as HTTP_<NAME>"),
    ferry::Param("add_remote_addr", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Add REMOTE_ADDR (first X-Forwarded-For entry, else the peer address)"),
    ferry::Param("blocking_timeout", FERRY_PARAM_TIME)
        .def("0.5")
        .describe("Accepted for compatibility; Ferry's event loop never polls with a timeout"),
    ferry::Param("cors_allow_origins", FERRY_PARAM_ARRAY)
        .describe("Origins allowed by CORS; an entry may hold one `*` wildcard"),
    ferry::Param("cors_allow_credentials", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Send Access-Control-Allow-Credentials (needs explicit origins)"),
    ferry::Param("respond_with_empty_img", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Answer successful requests with a 1x1 GIF"),
    ferry::Param("use_204_response", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Answer successful requests with 204 No Content"),
    ferry::Param("dump_error_log", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Log requests answered 400 or 500"),
    ferry::Param("add_query_params", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Add every query parameter to records as QUERY_<NAME>"),
    ferry::Param("add_tag_prefix", FERRY_PARAM_STRING)
        .describe("Prefix added (with a dot) to the tag taken from the path"),
    ferry::Param("max_connections", FERRY_PARAM_INTEGER)
        .def("1024")
        .min(1)
        .max(1 << 20)
        .describe("Ferry: open connections at most; more wait in the listen backlog"),
    ferry::Param("max_header_size", FERRY_PARAM_SIZE)
        .def("64k")
        .min(1024)
        .max(16 << 20)
        .describe("Ferry: largest request line plus headers; larger get 431 and are closed"),
    ferry::Param("transport", FERRY_PARAM_SECTION)
        .section(&kTransportTable)
        .describe("<transport tls> with cert_path/private_key_path serves HTTPS"),
};

int tls_version(std::string_view name) {
  if (name == "TLSv1_1" || name == "TLS1_1") return TLS1_1_VERSION;
  if (name == "TLSv1_3" || name == "TLS1_3") return TLS1_3_VERSION;
  return TLS1_2_VERSION;
}

TlsSettings read_tls(const ferry::Config& t) {
  TlsSettings tls;
  auto cert = t.string("cert_path");
  if (!cert) {
    throw ferry::ConfigError(
        ferry::str(t.location(),
                   ": no valid cert options configured: Ferry needs 'cert_path' "
                   "and 'private_key_path' (generated certificates are not "
                   "supported yet)"));
  }
  auto key = t.string("private_key_path");
  if (!key) {
    throw ferry::ConfigError(ferry::str(
        t.location("cert_path"), ": private_key_path is required when cert_path is specified"));
  }
  tls.cert_path = *cert;
  tls.private_key_path = *key;
  tls.private_key_passphrase = t.string("private_key_passphrase");
  tls.ca_path = t.string("ca_path");
  tls.client_cert_auth = t.boolean("client_cert_auth").value_or(false);
  tls.insecure = t.boolean("insecure").value_or(false);
  tls.ciphers = t.string_or("ciphers", "ALL:!aNULL:!eNULL:!SSLv2");
  if (t.boolean("ensure_fips").value_or(false)) {
    throw ferry::ConfigError(ferry::str(t.location("ensure_fips"),
                                        ": Cannot enable FIPS compliant mode. OpenSSL FIPS "
                                        "configuration is disabled"));
  }
  auto min = t.string("min_version");
  auto max = t.string("max_version");
  if (!min && !max) {
    tls.min_version = tls.max_version = tls_version(t.string_or("version", "TLSv1_2"));
  } else if (!min) {
    throw ferry::ConfigError(ferry::str(
        t.location("max_version"), ": When you set max_version, must set min_version together"));
  } else if (!max) {
    throw ferry::ConfigError(ferry::str(
        t.location("min_version"), ": When you set min_version, must set max_version together"));
  } else {
    tls.min_version = tls_version(*min);
    tls.max_version = tls_version(*max);
  }
  return tls;
}

// <parse> (the core's section, FERRY_CAP_PARSE). The default `in_http`
// type is Fluentd's dummy InHttpParser: only its time-field options matter
// (types, null_value_pattern... are accepted and change nothing, as there).
// Any other type is the core's parser, made by the plugin.
void read_parse(const ferry::Config& p, HttpSettings& s) {
  s.parse_type = p.string_or("@type", "in_http");
  if (s.parse_type.empty()) s.parse_type = "in_http";
  if (s.parse_type != "in_http") return;
  TimeFieldSettings& time = s.time_field;
  time.key = p.string_or("time_key", "time");
  time.keep = p.boolean("keep_time_key").value_or(false);
  for (const char* name :
       {"time_format", "time_format_fallbacks", "localtime", "utc", "timezone"}) {
    if (p.is_set(name)) {
      throw ferry::ConfigError(ferry::str(p.location(name), ": <parse> ", name,
                                          " is not supported by in_http's default parser yet "
                                          "(time_type unixtime or float are)"));
    }
  }
  if (auto tt = p.string("time_type")) {
    if (*tt == "unixtime") {
      time.mode = TimeFieldSettings::Mode::kUnixtime;
    } else if (*tt == "float") {
      time.mode = TimeFieldSettings::Mode::kFloat;
    } else {
      throw ferry::ConfigError(ferry::str(p.location("time_type"), ": time_type ", *tt,
                                          " is not supported by in_http yet (unixtime, float)"));
    }
  }
}

}  // namespace

const ferry_param_table kHttpParams = ferry::table(kRows);

HttpSettings read_settings(const ferry::Config& cfg) {
  HttpSettings s;
  s.port = int(cfg.integer("port").value_or(9880));
  s.bind = cfg.string_or("bind", "0.0.0.0");
  s.body_size_limit = uint64_t(cfg.integer("body_size_limit").value_or(32 << 20));
  s.decompression_size_limit =
      uint64_t(cfg.integer("decompression_size_limit").value_or(256ll << 20));
  s.keepalive_timeout = cfg.number("keepalive_timeout").value_or(10);
  if (auto b = cfg.integer("backlog")) s.backlog = int(*b);
  s.add_http_headers = cfg.boolean("add_http_headers").value_or(false);
  s.add_remote_addr = cfg.boolean("add_remote_addr").value_or(false);
  s.add_query_params = cfg.boolean("add_query_params").value_or(false);
  if (!cfg.is_nil("cors_allow_origins")) s.cors_allow_origins = cfg.array("cors_allow_origins");
  s.cors_allow_credentials = cfg.boolean("cors_allow_credentials").value_or(false);
  s.respond_with_empty_img = cfg.boolean("respond_with_empty_img").value_or(false);
  s.use_204_response = cfg.boolean("use_204_response").value_or(false);
  s.dump_error_log = cfg.boolean("dump_error_log").value_or(true);
  s.add_tag_prefix = cfg.string("add_tag_prefix");
  s.max_connections = uint32_t(cfg.integer("max_connections").value_or(1024));
  s.max_header_size = uint32_t(cfg.integer("max_header_size").value_or(64 * 1024));

  if (s.cors_allow_credentials) {
    bool wildcard_all = false;
    if (s.cors_allow_origins)
      for (const auto& o : *s.cors_allow_origins) wildcard_all |= o == "*";
    if (!s.cors_allow_origins || wildcard_all) {
      throw ferry::ConfigError(
          ferry::str(cfg.location("cors_allow_credentials"),
                     ": Cannot enable cors_allow_credentials without specific origins"));
    }
  }
  if (s.add_tag_prefix && s.add_tag_prefix->empty()) {
    throw ferry::ConfigError(ferry::str(cfg.location("add_tag_prefix"),
                                        ": 'add_tag_prefix' parameter must not be empty"));
  }
  if (auto p = cfg.section("parse")) read_parse(*p, s);
  if (auto t = cfg.section("transport")) {
    if (auto rb = t->integer("receive_buffer_size")) s.receive_buffer_size = uint64_t(*rb);
    if (auto lt = t->integer("linger_timeout")) s.linger_timeout = int(*lt);
    std::string protocol = t->arg().value_or("tcp");
    if (protocol.empty()) protocol = "tcp";
    if (protocol == "tls") {
      s.tls = read_tls(*t);
    } else if (protocol != "tcp") {
      throw ferry::ConfigError(ferry::str(t->location(), ": <transport ", protocol,
                                          ">: valid protocols are tcp and tls"));
    }
  }
  return s;
}

}  // namespace ferry::in_http
