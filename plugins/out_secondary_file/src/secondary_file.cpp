// out_secondary_file: Fluentd's out_secondary_file.rb. Inside a buffered
// output's <secondary> (the host refuses it anywhere else), it writes each
// chunk the primary gave up on, as it is (the MessagePack [time, record]
// stream of the chunk, decompressed; gzip'd again with `compress gzip`), to
// `<directory>/<basename>.<N>` (first free N) or, with `append`, to
// `<directory>/<basename>`; `.gz` is added with gzip. directory and basename
// may hold placeholders backed by the primary's chunk keys (${tag},
// ${tag[N]}, ${KEY}, ${chunk_id}, strftime with a `time` key).
#include <string>

#include "dump_file.hpp"
#include "ferry/placeholder.hpp"
#include "ferry/plugin.hpp"

namespace {

using ferry::secondary_file::Compression;

class SecondaryFileOutput : public ferry::Output {
 public:
  SecondaryFileOutput(const ferry::Host& host, const ferry::Config& cfg) : Output(host) {
    const std::string directory = *cfg.string("directory");
    const std::string basename = cfg.string_or("basename", "dump.bin");
    if (basename.find('/') != std::string::npos)
      throw ferry::ConfigError(cfg.location("basename") +
                               ": basename should not include `/` (put directories into "
                               "'directory')");
    options_.append = cfg.boolean("append").value_or(false);
    options_.compression =
        cfg.string_or("compress", "text") == "gzip" ? Compression::kGzip : Compression::kText;

    // validate_compatible_with_primary_buffer!: each placeholder needs a
    // chunk key of the primary's <buffer>. Checked per parameter for
    // messages that name it; expanded joined (Ruby's sub replaces only the
    // first ${chunk_id} of the whole path).
    check_placeholders(cfg, "directory", directory);
    check_placeholders(cfg, "basename", basename);
    path_template_ = ferry::secondary_file::join_path(directory, basename);
    path_ = ferry::Placeholder(host, "directory", path_template_, FERRY_PLACEHOLDER_AVAILABLE);

    if (!ferry::secondary_file::writable_p(path_template_))
      throw ferry::ConfigError(
          ferry::str(cfg.location("directory"), ": out_secondary_file: `", directory,
                     "` should be writable (create it, or give Ferry's user write access)"));
  }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    std::string path, error;
    if (path_.expand(chunk, path) != FERRY_OK) {
      // An unsafe ${tag}/${key} value (the host logged which): retrying
      // cannot help.
      host().complete(
          token, FERRY_DROP,
          "the chunk's tag or key values make an unsafe path from '" + path_template_ + "'");
      return;
    }
    const std::string written =
        ferry::secondary_file::write_dump(path, chunk.bytes(), options_, &error);
    if (written.empty()) {
      host().complete(token, FERRY_RETRY, error);
      return;
    }
    // Fluentd is silent here; where a failed chunk went is worth one line.
    host().info("chunk ", chunk.chunk_id(), " (", chunk.count(), " records) written to ", written);
    host().complete(token, FERRY_OK);
  }

 private:
  void check_placeholders(const ferry::Config& cfg, const char* name, const std::string& text) {
    try {
      ferry::Placeholder probe(host(), name, text, FERRY_PLACEHOLDER_AVAILABLE);
    } catch (const ferry::ConfigError& e) {
      throw ferry::ConfigError(ferry::str(cfg.location(name), ": out_secondary_file: ", e.what(),
                                          " (a <secondary> uses its primary's <buffer>)"));
    }
  }

  std::string path_template_;
  ferry::Placeholder path_;
  ferry::secondary_file::DumpOptions options_;
};

constexpr const char* kCompress[] = {"text", "gzip", nullptr};

constexpr ferry_param kRows[] = {
    ferry::Param("directory", FERRY_PARAM_STRING)
        .required()
        .describe("The directory of the dump files; placeholders of the primary's chunk keys"),
    ferry::Param("basename", FERRY_PARAM_STRING)
        .def("dump.bin")
        .describe("The file name (no `/`); placeholders of the primary's chunk keys"),
    ferry::Param("append", FERRY_PARAM_BOOL)
        .def("false")
        .describe(
            "Append every chunk to one file; false: a new `.N` file per chunk (first free N)"),
    ferry::Param("compress", FERRY_PARAM_ENUM)
        .def("text")
        .one_of(kCompress)
        .describe("text, or gzip (each chunk one gzip member, `.gz` added)"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

// Buffered: it gets the primary's chunks (chunk id and metadata for the
// placeholders) and never has a buffer of its own.
FERRY_BUFFERED_PLUGIN(SecondaryFileOutput, "secondary_file", "1.0.0",
                      "Dumps the chunks a buffered output gave up on to files (<secondary> only)",
                      "stable", kParams, 0, FERRY_BUFFER_ALWAYS, nullptr)
