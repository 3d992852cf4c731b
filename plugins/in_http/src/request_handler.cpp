#include "request_handler.hpp"

#include <unordered_map>
#include <vector>

#include "cors.hpp"
#include "decompress.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::in_http {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

char upper(char c) {
  return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
}

// "HTTP_" / "QUERY_" + name.tr('-', '_').upcase
std::string env_key(std::string_view prefix, std::string_view name) {
  std::string k(prefix);
  for (char c : name) k.push_back(c == '-' ? '_' : upper(c));
  return k;
}

// X-Forwarded-For's first entry: Ruby's v.split(",").first (nil when the
// value holds nothing but commas).
bool first_forwarded(std::string_view v, std::string_view& out) {
  if (v.find_first_not_of(',') == std::string_view::npos) return false;
  out = v.substr(0, v.find(','));
  return true;
}

}  // namespace

std::string tag_from_path(std::string_view path) {
  std::string_view rest = path.size() > 1 ? path.substr(1) : std::string_view();
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string tag(rest);
  for (char& c : tag)
    if (c == '/') c = '.';
  return tag;
}

void split_target(std::string_view target, std::string_view& path, std::string_view& query,
                  bool& has_query) {
  size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  // absolute-form: scheme "://" authority
  size_t scheme = target.find("://");
  if (scheme != std::string_view::npos && target.find('/') > scheme) {
    size_t path_at = target.find_first_of("/?", scheme + 3);
    target = path_at == std::string_view::npos ? std::string_view() : target.substr(path_at);
  }
  size_t q = target.find('?');
  has_query = q != std::string_view::npos;
  path = target.substr(0, q);
  query = has_query ? target.substr(q + 1) : std::string_view();
}

RequestHandler::RequestHandler(const HttpSettings& settings, Sink& sink, BodyParser* custom)
    : settings_(settings), sink_(sink), custom_(custom), builder_(settings) {}

HeadReply RequestHandler::on_head(const HeadInfo& head) const {
  HeadReply r;
  if (!head.has_expect) return r;
  if (head.expect == "100-continue") {
    if (!head.has_content_length || head.content_length < settings_.body_size_limit) {
      r.kind = HeadReply::Kind::kContinue;
      r.bytes = std::string(kContinue);
    } else {
      r.kind = HeadReply::Kind::kReject;
      too_large(r.bytes);
    }
    return r;
  }
  r.kind = HeadReply::Kind::kReject;
  Response("417 Expectation Failed").append_to(r.bytes);
  return r;
}

void RequestHandler::too_large(std::string& out) {
  Response("413 Request Entity Too Large", "Too large").append_to(out);
}

void RequestHandler::log_error(std::string_view what, std::string_view error_class,
                               std::string_view message) {
  if (!sink_.log_enabled(FERRY_LOG_ERROR)) return;
  std::string line(what);
  line.append(" error_class=").append(error_class).append(" error=");
  text::append_ruby_string_inspect(line, message, false);
  sink_.log(FERRY_LOG_ERROR, line);
}

Response RequestHandler::preflight(const HeadInfo& head) const {
  // Is CORS enabled, and is it a POST preflight?
  if (!settings_.cors_allow_origins || !head.has_ac_request_method ||
      head.ac_request_method != "POST")
    return Response("403 Forbidden");
  const auto& allowed = *settings_.cors_allow_origins;
  Response r("200 OK");
  r.set("Access-Control-Allow-Methods", "POST");
  r.set("Access-Control-Allow-Headers", head.ac_request_headers);
  if (cors_allows_any(allowed)) {
    r.set("Access-Control-Allow-Origin", "*");
  } else if (head.has_origin && cors_origin_allowed(allowed, head.origin)) {
    r.set("Access-Control-Allow-Origin", head.origin);
    if (settings_.cors_allow_credentials) r.set("Access-Control-Allow-Credentials", "true");
  } else {
    return Response("403 Forbidden");
  }
  return r;
}

bool RequestHandler::handle(const Request& req, std::string& out) {
  const HeadInfo head = read_head(req.version, req.headers);
  if (req.method == "GET") {
    // Health checks (Azure App Service): 200 and close.
    Response("200 OK").append_to(out);
    return true;
  }
  if (req.method == "OPTIONS") {
    preflight(head).append_to(out);
    return true;
  }
  if (settings_.cors_allow_origins) {
    const auto& allowed = *settings_.cors_allow_origins;
    // No Origin: a server-to-server request, allowed.
    if (!(cors_allows_any(allowed) || !head.has_origin ||
          cors_origin_allowed(allowed, head.origin))) {
      Response r("403 Forbidden");
      r.set("Connection", "close");
      r.append_to(out);
      return true;
    }
  }
  std::string_view body = req.body;
  const bool gzip = head.content_encoding == "gzip";
  if (gzip || head.content_encoding == "deflate") {
    std::string error;
    if (!decompress(gzip ? Encoding::kGzip : Encoding::kDeflate, req.body,
                    settings_.decompression_size_limit, decoded_, &error)) {
      if (sink_.log_enabled(FERRY_LOG_WARN)) {
        std::string line = "fails to decode payload error=";
        text::append_ruby_string_inspect(line, error, false);
        sink_.log(FERRY_LOG_WARN, line);
      }
      Response("400 Bad Request").append_to(out);
      return true;
    }
    body = decoded_;
  }

  Response r = process(req, head, body);
  if (const auto& allowed = settings_.cors_allow_origins) {
    if (cors_allows_any(*allowed)) {
      r.set("Access-Control-Allow-Origin", "*");
    } else if (head.has_origin && cors_origin_allowed(*allowed, head.origin)) {
      r.set("Access-Control-Allow-Origin", head.origin);
      if (settings_.cors_allow_credentials) r.set("Access-Control-Allow-Credentials", "true");
    }
  }
  if (head.keep_alive) r.set("Connection", "Keep-Alive");
  r.append_to(out);
  decoded_.clear();
  return !head.keep_alive;
}

