#include <utility>

#include "parse/parser.hpp"
#include "parse/parser_types.hpp"

namespace ferry::parse {
namespace {

using Factory = std::unique_ptr<Parser> (*)(const ParseOptions&, std::string*);

const std::vector<std::pair<std::string, Factory>>& registry() {
  static const std::vector<std::pair<std::string, Factory>> kRegistry = {
      {"apache", make_apache_parser},
      {"apache2", make_apache2_parser},
      {"apache_error", make_apache_error_parser},
      {"csv", make_csv_parser},
      {"json", make_json_parser},
      {"ltsv", make_ltsv_parser},
      {"msgpack", make_msgpack_parser},
      {"nginx", make_nginx_parser},
      {"none", make_none_parser},
      {"regexp", make_regexp_parser},
      {"syslog", make_syslog_parser},
      {"tsv", make_tsv_parser},
  };
  return kRegistry;
}

}  // namespace

const std::vector<std::string>& parser_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& [name, factory] : registry()) names.push_back(name);
    return names;
  }();
  return kNames;
}

std::unique_ptr<Parser> make_parser(const ParseOptions& options, std::string* error) {
  for (const auto& [name, factory] : registry()) {
    if (name == options.type) return factory(options, error);
  }
  if (!error) return nullptr;
  if (options.type == "multiline") {
    *error = "parser 'multiline' is not supported yet (it needs in_tail's line grouping)";
  } else {
    std::string list;
    for (const std::string& n : parser_names()) list += (list.empty() ? "" : ", ") + n;
    *error = "Unknown parser plugin '" + options.type + "'. Built-in parsers: " + list;
  }
  return nullptr;
}

}  // namespace ferry::parse
