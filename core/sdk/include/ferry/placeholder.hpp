// Ferry C++ plugin layer: placeholders in output parameters (ABI 1.1,
// FERRY_CAP_BUFFERED outputs), Fluentd's extract_placeholders: ${tag},
// ${tag[N]}, ${KEY} / ${$.a.b} for record chunk keys, ${chunk_id}, and
// strftime (%Y%m%d...) from the chunk's time window. Header-only.
//
//   // in the constructor (create): checked against the <buffer> chunk keys
//   // with Fluentd's rules; throws ConfigError naming the parameter and fix
//   path_ = ferry::Placeholder(host(), "path", *cfg.string("path"));
//   // a parameter Fluentd only expands (kafka2's topic): placeholders need
//   // their chunk keys, nothing more (ABI 1.2)
//   topic_ = ferry::Placeholder(host(), "topic", t, FERRY_PLACEHOLDER_AVAILABLE);
//   // in write(), per chunk:
//   std::string path;
//   if (path_.expand(chunk, path) != FERRY_OK)
//     return host().complete(token, FERRY_DROP, "unsafe path for chunk");
#ifndef FERRY_PLACEHOLDER_HPP
#define FERRY_PLACEHOLDER_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "ferry/abi.h"
#include "ferry/error.hpp"
#include "ferry/host.hpp"

namespace ferry {

// One parameter's text, compiled once. Move-only; expand() is thread-safe.
class Placeholder {
 public:
  Placeholder() = default;
  // `check`: FERRY_PLACEHOLDER_STRICT (Fluentd's placeholder_validate!,
  // for a parameter like out_file's path) or FERRY_PLACEHOLDER_AVAILABLE
  // (only: every placeholder used has its chunk key; ABI 1.2 hosts).
  Placeholder(const Host& host, const char* param_name, std::string_view text,
              ferry_placeholder_check check = FERRY_PLACEHOLDER_STRICT)
      : api_(host.api()) {
    if (!host.has(offsetof(ferry_host_api, placeholder_free))) {
      throw ConfigError("this ferry host does not provide placeholders (ABI 1.1)");
    }
    ferry_error err;
    err.message[0] = '\0';
    if (check == FERRY_PLACEHOLDER_STRICT) {
      // The 1.1 call: works with every host that has placeholders.
      p_ = api_->placeholder_new(host.instance(), param_name, text.data(), text.size(), &err);
    } else if (host.has(offsetof(ferry_host_api, placeholder_new_checked))) {
      p_ = api_->placeholder_new_checked(host.instance(), param_name, text.data(), text.size(),
                                         static_cast<uint32_t>(check), &err);
    } else {
      throw ConfigError("this ferry host does not provide placeholder checks (ABI 1.2)");
    }
    if (!p_) throw ConfigError(err.message[0] ? err.message : "invalid placeholders");
  }
  Placeholder(Placeholder&& o) noexcept : api_(o.api_), p_(std::exchange(o.p_, nullptr)) {}
  Placeholder& operator=(Placeholder&& o) noexcept {
    if (this != &o) {
      reset();
      api_ = o.api_;
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  ~Placeholder() { reset(); }
  explicit operator bool() const { return p_ != nullptr; }

  // False: expand() always gives the text back unchanged.
  bool has_placeholders() const { return p_ && api_->placeholder_has(p_) != 0; }

  // Appends the text expanded for this buffered chunk to out. FERRY_DROP
  // (out left as it was; the host logged why): a substituted tag or key
  // value would escape the path ("../", a leading "/"), or the write is not
  // a buffered chunk while the text has placeholders. Complete the chunk
  // with FERRY_DROP then: retrying cannot help.
  ferry_status expand(const Chunk& chunk, std::string& out) const {
    const size_t before = out.size();
    ferry_status s = api_->placeholder_expand(p_, chunk.raw(), &Placeholder::append_to, &out);
    if (s != FERRY_OK) out.resize(before);
    return s;
  }

 private:
  static void append_to(void* user, const char* data, size_t len) {
    static_cast<std::string*>(user)->append(data, len);
  }
  void reset() {
    if (p_) api_->placeholder_free(p_);
    p_ = nullptr;
  }
  const ferry_host_api* api_ = nullptr;
  ferry_placeholder* p_ = nullptr;
};

}  // namespace ferry

#endif  // FERRY_PLACEHOLDER_HPP
