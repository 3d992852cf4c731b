#include <utility>

#include "format/formatter.hpp"
#include "format/formatter_types.hpp"

namespace ferry::format {
namespace {

using Factory = std::unique_ptr<Formatter> (*)(const FormatOptions&, std::string*);

const std::vector<std::pair<std::string, Factory>>& registry() {
  static const std::vector<std::pair<std::string, Factory>> kRegistry = {
      {"csv", make_csv_formatter},
      {"hash", make_hash_formatter},
      {"json", make_json_formatter},
      {"ltsv", make_ltsv_formatter},
      {"msgpack", make_msgpack_formatter},
      {"out_file", make_out_file_formatter},
      {"single_value", make_single_value_formatter},
      {"stdout", make_stdout_formatter},
      {"tsv", make_tsv_formatter},
  };
  return kRegistry;
}

}  // namespace

const std::vector<std::string>& formatter_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& [name, factory] : registry()) names.push_back(name);
    return names;
  }();
  return kNames;
}

std::unique_ptr<Formatter> make_formatter(const FormatOptions& options, std::string* error) {
  for (const auto& [name, factory] : registry()) {
    if (name == options.type) return factory(options, error);
  }
  if (error) {
    std::string list;
    for (const std::string& n : formatter_names()) list += (list.empty() ? "" : ", ") + n;
    *error = "Unknown formatter plugin '" + options.type + "'. Built-in formatters: " + list;
  }
  return nullptr;
}

}  // namespace ferry::format
