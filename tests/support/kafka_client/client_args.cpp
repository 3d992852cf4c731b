#include "client_args.hpp"

#include <charconv>

namespace ferry::kafka_test {

std::optional<ClientArgs> ClientArgs::parse(int argc, char** argv, int first,
                                            const std::set<std::string>& value_options,
                                            const std::set<std::string>& flag_options,
                                            std::string& error) {
  ClientArgs args;
  for (int i = first; i < argc; ++i) {
    std::string name = argv[i];
    if (flag_options.count(name)) {
      args.flags_.insert(name);
    } else if (value_options.count(name)) {
      if (i + 1 >= argc) {
        error = name + " needs a value";
        return std::nullopt;
      }
      args.values_[name].push_back(argv[++i]);
    } else {
      error = "unknown option '" + name + "'";
      return std::nullopt;
    }
  }
  return args;
}

bool ClientArgs::has(const std::string& name) const {
  return flags_.count(name) || values_.count(name);
}

std::string ClientArgs::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

const std::vector<std::string>& ClientArgs::all(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = values_.find(name);
  return it == values_.end() ? kNone : it->second;
}

std::optional<long long> ClientArgs::integer(const std::string& name, long long fallback,
                                             long long min, long long max,
                                             std::string& error) const {
  if (!values_.count(name)) return fallback;
  std::string text = get(name);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    error = name + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max) +
            ", not '" + text + "'";
    return std::nullopt;
  }
  return value;
}

rd_kafka_conf_t* make_conf(const ClientArgs& args,
                           const std::vector<std::pair<std::string, std::string>>& defaults,
                           std::string& error) {
  std::vector<std::pair<std::string, std::string>> settings = {
      {"bootstrap.servers", args.get("--bootstrap")}};
  settings.insert(settings.end(), defaults.begin(), defaults.end());
  for (auto& kv : args.all("-X")) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = "-X takes key=value, not '" + kv + "'";
      return nullptr;
    }
    settings.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char errstr[512];
  for (auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK) {
      error = key + ": " + errstr;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  return conf;
}

}  // namespace ferry::kafka_test
