#pragma once
// Helpers shared by the v1 front-end tests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"
#include "config/v1_parser.hpp"

namespace ferry::config::testing {

// Deterministic options: no process environment, a fixed host name.
inline LoadOptions test_options() {
  LoadOptions o;
  o.use_process_env = false;
  o.hostname = "web01.example.com";
  o.env = {{"HOME", "/compat-home"}, {"PORT", "24224"}, {"EMPTY", ""}};
  return o;
}

struct Parsed {
  Element root;
  Diagnostics diag;
};

inline Parsed parse(std::string_view text, const LoadOptions& opts = test_options(),
                    const std::string& file = "test.conf", const std::string& base_dir = ".") {
  Parsed p;
  p.root.name = "ROOT";
  parse_v1(text, file, base_dir, opts, p.root, p.diag);
  return p;
}

// Every diagnostic, one formatted line each.
inline std::string all_messages(const Diagnostics& d) {
  std::string s;
  for (const auto& item : d.items()) s += Diagnostics::format(item) + "\n";
  return s;
}

// The value of `key` in the first top-level section, failing the test when
// the parse reported errors.
inline std::string value_of(std::string_view body, const std::string& key,
                            const LoadOptions& opts = test_options()) {
  Parsed p = parse("<source>\n" + std::string(body) + "\n</source>\n", opts);
  EXPECT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  if (p.root.children.empty()) return "<no section>";
  const Entry* e = p.root.children[0].find(key);
  return e ? e->value : "<missing>";
}

}  // namespace ferry::config::testing
