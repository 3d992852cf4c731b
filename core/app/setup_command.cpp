#include "app/setup_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/sample_config.hpp"

namespace ferry::app {

int setup_command(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "plugin", ec);
  if (ec) {
    std::fprintf(stderr, "ferry: cannot create %s/plugin: %s\n", dir.c_str(), ec.message().c_str());
    return 1;
  }
  fs::path conf = fs::path(dir) / "ferry.conf";
  if (fs::exists(conf)) {
    std::fprintf(stderr, "ferry: %s already exists\n", conf.c_str());
    return 1;
  }
  std::ofstream out(conf);
  out << kSampleConfig;
  out.close();
  if (!out) {
    std::fprintf(stderr, "ferry: cannot write %s\n", conf.c_str());
    return 1;
  }
  std::printf("Installed %s.\n", conf.c_str());
  return 0;
}

}  // namespace ferry::app
