#pragma once
// How a `command` string is started: Ruby's spawn(command_string), which
// Fluentd's in_exec uses through Open3. Without shell syntax the string is
// split on blanks and run directly (the pid is the command's own); with any
// shell metacharacter, an assignment before the command or a shell keyword
// or special built-in first, it runs as `/bin/sh -c command`.
#include <string>
#include <string_view>
#include <vector>

namespace ferry::exec {

struct CommandLine {
  bool via_shell = false;
  // via_shell: {"/bin/sh", "-c", command}; else the words, argv[0] looked
  // up in PATH.
  std::vector<std::string> argv;
};

CommandLine parse_command_line(std::string_view command);

}  // namespace ferry::exec
