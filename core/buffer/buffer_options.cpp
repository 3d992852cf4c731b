// Resolves a buffered output's configuration the way Fluentd 1.19 does in
// Output#configure (output.rb), Buffer#configure (buffer.rb), the buffer
// plugins (buf_memory.rb, buf_file.rb) and the legacy conversion of
// plugin_helper/compat_parameters.rb.
#include "buffer/buffer_options.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "config/value_types.hpp"
#include "format/record_accessor.hpp"

namespace ferry::buffer {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;
constexpr uint64_t kMemoryChunkLimit = 8 * kMiB;  // buffer.rb
constexpr uint64_t kMemoryTotalLimit = 512 * kMiB;
constexpr uint64_t kFileChunkLimit = 256 * kMiB;  // buf_file.rb
constexpr uint64_t kFileTotalLimit = 64 * 1024 * kMiB;
constexpr size_t kManyChunkKeys = 4;  // output.rb CHUNKING_FIELD_WARN_NUM

// compat_parameters.rb BUFFER_PARAMS + BUFFER_TIME_SLICED_PARAMS: flat name
// -> <buffer> name (nullptr: handled on its own).
struct LegacyName {
  const char* flat;
  const char* buffer;
};
constexpr LegacyName kLegacyNames[] = {
    {"buffer_type", "@type"},
    {"buffer_path", "path"},
    {"num_threads", "flush_thread_count"},
    {"flush_interval", "flush_interval"},
    {"try_flush_interval", "flush_thread_interval"},
    {"queued_chunk_flush_interval", "flush_thread_burst_interval"},
    {"disable_retry_limit", "retry_forever"},
    {"retry_limit", "retry_max_times"},
    {"max_retry_wait", "retry_max_interval"},
    {"buffer_chunk_limit", "chunk_limit_size"},
    {"buffer_queue_limit", "queue_limit_length"},
    {"buffer_queue_full_action", "overflow_action"},
    {"flush_at_shutdown", "flush_at_shutdown"},
    {"time_slice_format", nullptr},
    {"time_slice_wait", "timekey_wait"},
    {"timezone", "timekey_zone"},
};

// Parameters of buf_file.rb (and Ferry's fsync) that buf_memory lacks.
constexpr const char* kFileOnly[] = {"path", "path_suffix", "file_permission", "dir_permission",
                                     "fsync"};

const ferry_param* buffer_row(std::string_view name) {
  const ferry_param_table& t = buffer_section_table();
  for (uint32_t i = 0; i < t.count; ++i)
    if (name == t.rows[i].name) return &t.rows[i];
  return nullptr;
}

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// A value converted from config text.
struct Typed {
  bool nil = true;
  int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  std::string text;
  std::vector<std::string> items;
};

// Converts text like the config layer does for the row's type (Fluentd's
// types.rb), with enum and minimum checks. Returns the error, "" when fine.
std::string convert(const ferry_param& row, std::string_view text, Typed& out) {
  config::Conversion c;
  out = Typed{};
  out.text = std::string(text);
  switch (row.type) {
    case FERRY_PARAM_STRING:
      out.nil = false;
      return {};
    case FERRY_PARAM_ENUM:
      for (const char* const* v = row.enum_values; v && *v; ++v) {
        if (text == *v) {
          out.nil = false;
          return {};
        }
      }
      {
        std::string list;
        for (const char* const* v = row.enum_values; v && *v; ++v)
          list += (list.empty() ? "" : ", ") + std::string(*v);
        return "valid options are " + list + " but got " + std::string(text);
      }
    case FERRY_PARAM_BOOL:
      if (auto b = config::to_bool(text, c)) {
        out.boolean = *b;
        out.nil = false;
      }
      return c.error;
    case FERRY_PARAM_ARRAY:
      if (auto a = config::to_array(text, c)) {
        out.items = std::move(*a);
        out.nil = false;
      }
      return c.error;
    default:
      break;
  }
  std::optional<double> number;
  if (row.type == FERRY_PARAM_INTEGER || row.type == FERRY_PARAM_SIZE) {
    std::optional<int64_t> i =
        row.type == FERRY_PARAM_INTEGER ? config::to_integer(text, c) : config::to_size(text, c);
    if (i) {
      out.integer = *i;
      number = double(*i);
    }
  } else {
    number = row.type == FERRY_PARAM_TIME ? config::to_time(text, c) : config::to_float(text, c);
    if (number) out.integer = int64_t(*number);
  }
  if (!number) return c.error.empty() ? "invalid value " + in_quotes(text) : c.error;
  out.number = *number;
  if ((row.flags & FERRY_PARAM_HAS_MIN) && *number < row.min_value) {
    return "'" + std::string(row.name) + "' must be at least " +
           std::to_string(int64_t(row.min_value)) + " but got " + std::string(text);
  }
  out.nil = false;
  return {};
}

// "name value" lines, a bare name meaning nil (as parser defaults).
std::map<std::string, std::optional<std::string>, std::less<>> parse_defaults_text(
    std::string_view s, std::string* error) {
  std::map<std::string, std::optional<std::string>, std::less<>> out;
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
      v.remove_suffix(1);
    return v;
  };
  while (!s.empty()) {
    size_t nl = s.find('\n');
    std::string_view line = trim(s.substr(0, nl));
    s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
    if (line.empty()) continue;
    size_t sp = line.find_first_of(" \t");
    std::string name(line.substr(0, sp));
    if (name != "chunk_keys" && name != "path_from_param" && !buffer_row(name)) {
      *error = "the plugin's buffer defaults name an unknown parameter '" + name + "' (plugin bug)";
      return {};
    }
    if (sp == std::string_view::npos)
      out[name] = std::nullopt;
    else
      out[name] = std::string(trim(line.substr(sp)));
  }
  return out;
}