void RequestHandler::gather_params(const Request& req, const HeadInfo& head, std::string_view query,
                                   std::string_view body) {
  params_.clear();
  parse_query_into(query, params_, &key_scratch_, &value_scratch_);
  std::string_view ct = head.content_type;
  if (custom_) {
    // The body goes to the custom parser whatever its Content-Type.
  } else if (starts_with(ct, "application/x-www-form-urlencoded")) {
    parse_query_into(body, params_, &key_scratch_, &value_scratch_);
  } else if (starts_with(ct, "multipart/form-data; boundary=") &&
             ct.size() > sizeof("multipart/form-data; boundary=") - 1) {
    std::string boundary = dequote(ct.substr(sizeof("multipart/form-data; boundary=") - 1));
    parse_multipart_into(body, boundary, params_);
  } else if (starts_with(ct, "application/json") || starts_with(ct, "application/csp-report")) {
    params_.set_view("json", body);
  } else if (starts_with(ct, "application/msgpack")) {
    params_.set_view("msgpack", body);
  } else if (starts_with(ct, "application/x-ndjson")) {
    params_.set_view("ndjson", body);
  }
  if (settings_.add_query_params) {
    query_.clear();
    parse_query_into(query, query_, &key_scratch_, &value_scratch_);
    for (const auto& [k, v] : query_.items()) params_.set(env_key("QUERY_", k), v.text, true);
  }
  // Headers as http_parser.rb's "mixed" hash: one entry per exact name, a
  // list when the name repeats; then HTTP_<NAME> (later names win). Only
  // add_http_headers reads them.
  if (settings_.add_http_headers) {
    std::unordered_map<std::string_view, size_t> by_name;
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> groups;
    for (const Header& h : req.headers) {
      auto [it, fresh] = by_name.try_emplace(h.name, groups.size());
      if (fresh) groups.emplace_back(h.name, std::vector<std::string_view>());
      groups[it->second].second.push_back(h.value);
    }
    for (const auto& [name, values] : groups) {
      std::string key = env_key("HTTP_", name);
      if (values.size() == 1)
        params_.set(key, values[0], true);
      else
        params_.set_list(key, values);
    }
  }
  std::string_view forwarded;
  if (head.has_forwarded_for) {
    if (first_forwarded(head.forwarded_for, forwarded)) params_.set("REMOTE_ADDR", forwarded, true);
  } else if (!req.peer_ip.empty()) {
    params_.set("REMOTE_ADDR", req.peer_ip, false);
  }
}

Response RequestHandler::process(const Request& req, const HeadInfo& head, std::string_view body) {
  std::string_view path, query;
  bool has_query = false;
  split_target(req.target, path, query, has_query);
  if (path.empty()) {
    log_error("failed to process request", "NoMethodError", "the request path is empty");
    return Response("400 Bad Request", "400 Bad Request\nthe request path is empty\n")
        .set("Content-Type", "text/plain");
  }
  tag_.clear();
  if (settings_.add_tag_prefix) tag_.append(*settings_.add_tag_prefix).push_back('.');
  tag_ += tag_from_path(path);

  gather_params(req, head, query, body);

  batch_.clear();
  uint32_t count = 0, dropped = 0;
  BuildError err;
  const bool built =
      custom_ ? builder_.build_parsed(params_, body, *custom_, sink_.now(), batch_, count, &err)
              : builder_.build(params_, sink_.now(), batch_, count, dropped, &err);
  if (!built) {
    if (settings_.dump_error_log)
      log_error("failed to process request", err.error_class, err.message);
    Response r("400 Bad Request");
    r.set("Content-Type", "text/plain");
    r.set_body("400 Bad Request\n" + err.message + "\n");
    return r;
  }
  if (dropped && sink_.log_enabled(FERRY_LOG_DEBUG)) {
    sink_.log(FERRY_LOG_DEBUG, "incoming event is invalid: path=" + std::string(path) +
                                   " dropped " + std::to_string(dropped) +
                                   " non-object element(s)");
  }
  if (count > 0) {
    ferry_status s = sink_.emit(tag_, batch_, count);
    if (s == FERRY_RETRY) {
      const char* msg = "the pipeline is pushing back; retry later";
      if (settings_.dump_error_log) log_error("failed to emit data", "Ferry::RetryLater", msg);
      Response r("503 Service Unavailable");
      r.set("Content-Type", "text/plain");
      r.set("Retry-After", "1");
      r.set_body(std::string("503 Service Unavailable\n") + msg + "\n");
      return r;
    }
    if (s != FERRY_OK) {
      const char* msg = "the events could not be routed";
      if (settings_.dump_error_log) log_error("failed to emit data", "Ferry::EmitError", msg);
      Response r("500 Internal Server Error");
      r.set("Content-Type", "text/plain");
      r.set_body(std::string("500 Internal Server Error\n") + msg + "\n");
      return r;
    }
  }
  if (settings_.respond_with_empty_img) {
    Response r("200 OK");
    r.set("Content-Type", "image/gif; charset=utf-8");
    r.set_body(empty_gif());
    return r;
  }
  if (settings_.use_204_response) return Response("204 No Content");
  Response r("200 OK");
  r.set("Content-Type", "text/plain");
  return r;
}

}  // namespace ferry::in_http
