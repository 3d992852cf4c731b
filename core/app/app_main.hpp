#pragma once

namespace ferry::app {

// The whole `ferry` command: parses the arguments and runs the command
// they ask for. Returns the process exit status.
int app_main(int argc, char** argv);

}  // namespace ferry::app
