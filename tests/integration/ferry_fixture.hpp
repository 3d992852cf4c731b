#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "ferry_paths.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::test {

// A temp dir to write configs into, and ways to run `ferry` there with a
// clean environment (UTC, no FLUENT_CONF / FERRY_PLUGIN_PATH leaking in).
class FerryTest : public ::testing::Test {
 protected:
  std::string write_config(const std::string& name, const std::string& text) {
    std::string path = dir_.file(name);
    write_file(path, text);
    return path;
  }

  Subprocess::Options options(std::vector<std::string> args) {
    Subprocess::Options o;
    o.argv.push_back(ferry_binary());
    for (auto& a : args) o.argv.push_back(a);
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}, {"LANG", "C.UTF-8"}};
    o.env_unset = {"FLUENT_CONF", "FERRY_PLUGIN_PATH"};
    return o;
  }

  RunResult run(std::vector<std::string> args) { return test::run(options(std::move(args))); }

  std::unique_ptr<Subprocess> start(std::vector<std::string> args) {
    return std::make_unique<Subprocess>(options(std::move(args)));
  }

  // Waits for the "worker is now running" log line in stdout (or `log`).
  static bool wait_running(Subprocess& p, const std::string& log_file = "") {
    return wait_until([&] {
             std::string text = log_file.empty() ? p.stdout_text() : read_file(log_file);
             return text.find("worker is now running") != std::string::npos || !p.running();
           }) &&
           p.running();
  }

  static size_t count_matches(const std::string& text, const std::string& regex) {
    std::regex re(regex);
    return size_t(
        std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
  }

  TempDir dir_;
};

// A sample → stdout pipeline emitting `record` quickly under `tag`.
inline std::string sample_to_stdout(const std::string& tag, const std::string& record,
                                    int rate = 20) {
  return "<source>\n  @type sample\n  tag " + tag + "\n  rate " + std::to_string(rate) +
         "\n  sample " + record + "\n</source>\n<match " + tag + ">\n  @type stdout\n</match>\n";
}

}  // namespace ferry::test
