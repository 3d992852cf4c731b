#include "config/include_resolver.hpp"

#include <glob.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace ferry::config {
namespace {

// "scheme:" per RFC 3986. One-letter schemes are Windows drive letters,
// which Fluentd treats as paths.
std::string_view uri_scheme(std::string_view spec) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos || colon < 2) return {};
  if (!std::isalpha(static_cast<unsigned char>(spec[0]))) return {};
  for (size_t i = 1; i < colon; ++i) {
    char c = spec[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  }
  return spec.substr(0, colon);
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "./conf.d/a.conf" => "conf.d/a.conf", "/etc/x/../y.conf" => "/etc/y.conf".
std::string tidy(const std::string& path) {
  std::string p = std::filesystem::path(path).lexically_normal().string();
  return p.empty() ? path : p;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

IncludeTargets resolve_include(std::string_view spec, const std::string& base_dir) {
  IncludeTargets out;
  std::string path;
  std::string_view scheme = uri_scheme(spec);
  if (scheme == "file") {
    std::string_view rest = spec.substr(5);
    if (rest.substr(0, 2) == "//") {
      rest.remove_prefix(2);
      size_t slash = rest.find('/');  // skip the (empty or "localhost") host
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    }
    path = percent_decode(rest);
  } else if (!scheme.empty()) {
    out.error =
        "@include of a URL is not supported by Ferry (it never fetches config over the "
        "network): download the file and @include its path";
    return out;
  } else {
    path = std::string(spec);
  }

  if (path.empty()) return out;
  std::string pattern = path.front() == '/' ? path : base_dir + "/" + path;
  glob_t g{};
  int rc = glob(pattern.c_str(), GLOB_BRACE | GLOB_NOSORT, nullptr, &g);
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.files.push_back(tidy(g.gl_pathv[i]));
  }
  globfree(&g);
  std::sort(out.files.begin(), out.files.end());

  if (ends_with(path, "*.conf")) {
    static const char* kBackupWords[] = {"bak",  "old", "backup", "orig",  "prev",
                                         "conf", "tmp", "temp",   "debug", "wip"};
    for (const auto& file : out.files) {
      std::string name = std::filesystem::path(file).filename().string();
      for (const char* word : kBackupWords) {
        if (ends_with(name, std::string(".") + word + ".conf") ||
            ends_with(name, std::string("_") + word + ".conf")) {
          out.warnings.push_back("There is a possibility that '@include " + std::string(spec) +
                                 "' includes duplicated backed-up config file such as <" + name +
                                 ">");
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace ferry::config
