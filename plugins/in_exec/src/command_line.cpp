#include "command_line.hpp"

#include <algorithm>
#include <array>

namespace ferry::exec {
namespace {

// Ruby's process.c (rb_exec_fillarg): characters that make it use the shell.
constexpr std::string_view kShellMeta = "*?{}[]<>()~&|\\$;'`\"\n#";

// Reserved words and special built-ins that only the shell can run.
constexpr std::array<std::string_view, 29> kShellCommands = {
    "!",      ".",    ":",     "break", "case",   "continue", "do",    "done",  "elif", "else",
    "esac",   "eval", "exec",  "exit",  "export", "fi",       "for",   "if",    "in",   "readonly",
    "return", "set",  "shift", "then",  "times",  "trap",     "unset", "until", "while"};

bool blank(char c) {
  return c == ' ' || c == '\t';
}

bool needs_shell(std::string_view command) {
  // The first word ends at a blank; `=` inside it is an assignment
  // (FOO=bar cmd), which only the shell understands. A `/` in it means a
  // path, never a shell keyword.
  size_t start = 0;
  while (start < command.size() && blank(command[start])) ++start;
  size_t end = start;
  bool path = false;
  while (end < command.size() && !blank(command[end])) {
    if (command[end] == '=' && !path) return true;
    if (command[end] == '/') path = true;
    ++end;
  }
  if (command.find_first_of(kShellMeta) != std::string_view::npos) return true;
  std::string_view first = command.substr(start, end - start);
  return !path &&
         std::find(kShellCommands.begin(), kShellCommands.end(), first) != kShellCommands.end();
}

}  // namespace

CommandLine parse_command_line(std::string_view command) {
  CommandLine line;
  if (needs_shell(command)) {
    line.via_shell = true;
    line.argv = {"/bin/sh", "-c", std::string(command)};
    return line;
  }
  size_t i = 0;
  while (i < command.size()) {
    while (i < command.size() && blank(command[i])) ++i;
    size_t w = i;
    while (i < command.size() && !blank(command[i])) ++i;
    if (i > w) line.argv.emplace_back(command.substr(w, i - w));
  }
  return line;
}

}  // namespace ferry::exec
