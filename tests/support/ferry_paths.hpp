#pragma once
#include <cstdlib>
#include <string>

namespace ferry::test {

// Paths of the build under test, from the environment ctest sets
// (cmake/FerryTest.cmake): FERRY_BUILD_DIR and FERRY_SOURCE_DIR, else the
// tree this test binary was built from.
inline std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return (v && *v) ? std::string(v) : std::string(fallback);
}
inline std::string build_dir() {
  return env_or("FERRY_BUILD_DIR", FERRY_TEST_BUILD_DIR);
}
inline std::string source_dir() {
  return env_or("FERRY_SOURCE_DIR", FERRY_TEST_SOURCE_DIR);
}
inline std::string ferry_binary() {
  return build_dir() + "/bin/ferry";
}
inline std::string plugin_dir() {
  return build_dir() + "/lib/ferry/plugins";
}

}  // namespace ferry::test
