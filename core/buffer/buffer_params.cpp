#include "buffer/buffer_params.hpp"

#include "ferry/params.hpp"

namespace ferry::buffer {
namespace {

constexpr const char* kFlushModes[] = {"default", "lazy", "interval", "immediate", nullptr};
constexpr const char* kOverflowActions[] = {"throw_exception", "block", "drop_oldest_chunk",
                                            nullptr};
constexpr const char* kRetryTypes[] = {"exponential_backoff", "periodic", nullptr};
constexpr const char* kCompress[] = {"text", "gzip", "zstd", nullptr};
constexpr const char* kFsync[] = {"never", "enqueue", "commit", nullptr};

// Order: output.rb's section, then buffer.rb, buf_file.rb, Ferry's own.
constexpr ferry_param kBufferRows[] = {
    // @type is a STRING, not an ENUM, so that file_single and unknown types
    // get a message saying what Ferry has instead of a bare value list.
    Param("@type", FERRY_PARAM_STRING)
        .def("memory")
        .alias("type")
        .describe("Buffer plugin: memory or file (file_single is not supported)"),
    Param("timekey", FERRY_PARAM_TIME)
        .describe("Length of the time window of the `time` chunk key (required with it)"),
    Param("timekey_wait", FERRY_PARAM_TIME)
        .def("600")
        .describe("How long after the end of its time window a chunk is flushed"),
    Param("timekey_use_utc", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Cut time windows and render time placeholders in UTC"),
    Param("timekey_zone", FERRY_PARAM_STRING)
        .describe("Zone of time windows and time placeholders: +09:00, +0900, +09 or "
                  "Region/Zone (default: the host's UTC offset when Ferry starts)"),
    Param("flush_at_shutdown", FERRY_PARAM_BOOL)
        .describe("Flush every chunk at shutdown (default: true for memory, false for file)"),
    Param("flush_mode", FERRY_PARAM_ENUM)
        .def("default")
        .one_of(kFlushModes)
        .describe("default (lazy with a `time` key, else interval), lazy, interval or immediate"),
    Param("flush_interval", FERRY_PARAM_TIME)
        .def("60")
        .describe("interval mode: flush a chunk this long after it was created"),
    Param("flush_thread_count", FERRY_PARAM_INTEGER)
        .def("1")
        .min(1)
        .describe("Chunks written in parallel"),
    Param("flush_thread_interval", FERRY_PARAM_FLOAT)
        .def("1.0")
        .describe("Seconds between checks for chunks to flush while idle"),
    Param("flush_thread_burst_interval", FERRY_PARAM_FLOAT)
        .def("1.0")
        .describe("Seconds between two flushes while chunks are queued"),
    Param("delayed_commit_timeout", FERRY_PARAM_TIME)
        .def("60")
        .describe("How long an output may take to confirm a chunk it accepted"),
    Param("overflow_action", FERRY_PARAM_ENUM)
        .def("throw_exception")
        .one_of(kOverflowActions)
        .describe("When the buffer is full: throw_exception (push back to the input), block, "
                  "drop_oldest_chunk"),
    Param("retry_forever", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Retry without limit (ignores retry_timeout and retry_max_times)"),
    Param("retry_timeout", FERRY_PARAM_TIME)
        .def("72h")
        .describe("Give up on a failing chunk this long after the first failure"),
    Param("retry_max_times", FERRY_PARAM_INTEGER)
        .min(0)
        .describe("Give up on a failing chunk after this many retries"),
    Param("retry_secondary_threshold", FERRY_PARAM_FLOAT)
        .def("0.8")
        .describe("Fraction of the retry time after which <secondary> is used"),
    Param("retry_type", FERRY_PARAM_ENUM)
        .def("exponential_backoff")
        .one_of(kRetryTypes)
        .describe("exponential_backoff or periodic"),
    Param("retry_wait", FERRY_PARAM_TIME)
        .def("1")
        .describe("Wait before the first retry (the constant of exponential backoff)"),
    Param("retry_exponential_backoff_base", FERRY_PARAM_FLOAT)
        .def("2")
        .describe("Base of exponential backoff"),
    Param("retry_max_interval", FERRY_PARAM_TIME).describe("Upper bound of one retry wait"),
    Param("retry_randomize", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Randomize retry waits by +-12.5 %"),
    // buffer.rb
    Param("chunk_limit_size", FERRY_PARAM_SIZE)
        .min(1)
        .describe("Largest chunk (default: 8m memory, 256m file)"),
    Param("total_limit_size", FERRY_PARAM_SIZE)
        .min(1)
        .describe("Largest buffer, staged and queued chunks together (default: 512m memory, "
                  "64g file)"),
    Param("queue_limit_length", FERRY_PARAM_INTEGER)
        .min(1)
        .describe("Legacy: total_limit_size becomes chunk_limit_size x this"),
    Param("chunk_limit_records", FERRY_PARAM_INTEGER).min(1).describe("Most events in one chunk"),
    Param("chunk_full_threshold", FERRY_PARAM_FLOAT)
        .def("0.95")
        .describe("A chunk this full (of a limit) is flushed at once"),
    Param("queued_chunks_limit_size", FERRY_PARAM_INTEGER)
        .min(1)
        .describe("Most queued chunks before timed flushes wait (default: flush_thread_count)"),
    Param("compress", FERRY_PARAM_ENUM)
        .def("text")
        .one_of(kCompress)
        .describe("text or gzip (zstd is not supported)"),
    Param("decompression_size_limit", FERRY_PARAM_SIZE)
        .def("256m")
        .min(1)
        .describe("Largest decompressed gzip member read back"),
    Param("disable_chunk_backup", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Throw away chunks an output refuses for good instead of backing them up"),
    // buf_file.rb
    Param("path", FERRY_PARAM_STRING)
        .describe("file: directory (or file pattern) of chunk files (default: "
                  "<root_dir>/worker0/<@id>/buffer/)"),
    Param("path_suffix", FERRY_PARAM_STRING).def(".log").describe("file: chunk file suffix"),
    Param("file_permission", FERRY_PARAM_STRING)
        .describe("file: octal mode of chunk files (default 0644)"),
    Param("dir_permission", FERRY_PARAM_STRING)
        .describe("file: octal mode of created directories (default 0755)"),
    // Ferry
    Param("fsync", FERRY_PARAM_ENUM)
        .def("enqueue")
        .one_of(kFsync)
        .describe("Ferry, file: when chunk files are synced to disk: never, enqueue (before a "
                  "chunk is queued) or commit (every write)"),
};

constexpr ferry_param kFlatRows[] = {
    // compat_parameters.rb BUFFER_PARAMS / BUFFER_TIME_SLICED_PARAMS: used
    // only when no <buffer> is written.
    Param("buffer_type", FERRY_PARAM_STRING).describe("Legacy <buffer> @type"),
    Param("buffer_path", FERRY_PARAM_STRING).describe("Legacy <buffer> path"),
    Param("num_threads", FERRY_PARAM_INTEGER).describe("Legacy <buffer> flush_thread_count"),
    Param("flush_interval", FERRY_PARAM_TIME)
        .describe("Legacy <buffer> flush_interval; also selects flush_mode interval"),
    Param("try_flush_interval", FERRY_PARAM_FLOAT)
        .describe("Legacy <buffer> flush_thread_interval"),
    Param("queued_chunk_flush_interval", FERRY_PARAM_FLOAT)
        .describe("Legacy <buffer> flush_thread_burst_interval"),
    Param("disable_retry_limit", FERRY_PARAM_BOOL).describe("Legacy <buffer> retry_forever"),
    Param("retry_limit", FERRY_PARAM_INTEGER).describe("Legacy <buffer> retry_max_times"),
    Param("max_retry_wait", FERRY_PARAM_TIME).describe("Legacy <buffer> retry_max_interval"),
    Param("buffer_chunk_limit", FERRY_PARAM_SIZE).describe("Legacy <buffer> chunk_limit_size"),
    Param("buffer_queue_limit", FERRY_PARAM_INTEGER).describe("Legacy <buffer> queue_limit_length"),
    Param("buffer_queue_full_action", FERRY_PARAM_STRING)
        .describe("Legacy <buffer> overflow_action (exception = throw_exception)"),
    Param("flush_at_shutdown", FERRY_PARAM_BOOL).describe("Legacy <buffer> flush_at_shutdown"),
    Param("time_slice_format", FERRY_PARAM_STRING)
        .describe("Legacy: adds the `time` chunk key; its finest of %S %M %H %d sets timekey"),
    Param("time_slice_wait", FERRY_PARAM_TIME).describe("Legacy <buffer> timekey_wait"),
    Param("timezone", FERRY_PARAM_STRING).describe("Legacy <buffer> timekey_zone"),
    Param("localtime", FERRY_PARAM_BOOL)
        .describe("With time_slice_format: false means timekey_use_utc"),
    Param("utc", FERRY_PARAM_BOOL).describe("With time_slice_format: timekey_use_utc"),
    // output.rb
    Param("time_as_integer", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Buffer event times as whole seconds (only false is supported)"),
    Param("slow_flush_log_threshold", FERRY_PARAM_FLOAT)
        .def("20.0")
        .describe("Warn when writing one chunk takes longer (seconds)"),
};

constexpr ferry_param_table kBufferTable =
    table(kBufferRows, FERRY_TABLE_HAS_ARG | FERRY_TABLE_PLAIN_SECTION);
constexpr ferry_param_table kFlatTable = table(kFlatRows);

}  // namespace

const ferry_param_table& buffer_section_table() {
  return kBufferTable;
}
const ferry_param_table& buffered_output_flat_table() {
  return kFlatTable;
}

}  // namespace ferry::buffer
