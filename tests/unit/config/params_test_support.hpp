#pragma once
// Builds config trees and reads validated configs for the params tests.
#include <string>
#include <utility>
#include <vector>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/params.hpp"

namespace ferry::config::testing {

inline Entry entry(std::string key, std::string value, uint32_t line = 2) {
  Entry e;
  e.key = std::move(key);
  e.value = std::move(value);
  e.where = SourceLocation{"test.conf", line, 3};
  e.value_where = SourceLocation{"test.conf", line, 10};
  return e;
}

inline Element element(std::string name, std::string arg, std::vector<Entry> entries,
                       std::vector<Element> children = {}, uint32_t line = 1) {
  Element e;
  e.name = std::move(name);
  e.arg = std::move(arg);
  e.where = SourceLocation{"test.conf", line, 1};
  e.entries = std::move(entries);
  e.children = std::move(children);
  return e;
}

inline std::vector<std::string> messages(const Diagnostics& d, Severity s) {
  std::vector<std::string> out;
  for (const auto& item : d.items())
    if (item.severity == s) out.push_back(item.message);
  return out;
}

inline ferry_host_api host_api() {
  ferry_host_api api{};
  api.struct_size = sizeof api;
  fill_config_api(api);
  return api;
}

}  // namespace ferry::config::testing
