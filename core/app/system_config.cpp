#include "app/system_config.hpp"

#include <sys/prctl.h>

#include <cstdlib>

#include "config/params.hpp"
#include "config/value_types.hpp"

namespace ferry::app {
namespace {

constexpr uint32_t kUnsupported = FERRY_PARAM_UNSUPPORTED;
const char* const kLevels[] = {"trace", "debug", "info", "warn", "error", "fatal", nullptr};
const char* const kLogFormats[] = {"text", "json", nullptr};
const char* const kStacktraceLevels[] = {"none", "trace", "debug", "info",
                                         "warn", "error", "fatal", nullptr};

ferry_param row(const char* name, ferry_param_type type, uint32_t flags, const char* def,
                const char* description, const char* const* enums = nullptr,
                const ferry_param_table* section = nullptr) {
  ferry_param p{};
  p.name = name;
  p.type = type;
  p.flags = flags;
  p.default_value = def;
  p.description = description;
  p.enum_values = enums;
  p.section = section;
  return p;
}

const ferry_param_table& log_table() {
  static const ferry_param rows[] = {
      row("path", FERRY_PARAM_STRING, 0, nullptr, "Log file (the -o/--log flag wins over it)."),
      row("format", FERRY_PARAM_ENUM, 0, "text", "Log line format: text or json.", kLogFormats),
      row("time_format", FERRY_PARAM_STRING, 0, "%Y-%m-%d %H:%M:%S %z",
          "strftime format of the log line time (%L, %N and %:z as in Ruby)."),
      row("rotate_age", FERRY_PARAM_STRING, kUnsupported, nullptr,
          "Built-in log rotation is not implemented yet: rotate with logrotate and SIGUSR1."),
      row("rotate_size", FERRY_PARAM_SIZE, kUnsupported, nullptr,
          "Built-in log rotation is not implemented yet: rotate with logrotate and SIGUSR1."),
      row("forced_stacktrace_level", FERRY_PARAM_ENUM, 0, "none",
          "Accepted; Ferry logs no stack traces.", kStacktraceLevels),
  };
  static const ferry_param_table table{sizeof(ferry_param), std::size(rows), rows,
                                       FERRY_TABLE_PLAIN_SECTION};
  return table;
}

// Sections Fluentd knows that Ferry refuses as a whole.
const ferry_param_table& any_keys_table() {
  static const ferry_param_table table{sizeof(ferry_param), 0, nullptr,
                                       FERRY_TABLE_ANY_KEYS | FERRY_TABLE_PLAIN_SECTION};
  return table;
}

}  // namespace

const ferry_param_table& system_param_table() {
  static const ferry_param rows[] = {
      row("workers", FERRY_PARAM_INTEGER, 0, "1",
          "Number of worker processes; only 1 is supported yet."),
      row("restart_worker_interval", FERRY_PARAM_TIME, kUnsupported, nullptr,
          "Ferry runs no supervisor that restarts workers."),
      row("root_dir", FERRY_PARAM_STRING, 0, nullptr,
          "Base directory of buffers and plugin storage."),
      row("log_level", FERRY_PARAM_ENUM, 0, "info", "Global log level.", kLevels),
      row("suppress_repeated_stacktrace", FERRY_PARAM_BOOL, 0, nullptr,
          "Accepted; Ferry logs no stack traces."),
      row("ignore_repeated_log_interval", FERRY_PARAM_TIME, kUnsupported, nullptr,
          "Log de-duplication is not implemented yet."),
      row("ignore_same_log_interval", FERRY_PARAM_TIME, kUnsupported, nullptr,
          "Log de-duplication is not implemented yet."),
      row("emit_error_log_interval", FERRY_PARAM_TIME, kUnsupported, nullptr,
          "Not implemented yet."),
      row("suppress_config_dump", FERRY_PARAM_BOOL, 0, nullptr,
          "Do not log the configuration at start."),
      row("log_event_verbose", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "Log events (@FLUENT_LOG) are not emitted yet."),
      row("without_source", FERRY_PARAM_BOOL, 0, nullptr, "Run without inputs."),
      row("with_source_only", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "Zero-downtime restart is not implemented yet."),
      row("rpc_endpoint", FERRY_PARAM_STRING, kUnsupported, nullptr,
          "The HTTP RPC endpoint is not implemented yet; use signals."),
      row("enable_get_dump", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "The HTTP RPC endpoint is not implemented yet."),
      row("process_name", FERRY_PARAM_STRING, 0, nullptr,
          "Process name shown by ps/top (first 15 bytes)."),
      row("strict_config_value", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "Values are converted leniently as Fluentd does by default."),
      row("enable_msgpack_time_support", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "MessagePack timestamp ext (-1) is not implemented yet."),
      row("disable_shared_socket", FERRY_PARAM_BOOL, 0, nullptr,
          "Accepted; Ferry is one process and shares no sockets."),
      row("enable_input_metrics", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "Plugin metrics are not implemented yet."),
      row("enable_size_metrics", FERRY_PARAM_BOOL, kUnsupported, nullptr,
          "Plugin metrics are not implemented yet."),
      row("enable_jit", FERRY_PARAM_BOOL, 0, "false", "Accepted; there is no Ruby to JIT."),
      row("file_permission", FERRY_PARAM_STRING, kUnsupported, nullptr, "Not implemented yet."),
      row("dir_permission", FERRY_PARAM_STRING, kUnsupported, nullptr, "Not implemented yet."),
      row("config_include_dir", FERRY_PARAM_STRING, kUnsupported, nullptr,
          "Not implemented yet; use @include."),
      row("umask", FERRY_PARAM_STRING, 0, nullptr, "File mode creation mask (octal)."),
      row("log", FERRY_PARAM_SECTION, 0, nullptr, "Log output settings.", nullptr, &log_table()),
      row("counter_server", FERRY_PARAM_SECTION, kUnsupported, nullptr,
          "The counter server is not implemented yet.", nullptr, &any_keys_table()),
      row("counter_client", FERRY_PARAM_SECTION, kUnsupported, nullptr,
          "The counter server is not implemented yet.", nullptr, &any_keys_table()),
      row("metrics", FERRY_PARAM_SECTION, kUnsupported, nullptr,
          "Plugin metrics are not implemented yet.", nullptr, &any_keys_table()),
      row("source_only_buffer", FERRY_PARAM_SECTION, kUnsupported, nullptr,
          "Zero-downtime restart is not implemented yet.", nullptr, &any_keys_table()),
  };
  static const ferry_param_table table{sizeof(ferry_param), std::size(rows), rows,
                                       FERRY_TABLE_PLAIN_SECTION};
  return table;
}

SystemSettings read_system(const config::Element& root, const config::LoadOptions& opts,
                           config::Diagnostics& diag) {
  SystemSettings s;
  const config::Element* system = nullptr;
  for (const auto& child : root.children) {
    if (child.name == "system") {
      system = &child;
      break;  // a second <system> is reported by the structure check
    }
  }
  if (!system) return s;

  config::ConfigPtr cfg = config::validate_params(*system, system_param_table(), {}, opts, diag);
  auto location_of = [&](const char* key) {
    const config::Entry* e = system->find(key);
    return e ? e->value_where : system->where;
  };
  // Checked on the raw entries so that they are reported together with
  // whatever else validation found.
  if (auto v = system->get("workers")) {
    config::Conversion conv;
    auto n = config::to_integer(*v, conv);
    if (n && *n > 1) {
      diag.error(location_of("workers"),
                 "<system> workers " + *v +
                     ": multiple worker processes are not supported yet (one worker process "
                     "runs the whole pipeline on a thread pool)",
                 *v);
    }
  }
  if (auto v = system->get("umask")) {
    char* end = nullptr;
    unsigned long m = std::strtoul(v->c_str(), &end, 8);
    if (v->empty() || *end != '\0' || m > 0777) {
      diag.error(location_of("umask"), "umask expects an octal mode such as 022", *v);
    } else {
      s.umask = unsigned(m);
    }
  }
  if (!cfg) return s;
  ferry_host_api api{};
  api.struct_size = sizeof api;
  config::fill_config_api(api);
  const ferry_config* c = cfg.get();
  auto str = [&](const ferry_config* sec, const char* name) -> std::optional<std::string> {
    size_t len = 0;
    const char* p = api.config_string(sec, name, &len);
    if (!p) return std::nullopt;
    return std::string(p, len);
  };

  if (api.config_is_set(c, "log_level")) {
    log::Level l;
    if (auto v = str(c, "log_level"); v && log::parse_level(*v, l)) s.log_level = l;
  }
  if (auto v = str(c, "root_dir")) s.root_dir = *v;
  if (api.config_is_set(c, "suppress_config_dump"))
    s.suppress_config_dump = api.config_bool(c, "suppress_config_dump") != 0;
  if (api.config_is_set(c, "without_source"))
    s.without_source = api.config_bool(c, "without_source") != 0;
  if (auto v = str(c, "process_name")) s.process_name = *v;
  if (api.config_section_count(c, "log") > 0) {
    const ferry_config* lc = api.config_section(c, "log", 0);
    if (auto v = str(lc, "path")) s.log_path = *v;
    if (auto v = str(lc, "format")) s.log_json = *v == "json";
    if (api.config_is_set(lc, "time_format")) {
      if (auto v = str(lc, "time_format")) s.log_time_format = *v;
    }
  }
  return s;
}

void apply_process_name(const std::string& name) {
  if (!name.empty()) prctl(PR_SET_NAME, name.substr(0, 15).c_str(), 0, 0, 0);
}

}  // namespace ferry::app
