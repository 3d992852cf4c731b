// out_file: Fluentd's file output on the core buffer. The core buffers the
// events (default <buffer time>, @type file, timekey 1d, chunks kept under
// the output path treated as a directory) and hands write() one chunk at a
// time; each chunk becomes one file write: the path with its placeholders
// expanded (${tag}, ${key}, strftime from the chunk's timekey), then
// appended to (`append true`) or a new `_N` file (first free index), as
// text formatted per event (<format>, default out_file:
// "time<TAB>tag<TAB>{json}"), one gzip member with `compress gz`.
// <inject> (or the legacy include_tag_key/include_time_key...) adds keys
// to a copy of each record before it is formatted.
#include <optional>
#include <stdexcept>
#include <string>

#include "ferry/inject.hpp"
#include "ferry/placeholder.hpp"
#include "ferry/plugin.hpp"
#include "file_naming.hpp"
#include "file_sink.hpp"
#include "format/event_stream.hpp"
#include "format/time_zone.hpp"

namespace {

using ferry::out_file::Compression;

// Text is handed to the file (or gzip) in pieces of about this size, so a
// large chunk is never formatted whole in memory.
constexpr size_t kWriteSlice = 256 * 1024;

// compat_parameters.rb: any of these written flat (and no <buffer>) makes
// Fluentd build the <buffer> section from them.
constexpr const char* kLegacyBufferParams[] = {"buffer_type",         "buffer_path",
                                               "num_threads",         "flush_interval",
                                               "try_flush_interval",  "queued_chunk_flush_interval",
                                               "disable_retry_limit", "retry_limit",
                                               "max_retry_wait",      "buffer_chunk_limit",
                                               "buffer_queue_limit",  "buffer_queue_full_action",
                                               "flush_at_shutdown",   "time_slice_format",
                                               "time_slice_wait",     "timezone"};

ferry::out_file::BufferView buffer_view(const ferry::Config& cfg) {
  ferry::out_file::BufferView view;
  if (auto buffer = cfg.section("buffer")) {
    view.has_section = true;
    view.arg = buffer->arg();
    view.timekey_written = buffer->is_set("timekey");
    return view;
  }
  for (const char* name : kLegacyBufferParams) view.legacy_buffer_params |= cfg.is_set(name);
  return view;
}

// The timekey class of the chunks this instance will get, asked of the
// host: the core resolved the buffer (its <buffer>, the legacy flat names,
// out_file's defaults, or, for a <secondary>, the primary's buffer), and
// its placeholder check accepts a time slice only when `time` is a chunk
// key and the slice is at most as fine as the timekey. The probe is the
// path without its own strftime parts (its ${...} keep the key check
// happy) plus one slice. nullopt: no `time` key.
std::optional<int64_t> chunk_timekey_class(const ferry::Host& host, const std::string& path) {
  std::string base;
  for (char c : path)
    if (c != '%') base.push_back(c);
  for (const ferry::out_file::SliceClass& c : ferry::out_file::kSliceClasses) {
    try {
      ferry::Placeholder probe(host, "path", base + "." + std::string(c.format));
      return c.min_timekey;
    } catch (const ferry::ConfigError&) {
    }
  }
  return std::nullopt;
}

// Ferry's buffers hold [time, record] events; a chunk whose first bytes are
// not one holds text formatted before it was buffered.
bool holds_events(const uint8_t* p, const uint8_t* end) {
  std::string_view first, record;
  ferry::EventTime time;
  return ferry::format::next_event(p, end, first) &&
         ferry::format::split_event(first, time, record);
}

class FileOutput : public ferry::Output {
 public:
  FileOutput(const ferry::Host& host, const ferry::Config& cfg) : Output(host) {
    const std::string path = *cfg.string("path");
    append_ = cfg.boolean("append").value_or(false);
    const std::string compress = cfg.string_or("compress", "text");
    if (compress == "zstd") {
      throw ferry::ConfigError(cfg.location("compress") +
                               ": compress zstd is not supported by Ferry yet (use gzip)");
    }
    const Compression compression =
        compress == "gz" || compress == "gzip" ? Compression::kGzip : Compression::kText;

    ferry::out_file::PathSpec spec;
    spec.path = path;
    spec.append = append_;
    spec.path_suffix =
        cfg.boolean("add_path_suffix").value_or(true) ? cfg.string_or("path_suffix", ".log") : "";
    spec.compression_suffix = compression == Compression::kGzip ? ".gz" : "";
    spec.timekey = chunk_timekey_class(host, path);
    spec.time_slice_format = cfg.string("time_slice_format");
    try {
      template_ = ferry::out_file::path_template(spec);
    } catch (const std::invalid_argument& e) {
      throw ferry::ConfigError(ferry::str(cfg.location("path"), ": ", e.what()));
    }
    const std::string warning = ferry::out_file::default_timekey_warning(buffer_view(cfg));
    if (!warning.empty()) host.warn(warning);
    path_ = ferry::Placeholder(host, "path", template_);

    const ferry::format::CivilTime now =
        ferry::format::TimeZone::local().civil(host.now_ns() / 1000000000);
    const std::string probe = ferry::out_file::probe_path(template_, now);
    if (!ferry::out_file::writable(probe)) {
      throw ferry::ConfigError(ferry::str("out_file: `", probe, "` is not writable"));
    }

    auto section = cfg.section("format");
    formatter_ = host.formatter(section ? section->raw() : nullptr, "out_file");
    injector_ = ferry::Injector(host, cfg);
    sink_.emplace(compression, ferry::out_file::Permissions{});
  }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    std::string path, error;
    if (path_.expand(chunk, path) != FERRY_OK) {
      // An unsafe ${tag}/${key} value (the host logged which): Fluentd's
      // unrecoverable error, retrying cannot help.
      host().complete(token, FERRY_DROP,
                      "the chunk's tag or key values make an unsafe path from '" + template_ + "'");
      return;
    }
    if (!sink_->open(path, append_, &error)) {
      host().complete(token, FERRY_RETRY, error);
      return;
    }
    if (!write_events(chunk, &error)) {
      sink_->abandon();
      host().complete(token, FERRY_RETRY, error);
      return;
    }
    host().complete(token, FERRY_OK);
  }

