#pragma once
// Fluentd's record accessor syntax (plugin_helper/record_accessor.rb) for
// remove_keys: a plain key is a literal top-level key ("a.b" included);
// "$.a.b[0]" and "$['a b'][0]" are nested paths.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::record_transformer {

struct PathStep {
  bool is_index = false;  // an array index ([0], [-1]); else a hash key
  int64_t index = 0;
  std::string key;
};

struct KeyPath {
  // One step: a top-level key (a path of one step is the same thing).
  std::vector<PathStep> steps;
  bool nested() const { return steps.size() > 1; }
};

// Parses a remove_keys entry; throws std::invalid_argument with Fluentd's
// message on a bad path.
KeyPath parse_record_accessor(std::string_view param);

// Hash#delete / Array#delete_at on the MessagePack value at `value` along
// steps[from..]: the container reached by steps[from..n-2] loses the
// element steps[n-1]. Writes the changed value to out and returns true; false
// (out untouched) when nothing changes: a missing step, a step into a
// non-container, a key on an array or an index on a hash, as Fluentd's
// delete_nest silently does nothing then.
bool delete_path(std::string_view value, const std::vector<PathStep>& steps, size_t from,
                 std::string& out);

}  // namespace ferry::record_transformer
