// Ferry C++ plugin layer: declaring the parameter table at compile time.
//
//   static constexpr const char* kModes[] = {"no_copy", "shallow", nullptr};
//   static constexpr ferry_param kRows[] = {
//       ferry::Param("tag", FERRY_PARAM_STRING).required().describe("Tag of events"),
//       ferry::Param("rate", FERRY_PARAM_INTEGER).def("1").min(1),
//       ferry::Param("copy_mode", FERRY_PARAM_ENUM).def("no_copy").one_of(kModes),
//   };
//   static constexpr ferry_param_table kParams = ferry::table(kRows);
//
// The rows live in static storage, so the pointers the descriptor hands the
// host stay valid for as long as the module is loaded.
#ifndef FERRY_PARAMS_HPP
#define FERRY_PARAMS_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include "ferry/abi.h"

namespace ferry {

// One row, built with chained constexpr setters; converts to ferry_param.
class Param {
 public:
  constexpr Param(const char* name, ferry_param_type type)
      : row_{
            name, static_cast<uint32_t>(type), 0u, nullptr, nullptr, nullptr, nullptr, nullptr, 0.0,
            0.0} {}

  // Default as config text, converted exactly like user text.
  constexpr Param def(const char* text) const {
    Param p = *this;
    p.row_.default_value = text;
    return p;
  }
  constexpr Param describe(const char* text) const {
    Param p = *this;
    p.row_.description = text;
    return p;
  }
  constexpr Param required() const { return flag(FERRY_PARAM_REQUIRED); }
  constexpr Param multi() const { return flag(FERRY_PARAM_MULTI); }
  constexpr Param secret() const { return flag(FERRY_PARAM_SECRET); }
  constexpr Param deprecated() const { return flag(FERRY_PARAM_DEPRECATED); }
  // A Fluentd parameter Ferry refuses with "not supported yet".
  constexpr Param unsupported() const { return flag(FERRY_PARAM_UNSUPPORTED); }
  constexpr Param min(double v) const {
    Param p = flag(FERRY_PARAM_HAS_MIN);
    p.row_.min_value = v;
    return p;
  }
  constexpr Param max(double v) const {
    Param p = flag(FERRY_PARAM_HAS_MAX);
    p.row_.max_value = v;
    return p;
  }
  // ENUM: a NULL-terminated list in static storage.
  constexpr Param one_of(const char* const* values) const {
    Param p = *this;
    p.row_.enum_values = values;
    return p;
  }
  // SECTION: the nested table.
  constexpr Param section(const ferry_param_table* table) const {
    Param p = *this;
    p.row_.section = table;
    return p;
  }
  // An older accepted name.
  constexpr Param alias(const char* old_name) const {
    Param p = *this;
    p.row_.alias = old_name;
    return p;
  }

  constexpr operator ferry_param() const { return row_; }  // NOLINT: intended
  constexpr const ferry_param& row() const { return row_; }

 private:
  constexpr Param flag(uint32_t f) const {
    Param p = *this;
    p.row_.flags |= f;
    return p;
  }
  ferry_param row_;
};

// The table over a static array of rows.
template <size_t N>
constexpr ferry_param_table table(const ferry_param (&rows)[N], uint32_t flags = 0) {
  return ferry_param_table{static_cast<uint32_t>(sizeof(ferry_param)), static_cast<uint32_t>(N),
                           rows, flags};
}
// Rows of one table written in two parts (a plugin's own rows, then rows
// several plugins share), joined at compile time.
template <size_t N, size_t M>
constexpr std::array<ferry_param, N + M> join_rows(const ferry_param (&a)[N],
                                                   const ferry_param (&b)[M]) {
  std::array<ferry_param, N + M> out{};
  for (size_t i = 0; i < N; ++i) out[i] = a[i];
  for (size_t i = 0; i < M; ++i) out[N + i] = b[i];
  return out;
}
template <size_t N>
constexpr ferry_param_table table(const std::array<ferry_param, N>& rows, uint32_t flags = 0) {
  return ferry_param_table{static_cast<uint32_t>(sizeof(ferry_param)), static_cast<uint32_t>(N),
                           rows.data(), flags};
}
// A table with no rows (plugins without parameters; ANY_KEYS sections).
constexpr ferry_param_table empty_table(uint32_t flags = 0) {
  return ferry_param_table{static_cast<uint32_t>(sizeof(ferry_param)), 0u, nullptr, flags};
}

}  // namespace ferry

#endif  // FERRY_PARAMS_HPP
