#include "app/buffered_stage.hpp"

#include <cstdlib>

#include "buffer/buffer_options.hpp"
#include "host/host_api.hpp"
#include "telemetry/log.hpp"

namespace ferry::app {
namespace {

// Messages of read_buffer_options start with "file:line: ": turn that into
// the diagnostic's place.
config::SourceLocation split_location(std::string& message,
                                      const config::SourceLocation& fallback) {
  size_t sep = message.find(": ");
  if (sep != std::string::npos) {
    std::string_view head(message.data(), sep);
    size_t colon = head.rfind(':');
    if (colon != std::string_view::npos && colon + 1 < head.size()) {
      std::string_view digits = head.substr(colon + 1);
      bool numeric = digits.find_first_not_of("0123456789") == std::string_view::npos;
      if (numeric) {
        config::SourceLocation where;
        where.file = std::string(head.substr(0, colon));
        where.line = uint32_t(std::strtoul(std::string(digits).c_str(), nullptr, 10));
        message.erase(0, sep + 2);
        return where;
      }
    }
  }
  return fallback;
}

std::string directive_text(const config::Element& el) {
  return "<" + el.name + (el.arg.empty() ? "" : " " + el.arg) + ">";
}

// inject.rb: a hostname injected by the output itself never reaches the
// chunking, so it cannot be a chunk key ("Use filters to inject hostname").
std::string hostname_key_clash(const ferry_config* cfg, const buffer::BufferOptions& options) {
  const ferry_host_api& api = host::host_api();
  const ferry_config* inject = cfg ? api.config_section(cfg, "inject", 0) : nullptr;
  size_t len = 0;
  const char* key = inject ? api.config_string(inject, "hostname_key", &len) : nullptr;
  if (!key) return {};
  std::string_view name(key, len);
  for (const std::string& k : options.keys.record_keys) {
    if (k == name) {
      return "the key specified by 'hostname_key' in <inject> cannot be used in buffering "
             "chunk key. Use filters to inject hostname to use it in buffer chunking.";
    }
  }
  return {};
}

}  // namespace

bool configure_buffering(const config::Element& el, const ferry_config* cfg,
                         host::Instance& instance, const std::string& root_dir,
                         std::map<std::string, std::string>& taken_paths,
                         config::Diagnostics& diag) {
  const ferry_plugin_info& info = instance.info();
  buffer::PluginBufferDefaults defaults{info.buffer_defaults ? info.buffer_defaults : ""};
  buffer::BufferConfigResult r =
      buffer::read_buffer_options(host::host_api(), cfg, defaults,
                                  info.buffer_mode == FERRY_BUFFER_ALWAYS, instance.id(), root_dir);
  for (std::string w : r.warnings) {
    config::SourceLocation where = split_location(w, el.where);
    log::warn(where.str() + ": " + w, &instance.log_context());
  }
  for (std::string m : r.infos) {
    config::SourceLocation where = split_location(m, el.where);
    log::info(where.str() + ": " + m, &instance.log_context());
  }
  if (!r.error.empty()) {
    std::string message = r.error;
    config::SourceLocation where = split_location(message, el.where);
    diag.error(where, message, directive_text(el));
    return false;
  }
  if (r.options) {
    if (std::string clash = hostname_key_clash(cfg, *r.options); !clash.empty()) {
      diag.error(el.where, clash, directive_text(el));
      return false;
    }
    std::string taken = buffer::claim_buffer_path(taken_paths, *r.options, info.type_name);
    if (!taken.empty()) {
      diag.error(el.where, taken, directive_text(el));
      return false;
    }
    buffer::BufferOptions options = std::move(*r.options);
    options.chunk_per_tag = (info.capabilities & (FERRY_CAP_FORMAT | FERRY_CAP_INJECT)) != 0;
    instance.set_buffer_options(std::make_shared<const buffer::BufferOptions>(std::move(options)));
  }
  return true;
}

const config::Element* secondary_element(const config::Element& el, const host::Instance& primary,
                                         config::Diagnostics& diag) {
  const config::Element* found = nullptr;
  for (const auto& child : el.children) {
    if (child.name != "secondary") continue;
    if (found) {
      diag.error(child.where,
                 "<secondary> appears twice in " + directive_text(el) + " (first at " +
                     found->where.str() + "); only one is allowed",
                 "<secondary>");
      return nullptr;
    }
    found = &child;
  }
  if (!found) return nullptr;
  if (!primary.buffer_options()) {
    diag.error(found->where,
               "Invalid <secondary> section for non-buffered plugin (add a <buffer> section to " +
                   directive_text(el) + ")",
               "<secondary>");
    return nullptr;
  }
  for (const auto& child : found->children) {
    if (child.name == "buffer" || child.name == "secondary") {
      diag.error(child.where, "<secondary> section cannot have <" + child.name + "> section",
                 "<" + child.name + ">");
      return nullptr;
    }
  }
  if (primary.buffer_options()->retry.forever) {
    log::warn(found->where.str() +
                  ": <secondary> with 'retry_forever', only unrecoverable errors are moved to "
                  "secondary",
              &primary.log_context());
  }
  return found;
}

bool secondary_only(const ferry_plugin_info& info) {
  return info.type_name && std::string_view(info.type_name) == "secondary_file";
}

std::string backup_dir_for(const host::Instance& instance, const std::string& root_dir) {
  std::string owner = instance.id().empty() ? instance.info().type_name : instance.id();
  for (char& c : owner) {
    if (c == ' ' || std::string_view("\"/\\:;|*<>?").find(c) != std::string_view::npos) c = '_';
  }
  std::string root = root_dir.empty() ? "/tmp/ferry" : root_dir;
  return root + "/backup/worker0/" + owner;
}

std::unique_ptr<host::BufferedOutput> make_buffered_output(
    const config::Element& el, host::Instance& instance, host::Instance* secondary,
    host::DeadLetterRoute dead_letters, const std::string& root_dir, config::Diagnostics& diag) {
  const buffer::BufferOptions& options = *instance.buffer_options();
  buffer::Buffer::Setup bs;
  bs.options = options;
  bs.name = instance.describe();
  bs.location = options.location;
  bs.backup_dir = backup_dir_for(instance, root_dir);
  std::string error;
  std::unique_ptr<buffer::Buffer> buf = buffer::Buffer::create(std::move(bs), &error);
  if (!buf) {
    diag.error(el.where, "cannot set up the buffer of " + instance.describe() + ": " + error,
               directive_text(el));
    return nullptr;
  }
  host::BufferedOutput::Setup s;
  s.instance = &instance;
  s.secondary = secondary;
  s.buffer = std::move(buf);
  s.loop = &instance.loop();
  s.dead_letters = std::move(dead_letters);
  return std::make_unique<host::BufferedOutput>(std::move(s));
}

}  // namespace ferry::app
