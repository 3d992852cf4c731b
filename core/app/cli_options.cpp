#include "app/cli_options.hpp"

#include <cstdlib>
#include <functional>
#include <string_view>

namespace ferry::app {
namespace {

enum class Arg { None, Required, Optional };

struct Flag {
  const char* short_name;  // "c" or nullptr
  const char* long_name;   // "config"
  Arg arg;
  // Applies the flag; returns an error message or "".
  std::function<std::string(CliOptions&, const std::string& value)> apply;
};

std::string unsupported(std::string_view flag, std::string_view why) {
  return std::string(flag) + " is not supported: " + std::string(why);
}

std::string expand_newlines(const std::string& s) {
  // Fluentd: inline config `\n` (backslash, n) sequences become newlines.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

void shift_level(CliOptions& o, int delta) {
  int cur = o.cli_log_level ? int(*o.cli_log_level) : int(log::Level::Info);
  cur += delta;
  // -v stops at trace, -q at error (Fluentd clamps the same way).
  if (cur < int(log::Level::Trace)) cur = int(log::Level::Trace);
  if (cur > int(log::Level::Error)) cur = int(log::Level::Error);
  o.cli_log_level = log::Level(cur);
}

const std::vector<Flag>& flags() {
  static const std::vector<Flag> table = {
      {"c", "config", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.config_path = v;
         return std::string();
       }},
      {"p", "plugin", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.plugin_dirs.push_back(v);
         return std::string();
       }},
      {"o", "log", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.log_path = v;
         return std::string();
       }},
      {"i", "inline-config", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.inline_configs.push_back(expand_newlines(v));
         return std::string();
       }},
      {"v", "verbose", Arg::None,
       [](CliOptions& o, const std::string&) {
         shift_level(o, -1);
         return std::string();
       }},
      {"q", "quiet", Arg::None,
       [](CliOptions& o, const std::string&) {
         shift_level(o, +1);
         return std::string();
       }},
      {nullptr, "dry-run", Arg::None,
       [](CliOptions& o, const std::string&) {
         o.command = CliOptions::Command::DryRun;
         return std::string();
       }},
      {nullptr, "version", Arg::None,
       [](CliOptions& o, const std::string&) {
         o.command = CliOptions::Command::Version;
         return std::string();
       }},
      {"h", "help", Arg::None,
       [](CliOptions& o, const std::string&) {
         o.command = CliOptions::Command::Help;
         return std::string();
       }},
      {"s", "setup", Arg::Optional,
       [](CliOptions& o, const std::string& v) {
         o.command = CliOptions::Command::Setup;
         o.setup_dir = v.empty() ? kDefaultSetupDir : v;
         return std::string();
       }},
      {nullptr, "strict", Arg::None,
       [](CliOptions& o, const std::string&) {
         o.strict = true;
         return std::string();
       }},
      {nullptr, "suppress-config-dump", Arg::None,
       [](CliOptions& o, const std::string&) {
         o.suppress_config_dump = true;
         return std::string();
       }},
      {nullptr, "without-source", Arg::None,
       [](CliOptions& o, const std::string&) {
         o.without_source = true;
         return std::string();
       }},
      {nullptr, "config-file-type", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         if (v == "yaml" || v == "yml") {
           o.config_file_type = "yaml";
         } else if (v == "guess") {
           o.config_file_type = "guess";
         } else {
           return "--config-file-type accepts yaml, yml or guess, not '" + v + "'";
         }
         return std::string();
       }},
      {"d", "daemon", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.daemon_pid_file = v;
         return std::string();
       }},
      {nullptr, "user", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.user = v;
         return std::string();
       }},
      {nullptr, "group", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         o.group = v;
         return std::string();
       }},
      {nullptr, "umask", Arg::Required,
       [](CliOptions& o, const std::string& v) {
         char* end = nullptr;
         unsigned long m = std::strtoul(v.c_str(), &end, 8);
         if (v.empty() || *end != '\0' || m > 0777) {
           return "--umask expects an octal mode such as 022, not '" + v + "'";
         }
         o.umask = unsigned(m);
         return std::string();
       }},
      {nullptr, "workers", Arg::Required,
       [](CliOptions&, const std::string& v) {
         char* end = nullptr;
         long n = std::strtol(v.c_str(), &end, 10);
         if (v.empty() || *end != '\0' || n < 1) {
           return "--workers expects a positive number, not '" + v + "'";
         }
         if (n > 1) {
           return "--workers " + v +
                  ": multiple worker processes are not supported yet (one worker "
                  "process runs the whole pipeline on a thread pool)";
         }
         return std::string();
       }},
      // Accepted because they describe what Ferry always does.
      {nullptr, "no-supervisor", Arg::None,
       [](CliOptions&, const std::string&) { return std::string(); }},
      {nullptr, "use-v1-config", Arg::None,
       [](CliOptions&, const std::string&) { return std::string(); }},
      {nullptr, "disable-shared-socket", Arg::None,
       [](CliOptions&, const std::string&) { return std::string(); }},
      {nullptr, "suppress-repeated-stacktrace", Arg::Optional,
       [](CliOptions&, const std::string&) { return std::string(); }},
      {nullptr, "conf-encoding", Arg::Required,
       [](CliOptions&, const std::string& v) {
         std::string lower;
         for (char c : v) lower += char(std::tolower(static_cast<unsigned char>(c)));
         if (lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii") {
           return std::string();
         }
         return unsupported("--conf-encoding " + v, "config files are read as UTF-8");
       }},
      // Refused, each with the reason.
      {nullptr, "under-supervisor", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--under-supervisor", "it is internal to Fluentd's supervisor");
       }},
      {nullptr, "use-v0-config", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--use-v0-config", "only the v1 config syntax (and YAML) is read");
       }},
      {nullptr, "strict-config-value", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--strict-config-value",
                            "values are converted as Fluentd does by default (lenient, with "
                            "warnings); use --strict for errors on unknown parameters");
       }},
      {nullptr, "log-rotate-age", Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("--log-rotate-age",
                            "built-in log rotation is not implemented yet; rotate with "
                            "logrotate and send SIGUSR1 to reopen the log");
       }},
      {nullptr, "log-rotate-size", Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("--log-rotate-size",
                            "built-in log rotation is not implemented yet; rotate with "
                            "logrotate and send SIGUSR1 to reopen the log");
       }},
      {nullptr, "log-event-verbose", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--log-event-verbose", "log events (@FLUENT_LOG) are not emitted yet");
       }},
      {nullptr, "emit-error-log-interval", Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("--emit-error-log-interval", "not implemented yet");
       }},
      {nullptr, "with-source-only", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--with-source-only", "zero-downtime restart is not implemented yet");
       }},
      {nullptr, "enable-input-metrics", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--enable-input-metrics", "plugin metrics are not implemented yet");
       }},
      {nullptr, "disable-input-metrics", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--disable-input-metrics", "plugin metrics are not implemented yet");
       }},
      {nullptr, "enable-size-metrics", Arg::None,
       [](CliOptions&, const std::string&) {
         return unsupported("--enable-size-metrics", "plugin metrics are not implemented yet");
       }},
      {nullptr, "show-plugin-config", Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("--show-plugin-config", "use `ferry plugins describe NAME`");
       }},
      {"I", nullptr, Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("-I", "Ferry does not run Ruby; plugins are shared objects (-p DIR)");
       }},
      {"r", nullptr, Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("-r", "Ferry does not run Ruby; plugins are shared objects (-p DIR)");
       }},
      {"g", "gemfile", Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("--gemfile",
                            "Ferry does not run Ruby gems; plugins are shared "
                            "objects (-p DIR)");
       }},
      {"G", "gem-path", Arg::Required,
       [](CliOptions&, const std::string&) {
         return unsupported("--gem-path",
                            "Ferry does not run Ruby gems; plugins are shared "
                            "objects (-p DIR)");
       }},
  };
  return table;
}

