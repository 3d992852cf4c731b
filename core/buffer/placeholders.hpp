#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "buffer/buffer_options.hpp"
#include "buffer/chunk_meta.hpp"
#include "buffer/metadata_splitter.hpp"
#include "format/time_zone.hpp"

namespace ferry::buffer {

// Fluentd's extract_placeholders (output.rb) for output parameters such as
// out_file's path, kafka2's topic or influxdb's measurement: strftime
// (%Y %m %d %H %M %S ..., rendered from the chunk's timekey in the buffer's
// timekey offset) when `time` is a chunk key, ${tag} / ${tag[N]} (N may be
// negative) when `tag` is, ${KEY} / ${$.a.b} for record chunk keys, and
// ${chunk_id}. Compiled once at load; expand() does no parsing.
class Placeholder {
 public:
  // How a text is validated against the chunk keys (ferry_placeholder_check
  // of the ABI has the same values).
  enum class Check {
    // Fluentd's output.rb#placeholder_validate! (out_file's path): a time
    // placeholder needs a `time` key and may not be finer than timekey, and
    // a `time` key needs one; a tag placeholder needs `tag` and `tag` needs
    // one; the ${KEY}s must be exactly the record chunk keys.
    kStrict = 0,
    // Only: every placeholder used is backed by a chunk key (strftime by
    // `time`, ${tag} / ${tag[N]} by `tag`, ${KEY} by that record key;
    // ${chunk_id} always). Unused chunk keys are fine. Fluentd plugins that
    // only expand a parameter check this much or less
    // (out_secondary_file.rb#validate_compatible_with_primary_buffer!).
    kAvailable = 1,
  };

  // Validates `text` against the buffer's chunk keys as `check` says.
  // nullptr and *error (naming the parameter and the fix, e.g. "add them to
  // the <buffer> chunk keys, e.g. <buffer host>") when invalid. `buffer`
  // may be null: no buffer, so any placeholder but ${chunk_id} is an error.
  static std::unique_ptr<Placeholder> compile(std::string_view param_name, std::string_view text,
                                              const BufferOptions* buffer, std::string* error,
                                              Check check = Check::kStrict);
  ~Placeholder();

  bool has_placeholders() const { return !plain_; }
  const std::string& text() const { return text_; }

  // Expands for one chunk, appending to `out`. Values that would escape a
  // path ("../" or a leading "/" in a substituted tag or key value, Fluentd
  // 1.19.3+), and a chunk lacking the tag or timekey its buffer keys on
  // (Fluentd: NoMethodError), make it return false with *error (the chunk
  // is then unrecoverable; `out` is left as it was). A chunk with empty
  // metadata (resumed without its .meta) gets only ${chunk_id} replaced,
  // as in Fluentd. Thread-safe (const, no shared state).
  bool expand(const ChunkMeta& chunk, std::string& out, std::string* error) const;

 private:
  Placeholder() = default;
  struct Piece;
  std::string text_;
  bool plain_ = true;
  std::vector<Piece> pieces_;
  // What expansion needs from the buffer options, copied: a Placeholder
  // may outlive the options it was compiled against.
  bool time_key_ = false;
  bool tag_key_ = false;
  std::vector<std::string> record_keys_;
  bool timekey_use_utc_ = false;
  format::TimeZone zone_ = format::TimeZone::utc();
};

}  // namespace ferry::buffer
