// Text, JSON and Markdown renderings of parameter tables; the table is the
// one source for validation, describe and docs.
#include "config/param_docs.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "config/params_convert.hpp"
#include "text/json_string.hpp"

namespace ferry::config {
namespace {

constexpr const char* kMask = "xxxxxx";
// Sections nest a few levels in practice; this only stops a table that
// (by mistake) contains itself.
constexpr int kMaxDepth = 16;

std::string number(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  // Prefer the short form when it reads back the same.
  char shorter[64];
  std::snprintf(shorter, sizeof shorter, "%g", d);
  return std::strtod(shorter, nullptr) == d ? shorter : buf;
}

std::string shown_default(const ferry_param& row) {
  if (!row.default_value) return {};
  return (row.flags & FERRY_PARAM_SECRET) ? kMask : row.default_value;
}

std::vector<std::string> enum_values(const ferry_param& row) {
  std::vector<std::string> out;
  if (row.type == FERRY_PARAM_ENUM && row.enum_values)
    for (const char* const* e = row.enum_values; *e; ++e) out.emplace_back(*e);
  return out;
}

std::vector<std::string> flag_names(const ferry_param& row) {
  std::vector<std::string> out;
  if (row.flags & FERRY_PARAM_REQUIRED) out.emplace_back("required");
  if (row.flags & FERRY_PARAM_MULTI) out.emplace_back("multi");
  if (row.flags & FERRY_PARAM_SECRET) out.emplace_back("secret");
  if (row.flags & FERRY_PARAM_DEPRECATED) out.emplace_back("deprecated");
  if (row.flags & FERRY_PARAM_UNSUPPORTED) out.emplace_back("unsupported");
  return out;
}

std::vector<std::string> capability_names(uint64_t caps) {
  static constexpr std::pair<uint64_t, const char*> kCaps[] = {
      {FERRY_CAP_FORMAT, "format"},     {FERRY_CAP_INJECT, "inject"},
      {FERRY_CAP_BUFFERED, "buffered"}, {FERRY_CAP_EMITS, "emits"},
      {FERRY_CAP_CHILDREN, "children"}, {FERRY_CAP_PARSE, "parse"},
      {FERRY_CAP_EXTRACT, "extract"}};
  std::vector<std::string> out;
  for (const auto& [bit, name] : kCaps)
    if (caps & bit) out.emplace_back(name);
  return out;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

// Fields of ferry_plugin_info exist only when the plugin's struct_size
// covers them (an older plugin has a shorter struct).
template <typename T>
const T* field(const ferry_plugin_info& info, const T& member) {
  size_t end =
      reinterpret_cast<const char*>(&member) - reinterpret_cast<const char*>(&info) + sizeof(T);
  return info.struct_size >= end ? &member : nullptr;
}

const char* text_or_empty(const char* s) {
  return s ? s : "";
}

// ------------------------------------------------------------------ text

void text_table(const ferry_param_table& table, int indent, int depth, std::string& out) {
  std::string pad(indent, ' ');
  if (table.flags & FERRY_TABLE_ANY_KEYS) out += pad + "(any key is accepted and kept as text)\n";
  auto rows = read_param_rows(table);
  if (!rows) {
    out += pad + "(malformed parameter table)\n";
    return;
  }
  for (const ferry_param& row : *rows) {
    std::vector<std::string> facts;
    if (row.type == FERRY_PARAM_SECTION) {
      const ferry_param_table* sub = row.section;
      facts.emplace_back("section");
      if (row.flags & FERRY_PARAM_MULTI) facts.emplace_back("multiple");
      if (sub && (sub->flags & FERRY_TABLE_HAS_ARG)) facts.emplace_back("takes an argument");
    } else {
      std::vector<std::string> values = enum_values(row);
      facts.emplace_back(values.empty() ? param_type_name(row.type)
                                        : std::string("enum: ") + join(values, "|"));
    }
    if (row.flags & FERRY_PARAM_REQUIRED) facts.emplace_back("required");
    if (row.default_value) facts.emplace_back("default: " + shown_default(row));
    if (row.flags & FERRY_PARAM_HAS_MIN) facts.emplace_back("min: " + number(row.min_value));
    if (row.flags & FERRY_PARAM_HAS_MAX) facts.emplace_back("max: " + number(row.max_value));
    if (row.flags & FERRY_PARAM_SECRET) facts.emplace_back("secret");
    if (row.flags & FERRY_PARAM_DEPRECATED) facts.emplace_back("deprecated");
    if (row.flags & FERRY_PARAM_UNSUPPORTED) facts.emplace_back("not supported by Ferry yet");
    if (row.alias) facts.emplace_back(std::string("alias: ") + row.alias);
    std::string name =
        row.type == FERRY_PARAM_SECTION ? "<" + std::string(row.name) + ">" : row.name;
    out += pad + name + " (" + join(facts, ", ") + ")\n";
    if (row.description && *row.description) out += pad + "    " + row.description + "\n";
    if (row.type == FERRY_PARAM_SECTION && row.section) {
      if (depth >= kMaxDepth)
        out += pad + "    ...\n";
      else
        text_table(*row.section, indent + 4, depth + 1, out);
    }
  }
}

// ------------------------------------------------------------------ json

void json_table_body(const ferry_param_table& table, int depth, std::string& out);

void json_row(const ferry_param& row, int depth, std::string& out) {
  out += "{\"name\":";
  text::append_json_string(out, row.name);
  out += ",\"type\":";
  text::append_json_string(out, param_type_name(row.type));
  out += ",\"required\":";
  out += (row.flags & FERRY_PARAM_REQUIRED) ? "true" : "false";
  out += ",\"default\":";
  if (row.default_value)
    text::append_json_string(out, shown_default(row));
  else
    out += "null";
  out += ",\"description\":";
  text::append_json_string(out, text_or_empty(row.description));
  out += ",\"flags\":[";
  std::vector<std::string> flags = flag_names(row);
  for (size_t i = 0; i < flags.size(); ++i) {
    if (i) out += ',';
    text::append_json_string(out, flags[i]);
  }
  out += ']';
  if (row.type == FERRY_PARAM_ENUM) {
    out += ",\"enum\":[";
    std::vector<std::string> values = enum_values(row);
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out += ',';
      text::append_json_string(out, values[i]);
    }
    out += ']';
  }
  if (row.alias) {
    out += ",\"alias\":";
    text::append_json_string(out, row.alias);
  }
  if ((row.flags & FERRY_PARAM_HAS_MIN) && std::isfinite(row.min_value))
    out += ",\"min\":" + number(row.min_value);
  if ((row.flags & FERRY_PARAM_HAS_MAX) && std::isfinite(row.max_value))
    out += ",\"max\":" + number(row.max_value);
  if (row.type == FERRY_PARAM_SECTION) {
    out += ",\"section\":";
    if (row.section && depth < kMaxDepth) {
      out += "{\"multi\":";
      out += (row.flags & FERRY_PARAM_MULTI) ? "true" : "false";
      out += ',';
      json_table_body(*row.section, depth + 1, out);
      out += '}';
    } else {
      out += "null";
    }
  }
  out += '}';
}

// "has_arg":..,"any_keys":..,"params":[...]  (no braces)
void json_table_body(const ferry_param_table& table, int depth, std::string& out) {
  out += "\"has_arg\":";
  out += (table.flags & FERRY_TABLE_HAS_ARG) ? "true" : "false";
  out += ",\"any_keys\":";
  out += (table.flags & FERRY_TABLE_ANY_KEYS) ? "true" : "false";
  out += ",\"params\":[";
  if (auto rows = read_param_rows(table)) {
    for (size_t i = 0; i < rows->size(); ++i) {
      if (i) out += ',';
      json_row((*rows)[i], depth, out);
    }
  }
  out += ']';
}

// -------------------------------------------------------------- markdown

std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

void md_table(const ferry_param_table& table, const std::string& title, int level, int depth,
              std::string& out) {
  out += std::string(level, '#') + " " + title + "\n\n";
  if (table.flags & FERRY_TABLE_HAS_ARG) out += "Takes an argument.\n\n";
  if (table.flags & FERRY_TABLE_ANY_KEYS) out += "Any key is accepted and kept as text.\n\n";
  auto rows = read_param_rows(table);
  if (!rows) {
    out += "(malformed parameter table)\n\n";
    return;
  }
  std::vector<const ferry_param*> sections;
  bool any_param = false;
  for (const ferry_param& row : *rows) {
    if (row.type == FERRY_PARAM_SECTION) {
      sections.push_back(&row);
      continue;
    }
    if (!any_param) {
      out += "| Parameter | Type | Default | Required | Description |\n";
      out += "|---|---|---|---|---|\n";
      any_param = true;
    }
    std::string type = param_type_name(row.type);
    std::vector<std::string> values = enum_values(row);
    if (!values.empty()) type += " (" + join(values, ", ") + ")";
    std::string notes = text_or_empty(row.description);
    std::vector<std::string> extra;
    if (row.flags & FERRY_PARAM_HAS_MIN) extra.push_back("min " + number(row.min_value));
    if (row.flags & FERRY_PARAM_HAS_MAX) extra.push_back("max " + number(row.max_value));
    if (row.alias) extra.push_back(std::string("alias `") + row.alias + "`");
    if (row.flags & FERRY_PARAM_SECRET) extra.emplace_back("secret");
    if (row.flags & FERRY_PARAM_DEPRECATED) extra.emplace_back("deprecated");
    if (row.flags & FERRY_PARAM_UNSUPPORTED) extra.emplace_back("**not supported by Ferry yet**");
    if (!extra.empty())
      notes += (notes.empty() ? "" : " ") + std::string("(") + join(extra, "; ") + ")";
    std::string def = row.default_value ? "`" + shown_default(row) + "`" : "";
    out += "| `" + md_cell(row.name) + "` | " + md_cell(type) + " | " + md_cell(def) + " | " +
           ((row.flags & FERRY_PARAM_REQUIRED) ? "yes" : "no") + " | " + md_cell(notes) + " |\n";
  }
  if (any_param) out += "\n";
  for (const ferry_param* row : sections) {
    std::string title_text = "`<" + std::string(row->name) + ">` section";
    std::vector<std::string> facts;
    if (row->flags & FERRY_PARAM_MULTI) facts.emplace_back("may appear several times");
    if (row->flags & FERRY_PARAM_REQUIRED) facts.emplace_back("required");
    if (row->flags & FERRY_PARAM_UNSUPPORTED) facts.emplace_back("not supported by Ferry yet");
    if (!facts.empty()) title_text += " (" + join(facts, ", ") + ")";
    if (row->section && depth < kMaxDepth) {
      md_table(*row->section, title_text, std::min(level + 1, 6), depth + 1, out);
    } else {
      out += std::string(std::min(level + 1, 6), '#') + " " + title_text + "\n\n";
    }
    if (row->description && *row->description) out += std::string(row->description) + "\n\n";
  }
}

const ferry_param_table* params_of(const ferry_plugin_info& info) {
  const ferry_param_table* const* p = field(info, info.params);
  return p ? *p : nullptr;
}

uint64_t capabilities_of(const ferry_plugin_info& info) {
  const uint64_t* c = field(info, info.capabilities);
  return c ? *c : 0;
}

}  // namespace

const char* plugin_kind_name(uint32_t kind) {
  switch (kind) {
    case FERRY_KIND_INPUT:
      return "input";
    case FERRY_KIND_FILTER:
      return "filter";
    case FERRY_KIND_OUTPUT:
      return "output";
    default:
      return "unknown";
  }
}

std::string describe_table_text(const ferry_param_table& table) {
  std::string out;
  text_table(table, 2, 0, out);
  return out;
}

std::string describe_table_json(const ferry_param_table& table) {
  std::string out = "{";
  json_table_body(table, 0, out);
  out += '}';
  return out;
}

std::string describe_table_markdown(const ferry_param_table& table, const std::string& title) {
  std::string out;
  md_table(table, title, 2, 0, out);
  return out;
}

std::string describe_plugin_text(const ferry_plugin_info& info) {
  std::string out = std::string(text_or_empty(info.type_name)) + " (" +
                    plugin_kind_name(info.kind) + ") " + text_or_empty(info.version);
  if (info.status && *info.status) out += " [" + std::string(info.status) + "]";
  out += "\n";
  if (info.description && *info.description) out += std::string(info.description) + "\n";
  std::vector<std::string> caps = capability_names(capabilities_of(info));
  if (!caps.empty()) out += "capabilities: " + join(caps, ", ") + "\n";
  out += "\nparameters:\n";
  const ferry_param_table* params = params_of(info);
  if (!params || (params->count == 0 && !(params->flags & FERRY_TABLE_ANY_KEYS)))
    out += "  (none)\n";
  else
    text_table(*params, 2, 0, out);
  return out;
}

std::string describe_plugin_json(const ferry_plugin_info& info) {
  std::string out = "{\"name\":";
  text::append_json_string(out, text_or_empty(info.type_name));
  out += ",\"kind\":";
  text::append_json_string(out, plugin_kind_name(info.kind));
  out += ",\"version\":";
  text::append_json_string(out, text_or_empty(info.version));
  out += ",\"status\":";
  text::append_json_string(out, text_or_empty(info.status));
  out += ",\"description\":";
  text::append_json_string(out, text_or_empty(info.description));
  out += ",\"abi\":";
  text::append_json_string(out,
                           std::to_string(info.abi_major) + "." + std::to_string(info.abi_minor));
  out += ",\"capabilities\":[";
  std::vector<std::string> caps = capability_names(capabilities_of(info));
  for (size_t i = 0; i < caps.size(); ++i) {
    if (i) out += ',';
    text::append_json_string(out, caps[i]);
  }
  out += "],";
  static const ferry_param_table kEmpty{sizeof(ferry_param), 0, nullptr, 0};
  const ferry_param_table* params = params_of(info);
  json_table_body(params ? *params : kEmpty, 0, out);
  out += '}';
  return out;
}

std::string describe_plugin_markdown(const ferry_plugin_info& info) {
  std::string name = text_or_empty(info.type_name);
  std::string out = "# " + name + " (" + plugin_kind_name(info.kind) + ")\n\n";
  if (info.description && *info.description) out += std::string(info.description) + "\n\n";
  out += "Version " + std::string(text_or_empty(info.version));
  if (info.status && *info.status) out += ", status " + std::string(info.status);
  out += ".";
  std::vector<std::string> caps = capability_names(capabilities_of(info));
  if (!caps.empty()) out += " Capabilities: " + join(caps, ", ") + ".";
  out += "\n\n";
  const ferry_param_table* params = params_of(info);
  if (!params || (params->count == 0 && !(params->flags & FERRY_TABLE_ANY_KEYS))) {
    out += "## Parameters\n\nNone besides `@type`, `@id`, `@label` and `@log_level`.\n";
    return out;
  }
  md_table(*params, "Parameters", 2, 0, out);
  return out;
}

}  // namespace ferry::config
