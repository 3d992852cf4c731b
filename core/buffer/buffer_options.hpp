#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "buffer/buffer_params.hpp"
#include "buffer/file_chunk.hpp"
#include "ferry/abi.h"
#include "format/time_zone.hpp"

namespace ferry::buffer {

// Fluentd's `<buffer CHUNK_KEYS>` section plus the output-level parameters
// that shape buffering (output.rb, buffer.rb, buf_memory.rb, buf_file.rb,
// plugin_helper/retry_state.rb), typed and resolved: every "nil means
// derive it" default of Fluentd is already derived here.

enum class BufferType { kMemory, kFile };
enum class FlushMode { kLazy, kInterval, kImmediate };  // `default` resolved
enum class OverflowAction { kThrowException, kBlock, kDropOldestChunk };
enum class RetryType { kExponentialBackoff, kPeriodic };

struct ChunkKeys {
  bool tag = false;
  bool time = false;
  // Record keys in the order written: plain names ("host") or record
  // accessor paths ("$.a.b", "$['a']['b']"), as written.
  std::vector<std::string> record_keys;
  bool empty() const { return !tag && !time && record_keys.empty(); }
};

struct RetryOptions {
  RetryType type = RetryType::kExponentialBackoff;
  double wait = 1.0;  // seconds
  double exponential_backoff_base = 2.0;
  std::optional<double> max_interval;  // seconds
  bool randomize = true;               // +-12.5 %
  double timeout = 72 * 3600.0;        // seconds
  std::optional<uint64_t> max_times;
  bool forever = false;
  double secondary_threshold = 0.8;
};

struct BufferOptions {
  BufferType type = BufferType::kMemory;
  ChunkKeys keys;
  // One chunk per tag even when `tag` is not a chunk key, so that write()
  // knows every event's tag: outputs that format events when a chunk is
  // written (FERRY_CAP_FORMAT / FERRY_CAP_INJECT; Fluentd formats them at
  // emit time, with the tag). Set by the host from the capabilities.
  bool chunk_per_tag = false;
  std::optional<int64_t> timekey;  // seconds, > 0; required when keys.time
  int64_t timekey_wait = 600;
  bool timekey_use_utc = false;
  // Offset added to UTC when cutting timekey windows and rendering strftime
  // placeholders: 0 with timekey_use_utc, else timekey_zone, else the
  // host's local offset when the buffer was configured (as Fluentd). For a
  // Region/Zone timekey_zone this is its offset at configure time; use
  // utc_offset_at(), which follows the zone's rules (DST) as Fluentd does.
  int64_t timekey_utc_offset = 0;
  std::string timekey_zone;  // as written, or "" (for messages)
  // The zone behind timekey_utc_offset (a fixed offset unless timekey_zone
  // names a Region/Zone).
  format::TimeZone timekey_time_zone = format::TimeZone::utc();
  int64_t utc_offset_at(int64_t epoch_sec) const {
    return timekey_use_utc ? 0 : timekey_time_zone.offset_at(epoch_sec);
  }

  uint64_t chunk_limit_size = 8 * 1024 * 1024;  // file: 256 MiB
  std::optional<uint64_t> chunk_limit_records;
  uint64_t total_limit_size = 512ull * 1024 * 1024;  // file: 64 GiB
  std::optional<uint64_t> queue_limit_length;        // legacy; sets total
  double chunk_full_threshold = 0.95;
  size_t queued_chunks_limit_size = 1;  // nil => flush_thread_count
  bool compress_gzip = false;
  uint64_t decompression_size_limit = 256ull * 1024 * 1024;  // per gzip member read back

  FlushMode flush_mode = FlushMode::kInterval;
  double flush_interval = 60;
  bool flush_at_shutdown = true;  // nil => memory true, file false
  unsigned flush_thread_count = 1;
  double flush_thread_interval = 1.0;
  double flush_thread_burst_interval = 1.0;
  double delayed_commit_timeout = 60;
  OverflowAction overflow_action = OverflowAction::kThrowException;
  RetryOptions retry;
  double slow_flush_log_threshold = 20.0;  // output-level

  // @type file. `path` as written (or the default under root_dir), and
  // `location` resolved from it by resolve_file_location().
  std::optional<std::string> path;
  FileChunkLocation location;
  std::string path_suffix = ".log";
  unsigned file_permission = 0644;
  unsigned dir_permission = 0755;
  FsyncPolicy fsync = FsyncPolicy::kOnEnqueue;  // Ferry extension `fsync`
  bool disable_chunk_backup = false;
};

// What a plugin declares (ferry_plugin_info::buffer_defaults, ABI 1.1): its
// `config_section :buffer` defaults as config text, one "name value" per
// line ("@type file", "chunk_keys time", "timekey 86400", "flush_mode
// interval"...). Parsed once per instance; a malformed text is a plugin bug
// reported at load. `path_from_param NAME`: a file buffer without a
// <buffer> path and without <system> root_dir + @id lives at the value of
// the plugin's own parameter NAME (out_file: `path_from_param path`).
struct PluginBufferDefaults {
  std::string text;  // "" => Fluentd's base defaults (memory, no keys)
};

// buffer_section_table() and buffered_output_flat_table() (the <buffer>
// section and the output-level legacy rows) are declared in
// buffer/buffer_params.hpp, included above.

struct BufferConfigResult {
  std::optional<BufferOptions> options;  // nullopt: not buffered / error
  std::string error;                     // "file:line: ..." when it failed
  std::vector<std::string> warnings;     // Fluentd's configure warnings
  std::vector<std::string> infos;        // Fluentd's configure info lines
};

// Reads the buffer configuration of one output directive through the host
// API (the directive's validated config: its <buffer> section and flat
// legacy rows). `buffer_always`: the plugin is buffered even without
// <buffer> (FERRY_BUFFER_ALWAYS). `plugin_id`/`root_dir` resolve the file
// buffer path when `path` is not given (<root_dir>/worker0/<@id>/buffer/);
// a file buffer with neither is a load error naming the fix.
BufferConfigResult read_buffer_options(const ferry_host_api& api, const ferry_config* directive,
                                       const PluginBufferDefaults& defaults, bool buffer_always,
                                       const std::string& plugin_id, const std::string& root_dir);

// Fluentd buf_file.rb path rules: an existing directory, or a path that
// does not exist and has no ".*" => <dir>/buffer.*<suffix>; otherwise a file
// pattern: a basename containing ".*." as is; ending in ".*" => + suffix;
// else "<path>.*<suffix>" (an existing file is not touched). The "*" is
// where b<id> / q<id> go.
FileChunkLocation resolve_file_location(const std::string& path, const std::string& path_suffix);

// Fluentd's buf_file.rb rule: two outputs may not share one buffer path.
// `taken` maps resolved chunk patterns ("<dir>/<prefix>*<suffix>") to the
// plugin type using them, across one configuration. Returns "" and records
// the file buffer of `options` when its pattern is free (memory buffers:
// always ""), else Fluentd's message naming both types.
std::string claim_buffer_path(std::map<std::string, std::string>& taken,
                              const BufferOptions& options, const std::string& plugin_type);

}  // namespace ferry::buffer
