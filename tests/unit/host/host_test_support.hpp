#pragma once
// Helpers for the host tests: a host API table with a map-backed config,
// in-process plugins from the C++ layer, a recording EmitTarget, and a way
// to run a loop until something happened.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ferry/plugin.hpp"
#include "host/emit_target.hpp"
#include "host/host_api.hpp"
#include "host/instance.hpp"
#include "host/plugin_module.hpp"

namespace ferry::host::test {

// Stands in for the validated config B's params engine produces: scalar
// text by name, nothing else. Passed to plugins as an opaque ferry_config*.
struct FakeConfig {
  std::map<std::string, std::string> values;
  const ferry_config* get() const { return reinterpret_cast<const ferry_config*>(this); }
};

inline const FakeConfig& fake(const ferry_config* c) {
  return *reinterpret_cast<const FakeConfig*>(c);
}

inline ferry_host_api make_test_api() {
  ferry_host_api api{};
  fill_instance_api(api);
  api.config_is_set = [](const ferry_config* c, const char* n) -> int {
    return c && fake(c).values.count(n) ? 1 : 0;
  };
  api.config_string = [](const ferry_config* c, const char* n, size_t* len) -> const char* {
    if (!c) return nullptr;
    auto it = fake(c).values.find(n);
    if (it == fake(c).values.end()) return nullptr;
    if (len) *len = it->second.size();
    return it->second.c_str();
  };
  api.config_int = [](const ferry_config* c, const char* n) -> int64_t {
    return std::atoll(fake(c).values.at(n).c_str());
  };
  api.config_location = [](const ferry_config*, const char* n) -> const char* {
    return n ? "test.conf:3" : "test.conf:1";
  };
  return api;
}

inline const ferry_host_api& test_api() {
  static const ferry_host_api api = make_test_api();
  return api;
}

inline const ferry_param_table kNoParams = ferry::empty_table();

// A Module for a C++-layer plugin class, without a shared object.
template <class T>
ModulePtr cpp_module(const char* type_name, uint64_t caps = 0) {
  ferry_plugin_info info = ferry::detail::make_info<T>(
      ferry::detail::kind_of<T>(), type_name, "1.0.0", "test plugin", "test", &kNoParams, caps);
  ModuleResult r = adopt_descriptor(&info, std::string("builtin:") + type_name);
  EXPECT_TRUE(r.module) << r.error;
  return r.module;
}

class RecordingTarget : public EmitTarget {
 public:
  struct Emitted {
    std::string tag;
    std::string bytes;
    uint32_t count;
  };
  ferry_status emit(std::string_view tag, const EventBatch& batch) override {
    std::lock_guard lock(mu_);
    emitted_.push_back({std::string(tag), std::string(batch.view()), batch.count()});
    return status_;
  }
  // "event|reason", plus "|class" when the plugin named an error class.
  void emit_error(std::string_view tag, std::string_view event, std::string_view reason,
                  std::string_view error_class) override {
    std::lock_guard lock(mu_);
    std::string shown = std::string(event) + "|" + std::string(reason);
    if (!error_class.empty()) shown += "|" + std::string(error_class);
    errors_.push_back({std::string(tag), shown, 1});
  }
  std::vector<Emitted> emitted() {
    std::lock_guard lock(mu_);
    return emitted_;
  }
  std::vector<Emitted> errors() {
    std::lock_guard lock(mu_);
    return errors_;
  }
  void set_status(ferry_status s) { status_ = s; }

 private:
  std::mutex mu_;
  std::vector<Emitted> emitted_, errors_;
  ferry_status status_ = FERRY_OK;
};

// Runs handlers until pred() holds or the deadline passes; true if it held.
inline bool run_until(boost::asio::io_context& loop, const std::function<bool()>& pred,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    loop.restart();
    loop.run_one_for(std::chrono::milliseconds(10));
  }
  return true;
}

inline std::string test_plugin_dir() {
  const char* build = std::getenv("FERRY_BUILD_DIR");
  return std::string(build ? build : ".") + "/test-plugins";
}

}  // namespace ferry::host::test
