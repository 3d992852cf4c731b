#pragma once
#include <string>

namespace ferry::app {

// -s/--setup [DIR]: writes the sample config to DIR/ferry.conf and creates
// DIR/plugin (Fluentd writes fluent.conf the same way). Refuses to
// overwrite an existing file. Returns the exit status.
int setup_command(const std::string& dir);

}  // namespace ferry::app
