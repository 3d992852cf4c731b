#pragma once
#include <string>

#include "ferry/abi.h"

namespace ferry::config {

// Renders a plugin's declarative parameter table, nested sections included,
// for `ferry plugins describe NAME` (text), `--json` (machine-readable) and
// the generated reference docs (Markdown). Defaults of SECRET rows are
// masked as "xxxxxx", as Fluentd masks them in its config dump.
std::string describe_plugin_text(const ferry_plugin_info& info);
std::string describe_plugin_json(const ferry_plugin_info& info);
std::string describe_plugin_markdown(const ferry_plugin_info& info);

// The same for a table alone (core sections such as <buffer> or <format>).
// JSON: {"any_keys":..,"has_arg":..,"params":[...]}; Markdown starts with a
// "## <title>" heading.
std::string describe_table_text(const ferry_param_table& table);
std::string describe_table_json(const ferry_param_table& table);
std::string describe_table_markdown(const ferry_param_table& table, const std::string& title);

// "input", "filter", "output".
const char* plugin_kind_name(uint32_t kind);

}  // namespace ferry::config
