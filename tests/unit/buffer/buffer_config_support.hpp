#pragma once
// Buffer configuration tests through the real config stack: v1 text ->
// validate_params with the <buffer>/<secondary>/flat core sections (as
// app/core_sections.cpp offers them to FERRY_CAP_BUFFERED plugins) -> the
// host API's config_* -> read_buffer_options.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "buffer/buffer_options.hpp"
#include "config/loader.hpp"
#include "config/params.hpp"
#include "format/json_to_msgpack.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::buffer::testing {

// A plugin table with one parameter of its own.
inline const ferry_param_table& demo_output_table() {
  static const ferry_param rows[] = {
      {"topic", FERRY_PARAM_STRING, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0},
  };
  static const ferry_param_table table{sizeof(ferry_param), 1, rows, 0};
  return table;
}

inline const ferry_host_api& config_api() {
  static ferry_host_api api = [] {
    ferry_host_api a{};
    a.struct_size = sizeof a;
    config::fill_config_api(a);
    return a;
  }();
  return api;
}

struct BufferConfig {
  config::ConfigPtr directive;
  std::vector<std::string> diagnostics;  // validation messages
  BufferConfigResult result;
};

// `body` is the inside of <match app.**> (after "@type demo"), starting on
// line 3 of "fluent.conf".
inline BufferConfig read_config(const std::string& body, const PluginBufferDefaults& defaults = {},
                                bool buffer_always = true, const std::string& plugin_id = "",
                                const std::string& root_dir = "") {
  BufferConfig out;
  config::LoadOptions opts;
  config::Diagnostics diag;
  const std::string text = "<match app.**>\n  @type demo\n" + body + "</match>\n";
  config::Element root = config::load_config_text(text, "fluent.conf", "/", opts, diag);
  config::CoreSections core;
  core["buffer"] = &buffer_section_table();
  core["secondary"] = nullptr;
  core.flat.push_back(&buffered_output_flat_table());
  for (const config::Element& e : root.children) {
    if (e.name != "match") continue;
    out.directive = config::validate_params(e, demo_output_table(), core, opts, diag);
  }
  for (const auto& d : diag.items()) out.diagnostics.push_back(config::Diagnostics::format(d));
  if (out.directive)
    out.result = read_buffer_options(config_api(), out.directive.get(), defaults, buffer_always,
                                     plugin_id, root_dir);
  return out;
}

// [EventTime(sec), record-from-json]
inline std::string event(uint32_t sec, std::string_view record_json) {
  std::string out;
  format::mp_array_header(out, 2);
  std::string t(8, '\0');
  for (int i = 0; i < 4; ++i) t[size_t(i)] = char((sec >> (24 - 8 * i)) & 0xff);
  format::mp_ext(out, 0, t);
  static format::JsonToMsgpack conv;
  std::string rec, err;
  EXPECT_TRUE(conv.convert(record_json, rec, &err)) << err;
  return out + rec;
}

inline std::string mp_string(std::string_view s) {
  std::string out;
  format::mp_str(out, s);
  return out;
}

}  // namespace ferry::buffer::testing
