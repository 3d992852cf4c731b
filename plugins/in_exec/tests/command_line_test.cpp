// Ruby's spawn(command_string) rule: direct exec unless shell syntax.
#include "command_line.hpp"

#include <gtest/gtest.h>

namespace ferry::exec {
namespace {

using Argv = std::vector<std::string>;

TEST(CommandLine, PlainWordsRunDirectly) {
  CommandLine c = parse_command_line("  cat\tinput.json  extra ");
  EXPECT_FALSE(c.via_shell);
  EXPECT_EQ(c.argv, (Argv{"cat", "input.json", "extra"}));
}

TEST(CommandLine, ShellMetacharactersUseTheShell) {
  for (const char* cmd : {"echo '{}'", "cat a | grep b", "echo $HOME", "ls *.log", "a; b",
                          "echo \"x\"", "cmd > out", "a && b", "echo `date`", "echo ~", "echo a\nb",
                          "echo #x", "echo {a,b}", "(cd /; ls)", "echo a\\ b"}) {
    CommandLine c = parse_command_line(cmd);
    EXPECT_TRUE(c.via_shell) << cmd;
    EXPECT_EQ(c.argv, (Argv{"/bin/sh", "-c", cmd})) << cmd;
  }
}

TEST(CommandLine, AssignmentBeforeTheCommandUsesTheShell) {
  EXPECT_TRUE(parse_command_line("LANG=C date").via_shell);
  // `=` after the first word, or in a path, is just an argument.
  EXPECT_FALSE(parse_command_line("env A=1").via_shell);
  EXPECT_FALSE(parse_command_line("/usr/bin/x=1").via_shell);
}

TEST(CommandLine, ShellKeywordsAndBuiltinsUseTheShell) {
  for (const char* cmd : {"exit 3", "exec cat x", "set", ". ./env.sh", "if true", "export A"})
    EXPECT_TRUE(parse_command_line(cmd).via_shell) << cmd;
  EXPECT_FALSE(parse_command_line("exits 3").via_shell);
  EXPECT_FALSE(parse_command_line("/bin/exit 3").via_shell);
}

}  // namespace
}  // namespace ferry::exec
