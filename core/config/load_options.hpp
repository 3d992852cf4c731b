#pragma once
#include <map>
#include <string>

namespace ferry::config {

// What embedded Ruby ("#{...}") and @include need from the outside world.
struct LoadOptions {
  // Values for ENV['X']; when `use_process_env` is true, the real process
  // environment is consulted for names not found here.
  std::map<std::string, std::string> env;
  bool use_process_env = true;
  std::string hostname;   // empty: gethostname()
  std::string worker_id;  // Fluentd: "" in the supervisor, "N" in workers
  bool strict = false;    // --strict: unknown parameters are errors
};

}  // namespace ferry::config
