#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::config {

// Fluentd's parameter value conversions (lib/fluent/config/types.rb), lenient
// exactly where Fluentd is. `warning` is set when the result is surprising
// (e.g. size "1.5g" is 5 GiB in Fluentd; time "1m30s" is 30 s) so the caller
// can warn with file:line. `error` is set when Fluentd would refuse too.
struct Conversion {
  std::string warning;
  std::string error;
};

std::optional<int64_t> to_integer(std::string_view text, Conversion& c);
std::optional<double> to_float(std::string_view text, Conversion& c);
std::optional<int64_t> to_size(std::string_view text, Conversion& c);
std::optional<double> to_time(std::string_view text, Conversion& c);  // seconds
// nullopt without error: Fluentd's nil (e.g. "True", "1").
std::optional<bool> to_bool(std::string_view text, Conversion& c);
std::optional<std::vector<std::string>> to_array(std::string_view text, Conversion& c);
std::optional<std::vector<std::pair<std::string, std::string>>> to_hash(std::string_view text,
                                                                        Conversion& c);

}  // namespace ferry::config
