#include "settings.hpp"

#include "ferry/error.hpp"
#include "ferry/params.hpp"
#include "legacy_params.hpp"
#include "transcoder.hpp"

namespace ferry::exec {
namespace {

constexpr const char* kConnectModes[] = {"read", "read_with_stderr", nullptr};

constexpr ferry_param kRows[] = {
    Param("command", FERRY_PARAM_STRING)
        .required()
        .describe("The command to run: split on blanks and run directly, or through /bin/sh -c "
                  "when it holds shell syntax (as Ruby's spawn)"),
    Param("connect_mode", FERRY_PARAM_ENUM)
        .def("read")
        .one_of(kConnectModes)
        .describe("read: parse stdout (stderr goes to the log at warn); read_with_stderr: parse "
                  "stdout and stderr merged"),
    Param("tag", FERRY_PARAM_STRING)
        .describe("Tag of the events; required unless <extract> tag_key is given"),
    Param("run_interval", FERRY_PARAM_TIME)
        .min(0.001)
        .describe("Run the command every interval (first run one interval after start; a run "
                  "still going skips the tick with a warning). Unset: run once at start"),
    Param("command_timeout", FERRY_PARAM_TIME)
        .min(0)
        .describe("Once the command's output has closed, wait this long for it to exit, then "
                  "kill it (SIGKILL). Unset: wait"),
    Param("read_block_size", FERRY_PARAM_SIZE)
        .def("10k")
        .min(1)
        .describe("Bytes read from the command's output at a time"),
    Param("encoding", FERRY_PARAM_STRING)
        .describe("Encoding of the command's output, converted to UTF-8 (invalid bytes become "
                  "U+FFFD). Unset: bytes pass as they are"),
    Param("timeout", FERRY_PARAM_TIME)
        .min(0.001)
        .describe("Ferry: the longest one run may take; then the command's process group gets "
                  "SIGTERM and, 5 s later, SIGKILL. Unset: no limit"),
    // <extract>'s flat forms (the rest of the flat rows: kLegacyParseRows).
    Param("tag_key", FERRY_PARAM_STRING).describe("Legacy: <extract> tag_key"),
    Param("timezone", FERRY_PARAM_STRING).describe("Legacy: <extract> timezone"),
};

// compat_parameters_extract: the flat parameters that stand for <extract>.
constexpr const char* kExtractFlat[] = {"time_key", "time_format", "timezone",
                                        "tag_key",  "localtime",   "utc"};

// Then Fluentd's v0.12 flat rows, converted as compat_parameters does.
constexpr auto kAllRows = join_rows(kRows, kLegacyParseRows);

}  // namespace

const ferry_param_table kParams = table(kAllRows);

Settings read_settings(const ferry::Config& cfg) {
  Settings s;
  s.command = *cfg.string("command");
  s.command_line = parse_command_line(s.command);
  if (s.command_line.argv.empty()) {
    throw ConfigError(str(cfg.location("command"), ": 'command' is empty"));
  }
  s.tag = cfg.string("tag");
  s.run_interval = cfg.number("run_interval");
  s.read_with_stderr = cfg.string_or("connect_mode", "read") == "read_with_stderr";
  s.command_timeout = cfg.number("command_timeout");
  s.timeout = cfg.number("timeout");
  s.read_block_size = size_t(cfg.integer("read_block_size").value_or(10240));
  s.encoding = cfg.string("encoding");
  if (s.encoding) {
    std::string error;
    if (!Transcoder::supported(*s.encoding, &error)) {
      throw ConfigError(str(cfg.location("encoding"), ": ", error));
    }
  }

  // <parse>, or the flat parameters standing for it.
  if (auto parse = cfg.section("parse")) {
    s.parse_section = parse->raw();
    s.parse_defaults = kParseDefaults;
  } else {
    std::string error;
    auto defaults = parse_defaults_from(read_legacy_params(cfg), kParseDefaults, &error);
    if (!defaults) throw ConfigError(str(cfg.location(), ": ", error));
    s.parse_defaults = *defaults;
  }

  // <extract>, or the flat parameters standing for it: they carry the
  // names of the <extract> parameters, so the <source> itself is read as
  // the section (the keep_* parameters, which have no flat form, stay at
  // their defaults).
  std::optional<std::string> tag_key;
  if (auto extract = cfg.section("extract")) {
    s.extract_section = extract->raw();
    tag_key = extract->string("tag_key");
  } else {
    bool flat = cfg.is_set("format");
    for (const char* name : kExtractFlat) flat = flat || cfg.is_set(name);
    if (flat) s.extract_section = cfg.raw();
    tag_key = cfg.string("tag_key");
  }
  if (!s.tag && !tag_key) {
    throw ConfigError(str(cfg.location(), ": 'tag' or 'tag_key' option is required on exec input"));
  }
  return s;
}

}  // namespace ferry::exec
