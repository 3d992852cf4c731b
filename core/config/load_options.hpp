#pragma once
#include <map>
#include <string>

namespace ferry::config {

// What embedded Ruby ("#{...}") and @include need from the outside world,
// and how strictly parameters are validated.
struct LoadOptions {
  // Values for ENV['X']; when `use_process_env` is true, the real process
  // environment is consulted for names not found here.
  std::map<std::string, std::string> env;
  bool use_process_env = true;
  std::string hostname;   // empty: gethostname()
  std::string worker_id;  // Fluentd: "" in the supervisor, "N" in workers
  bool strict = false;    // --strict: unknown parameters are errors
  // check_structure has run on the tree being validated: validate_params
  // then leaves to it what it already reported (unknown `@` keys, legacy
  // `type` on source/match/filter), so each finding is reported once.
  bool structure_checked = false;
};

}  // namespace ferry::config
