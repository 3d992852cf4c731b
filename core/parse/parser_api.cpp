#include "parse/parser_api.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "ferry/error.hpp"
#include "parse/extractor.hpp"
#include "parse/parse_options.hpp"
#include "parse/parser.hpp"
#include "parse/stream_splitter.hpp"

namespace {

// The largest unit parser_feed buffers (documented in abi.h).
constexpr size_t kMaxStreamUnit = 32u << 20;

// Turns ParseSink calls into ferry_parsed callbacks and remembers failures.
class CallbackSink : public ferry::parse::ParseSink {
 public:
  CallbackSink(ferry_parse_callback cb, void* user) : cb_(cb), user_(user) {}
  void on_event(std::string_view event, bool time_set) override {
    ferry_parsed r{};
    r.struct_size = sizeof r;
    r.event = reinterpret_cast<const uint8_t*>(event.data());
    r.event_len = event.size();
    r.time_set = time_set ? 1 : 0;
    cb_(user_, &r);
  }
  void on_error(std::string_view message) override {
    failed = true;
    std::string text(message);  // NUL-terminated copy
    ferry_parsed r{};
    r.struct_size = sizeof r;
    r.error = text.c_str();
    r.error_len = text.size();
    cb_(user_, &r);
  }
  bool failed = false;

 private:
  ferry_parse_callback cb_;
  void* user_;
};

}  // namespace

// The opaque handles of abi.h.
struct ferry_parser {
  std::unique_ptr<ferry::parse::Parser> impl;
  std::unique_ptr<ferry::parse::StreamSplitter> stream;
};

struct ferry_extractor {
  std::unique_ptr<ferry::parse::Extractor> impl;
  std::string error;
};

namespace ferry::parse {
namespace {

std::atomic<const ferry_host_api*> g_api{nullptr};

void log(const ferry_host_api& api, ferry_instance* inst, ferry_log_level level,
         const std::string& msg) {
  if (api.log) api.log(inst, level, msg.data(), msg.size());
}

std::string where(const ferry_host_api& api, const ferry_config* section) {
  if (section && api.config_location) {
    if (const char* loc = api.config_location(section, nullptr)) return std::string(loc) + ": ";
  }
  return "";
}

ferry_parser* parser_new(ferry_instance* inst, const ferry_config* section,
                         const char* default_type, const char* defaults, ferry_error* err) {
  const ferry_host_api* api = g_api.load();
  if (!api) {
    ferry::ErrorMessage::set(err, "parser API used before fill_parser_api()");
    return nullptr;
  }
  std::string error;
  std::vector<std::string> unused;
  const std::string at = where(*api, section);
  auto options = read_parse_options(*api, section, default_type, defaults, &error, &unused);
  if (!options) {
    ferry::ErrorMessage::set(err, at + "<parse>: " + error);
    return nullptr;
  }
  auto impl = make_parser(*options, &error);
  if (!impl) {
    ferry::ErrorMessage::set(err, at + "<parse>: " + error);
    return nullptr;
  }
  for (const std::string& name : unused) {
    log(*api, inst, FERRY_LOG_WARN,
        at + "parameter '" + name + "' in <parse> is not used by the " + options->type + " parser");
  }
  auto* p = new ferry_parser;
  p->impl = std::move(impl);
  p->stream = std::make_unique<StreamSplitter>(*p->impl, kMaxStreamUnit);
  return p;
}

ferry_status parser_parse(ferry_parser* p, const char* text, size_t len, ferry_parse_callback cb,
                          void* user) {
  CallbackSink sink(cb, user);
  p->impl->parse(std::string_view(text, len), sink);
  return sink.failed ? FERRY_DROP : FERRY_OK;
}

ferry_status parser_feed(ferry_parser* p, const char* data, size_t len, int final,
                         ferry_parse_callback cb, void* user) {
  CallbackSink sink(cb, user);
  p->stream->feed(std::string_view(data, len), final != 0, sink);
  return sink.failed ? FERRY_DROP : FERRY_OK;
}

void parser_free(ferry_parser* p) {
  delete p;
}

ferry_extractor* extractor_new(ferry_instance* inst, const ferry_config* section,
                               ferry_error* err) {
  const ferry_host_api* api = g_api.load();
  if (!api) {
    ferry::ErrorMessage::set(err, "extractor API used before fill_parser_api()");
    return nullptr;
  }
  std::string error;
  std::vector<std::string> warnings;
  const std::string at = where(*api, section);
  auto options = read_extract_options(*api, section, &error, &warnings);
  std::unique_ptr<Extractor> impl = options ? Extractor::create(*options, &error) : nullptr;
  if (!impl) {
    ferry::ErrorMessage::set(err, at + "<extract>: " + error);
    return nullptr;
  }
  for (const std::string& w : warnings) log(*api, inst, FERRY_LOG_WARN, at + w);
  auto* x = new ferry_extractor;
  x->impl = std::move(impl);
  return x;
}

ferry_status extractor_apply(ferry_extractor* x, const uint8_t* event, size_t len, int time_set,
                             ferry_extracted* out) {
  Extractor::Result r;
  bool ok = x->impl->apply(std::string_view(reinterpret_cast<const char*>(event), len),
                           time_set != 0, r, &x->error);
  // Fill only what the caller's struct has room for.
  ferry_extracted full{};
  full.struct_size = out->struct_size;
  if (ok) {
    full.has_tag = r.has_tag ? 1 : 0;
    full.tag = r.tag.data();
    full.tag_len = r.tag.size();
    full.event = reinterpret_cast<const uint8_t*>(r.event.data());
    full.event_len = r.event.size();
  } else {
    full.error = x->error.c_str();
  }
  std::memcpy(out, &full, std::min<size_t>(out->struct_size, sizeof full));
  return ok ? FERRY_OK : FERRY_DROP;
}

void extractor_free(ferry_extractor* x) {
  delete x;
}

}  // namespace

void fill_parser_api(ferry_host_api& api) {
  g_api.store(&api);
  api.parser_new = &parser_new;
  api.parser_parse = &parser_parse;
  api.parser_feed = &parser_feed;
  api.parser_free = &parser_free;
  api.extractor_new = &extractor_new;
  api.extractor_apply = &extractor_apply;
  api.extractor_free = &extractor_free;
}

}  // namespace ferry::parse
