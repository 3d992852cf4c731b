#pragma once
#include "config/diagnostics.hpp"

namespace ferry::app {

// Writes every diagnostic as a log line without the worker part, the way
// Fluentd's supervisor reports config problems:
//   2026-11-24 10:00:00 +0000 [error]: fluent.conf:7:9: message: `text`
// Warnings at [warn], errors at [error].
void log_diagnostics(const config::Diagnostics& diag);

// "fluent.conf:7:9: message: `text`" (the part after the level).
std::string diagnostic_text(const config::Diagnostic& d);

}  // namespace ferry::app