 private:
  // Formats every event into the open sink. Events that cannot be
  // formatted go to the error path alone (Fluentd drops them at format
  // time, before they reach the buffer).
  bool write_events(const ferry::Chunk& chunk, std::string* error) {
    const uint8_t* p = chunk.data();
    const uint8_t* end = p + chunk.size();
    std::string_view event;
    if (chunk.size() == 0) {
      sink_->abandon();  // nothing to write: no empty file
      return true;
    }
    if (!holds_events(p, end)) {
      // Left by Fluentd's out_file, whose buffer holds the formatted text
      // (resumed after a td-agent migration): Fluentd writes such a chunk
      // as it is, and so does Ferry.
      return sink_->write(chunk.bytes(), error) && sink_->finish(error);
    }
    size_t written = 0;
    text_.clear();
    while (ferry::format::next_event(p, end, event)) {
      std::string_view injected;
      if (injector_.apply(chunk.tag(), event, injected) != FERRY_OK) {
        host().emit_error(chunk.tag(), event, "not a [time, record] event");
        continue;
      }
      if (formatter_.format(chunk.tag(), injected, text_) != FERRY_OK) {
        host().emit_error(chunk.tag(), event, "cannot format record");
        continue;
      }
      if (text_.size() >= kWriteSlice) {
        if (!sink_->write(text_, error)) return false;
        written += text_.size();
        text_.clear();
      }
    }
    if (p != end) {
      host().error("chunk ", chunk.chunk_id(), ": ", end - p,
                   " bytes after the last whole event were not written");
    }
    if (written + text_.size() == 0) {
      sink_->abandon();  // nothing to write: no empty file
      return true;
    }
    return sink_->write(text_, error) && sink_->finish(error);
  }

  bool append_ = false;
  std::string template_;
  ferry::Placeholder path_;
  ferry::Formatter formatter_;
  ferry::Injector injector_;
  std::optional<ferry::out_file::FileSink> sink_;
  std::string text_;
};

constexpr const char* kCompress[] = {"text", "gz", "gzip", "zstd", nullptr};

constexpr ferry_param kRows[] = {
    ferry::Param("path", FERRY_PARAM_STRING)
        .required()
        .describe("Output file path; placeholders ${tag}, ${key}, %Y%m%d...; `*` stands for the "
                  "time slice"),
    ferry::Param("add_path_suffix", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Add path_suffix to a path without `*`"),
    ferry::Param("path_suffix", FERRY_PARAM_STRING).def(".log").describe("The suffix added"),
    ferry::Param("append", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Append each chunk to one file per time slice; false: a new _N file per chunk "
                  "(first free index)"),
    ferry::Param("compress", FERRY_PARAM_ENUM)
        .def("text")
        .one_of(kCompress)
        .describe("text, or gz/gzip (each chunk one gzip member); zstd is not supported yet"),
    ferry::Param("recompress", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Accepted: chunks reach out_file uncompressed, so they are always compressed "
                  "once here"),
    ferry::Param("symlink_path", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Not supported yet: it points at a staged file buffer chunk"),
    ferry::Param("symlink_path_use_relative", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("Not supported yet: goes with symlink_path"),
    ferry::Param("format", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Legacy flat form not supported yet: write <format> @type X </format>"),
    ferry::Param("localtime", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("Legacy form not supported yet: write it in <format>"),
    ferry::Param("utc", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("Legacy form not supported yet: write it in <format>"),
    ferry::Param("timezone", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Legacy form not supported yet: write it in <format> (and <inject>)"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

// out_file.rb's `config_section :buffer` defaults; without a <buffer> path
// (and without @id + root_dir) the buffer lives at the output's own `path`
// (a directory unless it has a `*`), as out_file.rb#configure sets it.
constexpr const char* kBufferDefaults =
    "@type file\nchunk_keys time\ntimekey 86400\npath_from_param path\n";

}  // namespace

FERRY_BUFFERED_PLUGIN(FileOutput, "file", "1.1.0", "Writes events to files", "stable", kParams,
                      FERRY_CAP_FORMAT | FERRY_CAP_INJECT, FERRY_BUFFER_ALWAYS, kBufferDefaults)
