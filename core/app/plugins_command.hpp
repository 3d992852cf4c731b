#pragma once
#include "app/cli_options.hpp"

namespace ferry::app {

// `ferry plugins list`: every plugin file in the search path with its kind,
// type, version, state (loaded / failed: why / shadowed) and path.
int plugins_list(const CliOptions& cli);

// `ferry plugins describe NAME [--kind K] [--json]`: the plugin's
// descriptor and parameter table (the one source of validation, defaults
// and docs). NAME is `out_stdout` or `stdout` with --kind (or a type that
// exists in one kind only).
int plugins_describe(const CliOptions& cli);

}  // namespace ferry::app