// One <buffer> parameter's value: written by the user (in <buffer>, or a
// legacy flat name converted), else the plugin's default, else the table's.
class Settings {
 public:
  using Texts = std::map<std::string, std::optional<std::string>, std::less<>>;

  Settings(const ferry_host_api& api, const ferry_config* section, const ferry_config* directive,
           Texts legacy, std::map<std::string, std::string> legacy_from, Texts defaults)
      : api_(api),
        section_(section),
        directive_(directive),
        legacy_(std::move(legacy)),
        legacy_from_(std::move(legacy_from)),
        defaults_(std::move(defaults)) {}

  bool written(const char* name) const {
    return (section_ && api_.config_is_set(section_, name)) || legacy_.count(name);
  }
  bool in_section(const char* name) const { return section_ && api_.config_is_set(section_, name); }

  // "file:line: " of the value (or of the section/directive).
  std::string where(const char* name) const {
    const char* loc = nullptr;
    if (in_section(name) && api_.config_location) loc = api_.config_location(section_, name);
    if (!loc && legacy_.count(name) && api_.config_location)
      loc = api_.config_location(directive_, legacy_from_.at(name).c_str());
    if (!loc) return where_section();
    return std::string(loc) + ": ";
  }
  std::string where_section() const {
    const char* loc = nullptr;
    if (api_.config_location) {
      if (section_) loc = api_.config_location(section_, nullptr);
      if (!loc && directive_) loc = api_.config_location(directive_, nullptr);
    }
    return loc ? std::string(loc) + ": " : std::string();
  }
  std::string where_flat(const char* name) const {
    const char* loc = api_.config_location ? api_.config_location(directive_, name) : nullptr;
    return loc ? std::string(loc) + ": " : where_section();
  }

