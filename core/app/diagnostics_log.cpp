#include "app/diagnostics_log.hpp"

#include "telemetry/log.hpp"

namespace ferry::app {

std::string diagnostic_text(const config::Diagnostic& d) {
  std::string s = d.where.str() + ": " + d.message;
  if (!d.text.empty()) {
    // Long values (multi-line JSON) are cut: the location says where.
    std::string t = d.text.size() > 200 ? d.text.substr(0, 200) + "..." : d.text;
    s += ": `" + t + "`";
  }
  return s;
}

void log_diagnostics(const config::Diagnostics& diag) {
  for (const auto& d : diag.items()) {
    log::write(d.severity == config::Severity::Error ? log::Level::Error : log::Level::Warn,
               diagnostic_text(d), nullptr, /*worker=*/false);
  }
}

}  // namespace ferry::app