const Flag* find_short(char c) {
  for (const auto& f : flags())
    if (f.short_name && f.short_name[0] == c) return &f;
  return nullptr;
}

const Flag* find_long(std::string_view name) {
  for (const auto& f : flags())
    if (f.long_name && name == f.long_name) return &f;
  return nullptr;
}

// `ferry plugins list|describe ...`
std::optional<CliOptions> parse_plugins_command(const std::vector<std::string>& args,
                                                std::string& error) {
  CliOptions o;
  if (args.size() < 2) {
    error = "`ferry plugins` needs a subcommand: list, or describe NAME";
    return std::nullopt;
  }
  const std::string& sub = args[1];
  if (sub == "list") {
    o.command = CliOptions::Command::PluginsList;
  } else if (sub == "describe") {
    o.command = CliOptions::Command::PluginsDescribe;
  } else {
    error = "unknown `ferry plugins` subcommand '" + sub + "' (use list or describe NAME)";
    return std::nullopt;
  }
  for (size_t i = 2; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        error = std::string(flag) + " needs a value";
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "--json") {
      o.json = true;
    } else if (a == "--markdown") {
      o.markdown = true;
    } else if (a == "--kind") {
      auto v = value("--kind");
      if (!v) return std::nullopt;
      if (*v != "input" && *v != "filter" && *v != "output") {
        error = "--kind accepts input, filter or output, not '" + *v + "'";
        return std::nullopt;
      }
      o.describe_kind = *v;
    } else if (a == "-p" || a == "--plugin") {
      auto v = value("-p");
      if (!v) return std::nullopt;
      o.plugin_dirs.push_back(*v);
    } else if (a.rfind("--plugin=", 0) == 0) {
      o.plugin_dirs.push_back(a.substr(9));
    } else if (!a.empty() && a[0] != '-' && o.command == CliOptions::Command::PluginsDescribe &&
               o.describe_name.empty()) {
      o.describe_name = a;
    } else {
      error = "unexpected argument '" + a + "' for `ferry plugins " + sub + "`";
      return std::nullopt;
    }
  }
  if (o.command == CliOptions::Command::PluginsDescribe && o.describe_name.empty()) {
    error =
        "`ferry plugins describe` needs a plugin name, e.g. out_stdout or "
        "`stdout --kind output`";
    return std::nullopt;
  }
  return o;
}

}  // namespace

