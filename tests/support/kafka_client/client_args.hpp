#pragma once
#include <librdkafka/rdkafka.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ferry::kafka_test {

// A subcommand's options: `--name value` (repeatable; `-X k=v` too) and
// `--flag`. Anything else is an error.
class ClientArgs {
 public:
  static std::optional<ClientArgs> parse(int argc, char** argv, int first,
                                         const std::set<std::string>& value_options,
                                         const std::set<std::string>& flag_options,
                                         std::string& error);

  bool has(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& all(const std::string& name) const;
  // nullopt and `error` set when present but not an integer in [min, max].
  std::optional<long long> integer(const std::string& name, long long fallback, long long min,
                                   long long max, std::string& error) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flags_;
};

// A librdkafka configuration: bootstrap.servers, then `defaults`, then
// every `-X key=value` (so a test can override any default). nullptr and
// `error` set when librdkafka refuses a setting.
rd_kafka_conf_t* make_conf(const ClientArgs& args,
                           const std::vector<std::pair<std::string, std::string>>& defaults,
                           std::string& error);

}  // namespace ferry::kafka_test