  // nullopt: nil. Sets error_ when the text does not convert.
  Typed get(const char* name) {
    const ferry_param* row = buffer_row(name);
    Typed out;
    std::optional<std::string> text;
    bool from_plugin = false;
    if (in_section(name)) {
      size_t len = 0;
      const char* s = api_.config_string(section_, name, &len);
      if (s) text = std::string(s, len);
    } else if (auto it = legacy_.find(name); it != legacy_.end()) {
      text = it->second;
    } else if (auto d = defaults_.find(name); d != defaults_.end()) {
      text = d->second;
      from_plugin = true;
    } else if (row && row->default_value) {
      text = row->default_value;
    }
    if (!text || !row) return out;
    std::string err = convert(*row, *text, out);
    if (!err.empty()) {
      if (from_plugin)
        fail(where_section() + "the plugin's buffer default for '" + name + "' is invalid: " + err +
             " (plugin bug)");
      else
        fail(where(name) + "'" + name + "': " + err);
      out = Typed{};
    }
    return out;
  }
  std::optional<std::string> string(const char* name) {
    Typed t = get(name);
    return t.nil ? std::nullopt : std::optional<std::string>(t.text);
  }
  void string(const char* name, std::string& out) {
    if (auto s = string(name)) out = *s;
  }
  std::optional<double> number(const char* name) {
    Typed t = get(name);
    return t.nil ? std::nullopt : std::optional<double>(t.number);
  }
  void number(const char* name, double& out) {
    if (auto n = number(name)) out = *n;
  }
  std::optional<int64_t> integer(const char* name) {
    Typed t = get(name);
    return t.nil ? std::nullopt : std::optional<int64_t>(t.integer);
  }
  std::optional<bool> boolean(const char* name) {
    Typed t = get(name);
    return t.nil ? std::nullopt : std::optional<bool>(t.boolean);
  }
  void boolean(const char* name, bool& out) {
    if (auto b = boolean(name)) out = *b;
  }

  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  const std::string& error() const { return error_; }

 private:
  const ferry_host_api& api_;
  const ferry_config* section_;
  const ferry_config* directive_;
  Texts legacy_;
  std::map<std::string, std::string> legacy_from_;  // <buffer> name -> flat name
  Texts defaults_;
  std::string error_;
};

std::string flat_text(const ferry_host_api& api, const ferry_config* directive, const char* name) {
  size_t len = 0;
  const char* s = api.config_string(directive, name, &len);
  return s ? std::string(s, len) : std::string();
}

// "+0900" for an offset in seconds, as Ruby's Time#strftime('%z').
std::string offset_text(int64_t offset) {
  char buf[16];
  int64_t a = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof buf, "%c%02d%02d", offset < 0 ? '-' : '+', int(a / 3600),
                int(a % 3600 / 60));
  return buf;
}

// Ruby's String#to_i(8) of a permission, but refusing text without digits
// (Fluentd would make files with mode 0).
std::optional<unsigned> octal(std::string_view s) {
  if (s.size() > 1 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) s.remove_prefix(2);
  unsigned v = 0;
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '7' && v <= 07777)
    v = v * 8 + unsigned(s[n++] - '0');
  if (n == 0 || n != s.size() || v > 07777) return std::nullopt;
  return v;
}

// output.rb: chunk keys split into tag / time / record keys, record keys
// checked (CHUNK_KEY_PATTERN, record accessor syntax, no bracket notation).
bool read_chunk_keys(const std::vector<std::string>& keys, ChunkKeys& out, std::string* error) {
  for (const std::string& key : keys) {
    if (key == "time") {
      out.time = true;
      continue;
    }
    if (key == "tag") {
      out.tag = true;
      continue;
    }
    if (key.rfind("$[", 0) == 0) {
      *error = "in chunk_keys: bracket notation is not allowed";
      return false;
    }
    if (key.rfind("$.", 0) == 0) {
      std::string err;
      if (!format::RecordAccessor::parse(key, &err)) {
        *error = "in chunk_keys: " + err;
        return false;
      }
    } else {
      const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
               c == '@';
      });
      if (!plain) {
        *error = "chunk_keys specification includes invalid char";
        return false;
      }
    }
    // Fluentd keeps them in a Hash: a repeated key counts once.
    if (std::find(out.record_keys.begin(), out.record_keys.end(), key) == out.record_keys.end())
      out.record_keys.push_back(key);
  }
  return true;
}

}  // namespace

FileChunkLocation resolve_file_location(const std::string& path, const std::string& path_suffix) {
  FileChunkLocation loc;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  const bool directory_exists = exists && S_ISDIR(st.st_mode);
  const bool new_directory = !exists && path.find(".*") == std::string::npos;
  if (directory_exists || new_directory) {
    loc.dir = path;
    loc.prefix = "buffer.";
    loc.suffix = path_suffix;
    return loc;
  }
  std::filesystem::path p(path);
  std::string base = p.filename().string();
  if (base.find(".*.") == std::string::npos) {
    if (base.size() >= 2 && base.compare(base.size() - 2, 2, ".*") == 0)
      base += path_suffix;
    else
      base += ".*" + path_suffix;  // an existing file is left alone
  }
  // FileChunk cuts the pattern at its first ".*.": <prefix>.b<id>.<suffix>.
  size_t star = base.find(".*.");
  loc.dir = p.parent_path();
  loc.prefix = base.substr(0, star + 1);
  loc.suffix = base.substr(star + 2);
  return loc;
}