std::optional<CliOptions> parse_cli(const std::vector<std::string>& args, std::string& error) {
  if (!args.empty() && args[0] == "plugins") return parse_plugins_command(args, error);

  CliOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2);
      std::optional<std::string> inline_value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      const Flag* f = find_long(name);
      if (!f) {
        error = "unknown option " + a;
        return std::nullopt;
      }
      std::string value;
      if (f->arg == Arg::None) {
        if (inline_value) {
          error = "option --" + name + " takes no value";
          return std::nullopt;
        }
      } else if (inline_value) {
        value = *inline_value;
      } else if (f->arg == Arg::Required) {
        if (i + 1 >= args.size()) {
          error = "option --" + name + " needs a value";
          return std::nullopt;
        }
        value = args[++i];
      } else if (i + 1 < args.size() && !args[i + 1].empty() && args[i + 1][0] != '-') {
        value = args[++i];  // optional value given as the next word
      }
      if (std::string e = f->apply(o, value); !e.empty()) {
        error = e;
        return std::nullopt;
      }
      continue;
    }
    if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
      // Short flags bundle (-vv, -qq) and take attached values (-cfile).
      for (size_t j = 1; j < a.size(); ++j) {
        const Flag* f = find_short(a[j]);
        if (!f) {
          error = std::string("unknown option -") + a[j];
          return std::nullopt;
        }
        std::string value;
        if (f->arg != Arg::None) {
          if (j + 1 < a.size()) {
            value = a.substr(j + 1);
          } else if (f->arg == Arg::Required) {
            if (i + 1 >= args.size()) {
              error = std::string("option -") + a[j] + " needs a value";
              return std::nullopt;
            }
            value = args[++i];
          } else if (i + 1 < args.size() && !args[i + 1].empty() && args[i + 1][0] != '-') {
            value = args[++i];
          }
          j = a.size();
        }
        if (std::string e = f->apply(o, value); !e.empty()) {
          error = e;
          return std::nullopt;
        }
      }
      continue;
    }
    error = "unexpected argument '" + a + "' (see ferry --help)";
    return std::nullopt;
  }
  if (o.config_path.empty()) {
    const char* env = std::getenv("FLUENT_CONF");
    o.config_path = (env && *env) ? env : kDefaultConfigPath;
  }
  return o;
}

std::string usage_text() {
  return R"(Usage: ferry [options]
       ferry plugins list [-p DIR]
       ferry plugins describe NAME [--kind input|filter|output] [--json|--markdown] [-p DIR]

Ferry routes logs and metrics like Fluentd, reading the same configuration.

Options (Fluentd's flags, same meanings):
  -c, --config PATH            config file (default: $FLUENT_CONF, else /etc/ferry/ferry.conf);
                               .yaml/.yml files are read as Fluentd's YAML config
      --config-file-type TYPE  yaml (read the config as YAML whatever its name) or guess
  -i, --inline-config TEXT     config text appended to the file (literal \n = newline)
  -p, --plugin DIR             also look for plugins (*.so) in DIR (repeatable;
                               FERRY_PLUGIN_PATH adds more)
  -o, --log PATH               log file (default: stdout; "-" = stdout); SIGUSR1 reopens it
  -v, --verbose                more log: -v debug, -vv trace
  -q, --quiet                  less log: -q warn, -qq error
      --dry-run                load and validate everything, print the route report, exit
                               (0: config is fine)
      --strict                 unknown parameters are errors, not warnings (Ferry only)
      --without-source         run without inputs
      --suppress-config-dump   do not log the configuration at start
  -d, --daemon PIDFILE         run in the background, write the pid to PIDFILE
      --user USER, --group GROUP
                               switch user/group after opening the log
      --umask UMASK            set the file mode creation mask (octal)
  -s, --setup [DIR]            write a sample config to DIR/ferry.conf (default /etc/ferry)
      --no-supervisor          accepted: Ferry always runs as one process
      --workers 1              accepted; more than one worker is not supported yet
      --version                print the version
  -h, --help                   this text

Signals: SIGTERM/SIGINT stop (inputs first, outputs flushed), SIGHUP reloads the
config (a bad new config is logged and the old pipeline keeps running),
SIGUSR1 flushes outputs and reopens the log file.
)";
}

}  // namespace ferry::app
