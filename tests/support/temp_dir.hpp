#pragma once
#include <string>

namespace ferry::test {

// mkdtemp under $TMPDIR (or /tmp); throws on failure.
std::string make_temp_dir(const std::string& prefix);
void remove_tree(const std::string& path);

// A temporary directory removed at scope exit.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "ferry-test-") : path_(make_temp_dir(prefix)) {}
  ~TempDir() { remove_tree(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace ferry::test