std::string claim_buffer_path(std::map<std::string, std::string>& taken,
                              const BufferOptions& options, const std::string& plugin_type) {
  if (options.type != BufferType::kFile) return {};
  const FileChunkLocation& l = options.location;
  const std::string pattern =
      (l.dir.lexically_normal() / (l.prefix + "*" + l.suffix)).lexically_normal().string();
  auto [it, inserted] = taken.emplace(pattern, plugin_type);
  if (inserted) return {};
  return "Other '" + it->second + "' plugin already use same buffer path: type = " + plugin_type +
         ", buffer path = " + options.path.value_or(pattern);
}

BufferConfigResult read_buffer_options(const ferry_host_api& api, const ferry_config* directive,
                                       const PluginBufferDefaults& defaults, bool buffer_always,
                                       const std::string& plugin_id, const std::string& root_dir) {
  BufferConfigResult result;
  const ferry_config* section = api.config_section_count(directive, "buffer")
                                    ? api.config_section(directive, "buffer", 0)
                                    : nullptr;
  auto location_of = [&](const ferry_config* cfg, const char* name) {
    const char* loc = api.config_location ? api.config_location(cfg, name) : nullptr;
    return loc ? std::string(loc) + ": " : std::string();
  };

  std::vector<const LegacyName*> legacy_written;
  for (const LegacyName& l : kLegacyNames)
    if (api.config_is_set(directive, l.flat)) legacy_written.push_back(&l);

  // output.rb: time_as_integer changes the chunk format; only false exists here.
  if (api.config_is_set(directive, "time_as_integer") &&
      api.config_bool(directive, "time_as_integer")) {
    result.error = location_of(directive, "time_as_integer") +
                   "time_as_integer true is not supported by Ferry yet: chunks keep Fluentd's "
                   "EventTime; remove the parameter";
    return result;
  }

  if (!section && !buffer_always && legacy_written.empty()) return result;  // unbuffered
  if (!section && !buffer_always) {
    for (const LegacyName* l : legacy_written)
      result.warnings.push_back(location_of(directive, l->flat) + "parameter '" + l->flat +
                                "' is not used: this output buffers only with a <buffer> section");
    return result;
  }
  if (section) {
    // Fluentd converts legacy names only when no <buffer> is written.
    for (const LegacyName* l : legacy_written) {
      result.warnings.push_back(
          location_of(directive, l->flat) + "parameter '" + l->flat +
          "' is not used: a <buffer> section is written, so the legacy flat buffer parameters are "
          "ignored" +
          (std::string_view(l->flat) == "flush_interval" ? " (it still selects flush_mode interval)"
                                                         : "") +
          "; write it inside <buffer>");
    }
  }

  std::string error;
  Settings::Texts plugin_defaults = parse_defaults_text(defaults.text, &error);
  if (!error.empty()) {
    result.error = location_of(directive, nullptr) + error;
    return result;
  }

  // compat_parameters_buffer: the flat names become a <buffer> element.
  Settings::Texts legacy;
  std::map<std::string, std::string> legacy_from;
  std::optional<std::vector<std::string>> legacy_keys;
  if (!section && !legacy_written.empty()) {
    for (const LegacyName* l : legacy_written) {
      if (!l->buffer) continue;
      std::string text = flat_text(api, directive, l->flat);
      if (std::string_view(l->flat) == "buffer_queue_full_action" && text == "exception")
        text = "throw_exception";
      legacy[l->buffer] = text;
      legacy_from[l->buffer] = l->flat;
    }
    if (api.config_is_set(directive, "time_slice_format")) {
      const std::string f = flat_text(api, directive, "time_slice_format");
      const char* timekey = f.find("%S") != std::string::npos   ? "1"
                            : f.find("%M") != std::string::npos ? "60"
                            : f.find("%H") != std::string::npos ? "3600"
                            : f.find("%d") != std::string::npos ? "86400"
                                                                : nullptr;
      if (!timekey) {
        result.error = location_of(directive, "time_slice_format") +
                       "time_slice_format only with %Y or %m is too long";
        return result;
      }
      legacy_keys = std::vector<std::string>{"time"};
      legacy["timekey"] = timekey;
      legacy_from["timekey"] = "time_slice_format";
      const bool has_localtime = api.config_is_set(directive, "localtime");
      const bool has_utc = api.config_is_set(directive, "utc");
      if (has_localtime && has_utc) {
        result.error = location_of(directive, "utc") +
                       "both of utc and localtime are specified, use only one of them";
        return result;
      }
      if (has_localtime || has_utc) {
        config::Conversion c;
        const char* name = has_localtime ? "localtime" : "utc";
        bool value = config::to_bool(flat_text(api, directive, name), c).value_or(false);
        legacy["timekey_use_utc"] = (has_localtime ? !value : value) ? "true" : "false";
        legacy_from["timekey_use_utc"] = name;
      }
    }
  }

  Settings s(api, section, directive, std::move(legacy), std::move(legacy_from), plugin_defaults);
  BufferOptions o;

  // --- chunk keys: the section argument, else the plugin's default.
  std::vector<std::string> keys;
  std::string keys_where = s.where_section();
  size_t arg_len = 0;
  const char* arg = section ? api.config_section_arg(section, &arg_len) : nullptr;
  config::Conversion conv;
  if (legacy_keys) {
    keys = *legacy_keys;
  } else if (arg && arg_len > 0) {
    auto a = config::to_array(std::string_view(arg, arg_len), conv);
    if (!a) {
      result.error = keys_where + "<buffer> argument: " + conv.error;
      return result;
    }
    keys = std::move(*a);
  } else if (auto it = plugin_defaults.find("chunk_keys"); it != plugin_defaults.end()) {
    if (it->second) {
      auto a = config::to_array(*it->second, conv);
      if (!a) {
        result.error = keys_where + "the plugin's default chunk keys are invalid: " + conv.error +
                       " (plugin bug)";
        return result;
      }
      keys = std::move(*a);
    }
  }
  if (!read_chunk_keys(keys, o.keys, &error)) {
    result.error = keys_where + error;
    return result;
  }

  // --- @type
  std::string type = s.string("@type").value_or("memory");
  if (type == "memory") {
    o.type = BufferType::kMemory;
  } else if (type == "file") {
    o.type = BufferType::kFile;
  } else if (type == "file_single") {
    result.error = s.where("@type") +
                   "buffer plugin 'file_single' is not supported by Ferry: use '@type file' "
                   "(same durability; Fluentd's file layout)";
    return result;
  } else {
    result.error =
        s.where("@type") + "Unknown buffer plugin '" + type + "': Ferry has memory and file";
    return result;
  }
  const bool file = o.type == BufferType::kFile;
  if (!file) {
    for (const char* name : kFileOnly)
      if (s.in_section(name))
        result.warnings.push_back(s.where(name) + "parameter '" + name +
                                  "' in <buffer> is not used (it is for @type file)");
  }

  // --- time key (output.rb)
  if (auto tk = s.number("timekey")) o.timekey = int64_t(*tk);
  if (auto w = s.number("timekey_wait")) o.timekey_wait = int64_t(*w);
  s.boolean("timekey_use_utc", o.timekey_use_utc);
  std::optional<std::string> zone = s.string("timekey_zone");
  if (!s.error().empty()) {
    result.error = s.error();
    return result;
  }
  if (o.keys.time) {
    std::optional<double> timekey = s.number("timekey");
    if (!timekey) {
      result.error = s.where_section() +
                     "<buffer ...> argument includes 'time', but timekey is not configured";
      return result;
    }
    if (*timekey < 1) {
      // Fluentd refuses <= 0; a fraction of a second cannot cut windows of
      // whole seconds either.
      result.error = s.where("timekey") + "timekey should be greater than 0. current timekey: " +
                     s.string("timekey").value_or("") + " (Ferry needs at least 1s)";
      return result;
    }
  }
  // Fluentd: Time.now.strftime('%z') when the class loads: the host's
  // offset now, kept fixed.
  const int64_t local_offset = format::TimeZone::local().offset_at(std::time(nullptr));
  const std::string zone_text = zone.value_or(offset_text(local_offset));
  {
    std::string zerr;
    std::optional<format::TimeZone> tz = format::TimeZone::from_fluentd(zone_text, &zerr);
    if (!tz) {
      if (o.keys.time) {
        result.error = s.where("timekey_zone") + zerr;
        return result;
      }
    } else {
      o.timekey_time_zone = *tz;
    }
  }
  o.timekey_zone = o.timekey_use_utc ? "+0000" : zone_text;
  if (o.timekey_use_utc) o.timekey_time_zone = format::TimeZone::utc();
  o.timekey_utc_offset = o.utc_offset_at(std::time(nullptr));

  if ((o.keys.tag ? 1 : 0) + o.keys.record_keys.size() >= kManyChunkKeys)
    result.warnings.push_back(
        s.where_section() +
        "many chunk keys specified, and it may cause too many chunks on your system.");

  // --- flush mode
  const std::string mode = s.string("flush_mode").value_or("default");
  const bool flat_flush_interval = api.config_is_set(directive, "flush_interval");
  if (mode == "default") {
    if (flat_flush_interval) {
      result.infos.push_back(location_of(directive, "flush_interval") +
                             "'flush_interval' is configured at out side of <buffer>. "
                             "'flush_mode' is set to 'interval' to keep existing behaviour");
      o.flush_mode = FlushMode::kInterval;
    } else {
      o.flush_mode = o.keys.time ? FlushMode::kLazy : FlushMode::kInterval;
    }
  } else {
    o.flush_mode = mode == "lazy"        ? FlushMode::kLazy
                   : mode == "immediate" ? FlushMode::kImmediate
                                         : FlushMode::kInterval;
  }
  s.number("flush_interval", o.flush_interval);
  if (auto n = s.integer("flush_thread_count")) o.flush_thread_count = unsigned(*n);
  s.number("flush_thread_interval", o.flush_thread_interval);
  s.number("flush_thread_burst_interval", o.flush_thread_burst_interval);
  s.number("delayed_commit_timeout", o.delayed_commit_timeout);
  if (auto a = s.string("overflow_action")) {
    o.overflow_action = *a == "block"               ? OverflowAction::kBlock
                        : *a == "drop_oldest_chunk" ? OverflowAction::kDropOldestChunk
                                                    : OverflowAction::kThrowException;
  }

  // --- retries
  if (auto t = s.string("retry_type"))
    o.retry.type = *t == "periodic" ? RetryType::kPeriodic : RetryType::kExponentialBackoff;
  s.number("retry_wait", o.retry.wait);
  s.number("retry_exponential_backoff_base", o.retry.exponential_backoff_base);
  o.retry.max_interval = s.number("retry_max_interval");
  s.boolean("retry_randomize", o.retry.randomize);
  s.number("retry_timeout", o.retry.timeout);
  if (auto n = s.integer("retry_max_times")) o.retry.max_times = uint64_t(*n);
  s.boolean("retry_forever", o.retry.forever);
  s.number("retry_secondary_threshold", o.retry.secondary_threshold);

  // --- limits (buffer.rb, buf_file.rb)
  o.chunk_limit_size = uint64_t(
      s.integer("chunk_limit_size").value_or(int64_t(file ? kFileChunkLimit : kMemoryChunkLimit)));
  o.total_limit_size = uint64_t(
      s.integer("total_limit_size").value_or(int64_t(file ? kFileTotalLimit : kMemoryTotalLimit)));
  if (auto n = s.integer("queue_limit_length")) {
    o.queue_limit_length = uint64_t(*n);
    o.total_limit_size = o.chunk_limit_size * *o.queue_limit_length;
  }
  if (auto n = s.integer("chunk_limit_records")) o.chunk_limit_records = uint64_t(*n);
  s.number("chunk_full_threshold", o.chunk_full_threshold);
  std::optional<int64_t> queued_limit = s.integer("queued_chunks_limit_size");
  const std::string compress = s.string("compress").value_or("text");
  if (compress == "zstd") {
    result.error = s.where("compress") +
                   "compress zstd is not supported by Ferry yet: use 'compress gzip' or 'text'";
    return result;
  }
  o.compress_gzip = compress == "gzip";
  if (auto n = s.integer("decompression_size_limit")) o.decompression_size_limit = uint64_t(*n);
  s.boolean("disable_chunk_backup", o.disable_chunk_backup);
  s.string("path_suffix", o.path_suffix);
  o.path = s.string("path");
  for (const char* name : {"file_permission", "dir_permission"}) {
    if (auto text = s.string(name)) {
      std::optional<unsigned> mode_bits = octal(*text);
      if (!mode_bits) {
        result.error = s.where(name) + "'" + name + "' must be an octal mode such as " +
                       (std::string_view(name) == "file_permission" ? "0644" : "0755") +
                       " but got " + in_quotes(*text);
        return result;
      }
      (std::string_view(name) == "file_permission" ? o.file_permission : o.dir_permission) =
          *mode_bits;
    }
  }
  if (auto f = s.string("fsync")) {
    o.fsync = *f == "never"    ? FsyncPolicy::kNever
              : *f == "commit" ? FsyncPolicy::kOnCommit
                               : FsyncPolicy::kOnEnqueue;
  }
  if (!s.error().empty()) {
    result.error = s.error();
    return result;
  }

  // --- file location (buf_file.rb#configure)
  if (file) {
    // out_file.rb: without a <buffer> path and without @id + root_dir, the
    // buffer lives at the output's own `path` (a directory unless it has
    // a `*`): the plugin names that parameter with `path_from_param`.
    auto from_param = plugin_defaults.find("path_from_param");
    if (!o.path && (root_dir.empty() || plugin_id.empty()) && from_param != plugin_defaults.end() &&
        from_param->second) {
      size_t len = 0;
      if (const char* v = api.config_string(directive, from_param->second->c_str(), &len))
        o.path = std::string(v, len);
    }
    if (!o.path) {
      if (root_dir.empty() || plugin_id.empty()) {
        result.error = s.where_section() +
                       "buffer path is not configured. specify 'path' in <buffer>, or set "
                       "<system> root_dir and an @id on this output (the buffer then lives in "
                       "<root_dir>/worker0/<@id>/buffer/)";
        return result;
      }
      o.path = (std::filesystem::path(root_dir) / "worker0" / plugin_id / "buffer").string();
    }
    o.location = resolve_file_location(*o.path, o.path_suffix);
  }

  // --- derived (output.rb)
  const std::optional<bool> at_shutdown = s.boolean("flush_at_shutdown");
  o.flush_at_shutdown = at_shutdown.value_or(!file);
  if (at_shutdown && !*at_shutdown && !file) {
    result.warnings.push_back(
        s.where("flush_at_shutdown") +
        "'flush_at_shutdown' is false, and buffer plugin 'memory' is not persistent buffer.");
    result.warnings.push_back(
        s.where("flush_at_shutdown") +
        "your configuration will lose buffered data at shutdown. please confirm your "
        "configuration again.");
  }
  if (o.flush_mode != FlushMode::kInterval && s.written("flush_interval")) {
    const char* name = o.flush_mode == FlushMode::kLazy ? "lazy" : "immediate";
    if (s.written("flush_mode")) {
      result.error = s.where("flush_interval") +
                     "'flush_interval' can't be specified when 'flush_mode' is not 'interval' "
                     "explicitly: '" +
                     name + "'";
      return result;
    }
    result.warnings.push_back(s.where("flush_interval") +
                              "'flush_interval' is ignored because default 'flush_mode' is not "
                              "'interval': '" +
                              name + "'");
  }
  o.queued_chunks_limit_size = queued_limit ? size_t(*queued_limit) : size_t(o.flush_thread_count);
  o.slow_flush_log_threshold = api.config_float(directive, "slow_flush_log_threshold");
  if (!api.config_is_set(directive, "slow_flush_log_threshold") &&
      !api.config_string(directive, "slow_flush_log_threshold", nullptr))
    o.slow_flush_log_threshold = 20.0;  // a host without the flat row

  result.options = std::move(o);
  return result;
}

}  // namespace ferry::buffer
