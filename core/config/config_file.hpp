#pragma once
#include <string>

namespace ferry::config {

// Reads a whole config file as UTF-8 text (a leading byte order mark is
// dropped). False with `error` set ("cannot read config file PATH: reason")
// when it cannot be read, including when PATH is a directory.
bool read_config_file(const std::string& path, std::string& content, std::string& error);

// The directory relative @include paths of `path` resolve against:
// its parent directory, or "." for a bare file name.
std::string config_base_dir(const std::string& path);

}  // namespace ferry::config
