// The config_* members of ferry_host_api: read-only lookups into a validated
// ferry_config, called by plugins during create().
//
// Lookup rules (also the plugin-facing contract):
// - `name` is a parameter name of the table the config belongs to. A name
//   not in the table returns 0 / NULL (config_is_set 0), except in
//   FERRY_TABLE_ANY_KEYS sections, where config_is_set/config_string/
//   config_location fall back to the raw entries written there.
// - Values already hold defaults; nil (unset, no default) reads as 0 / NULL.
// - Numeric getters convert between numeric types: config_int of a TIME is
//   the whole seconds, config_float of an INTEGER/SIZE is widened.
// - Section names (SECTION rows and core sections such as "buffer") work
//   with config_is_set, config_section_count, config_section and
//   config_location.
#include <cstring>

#include "config/params.hpp"
#include "config/params_internal.hpp"

namespace ferry::config {
namespace {

using detail::ParamValue;

const char* out_text(const std::string& s, size_t* len) {
  if (len) *len = s.size();
  return s.c_str();
}

const char* null_text(size_t* len) {
  if (len) *len = 0;
  return nullptr;
}

const ParamValue* find(const ferry_config* cfg, const char* name) {
  if (!cfg || !name) return nullptr;
  return cfg->value(name);
}

const ferry::config::detail::RawEntry* raw_entry(const ferry_config* cfg, const char* name) {
  if (!cfg || !name || !(cfg->table_flags & FERRY_TABLE_ANY_KEYS)) return nullptr;
  const ferry::config::detail::RawEntry* found = nullptr;
  for (const auto& e : cfg->entries)
    if (e.key == name) found = &e;
  return found;
}

const std::vector<std::unique_ptr<ferry_config>>* sections(const ferry_config* cfg,
                                                           const char* name) {
  if (!cfg || !name) return nullptr;
  if (const ferry_param* row = cfg->row(name); row && row->type == FERRY_PARAM_SECTION)
    return &cfg->value(name)->sections;
  auto it = cfg->core_sections.find(std::string_view(name));
  return it == cfg->core_sections.end() ? nullptr : &it->second;
}

int config_is_set(const ferry_config* cfg, const char* name) {
  if (const ParamValue* v = find(cfg, name)) return v->given ? 1 : 0;
  if (const auto* s = sections(cfg, name)) return s->empty() ? 0 : 1;
  if (const auto* e = raw_entry(cfg, name)) return e->value ? 1 : 0;
  return 0;
}

const char* config_string(const ferry_config* cfg, const char* name, size_t* len) {
  if (const ParamValue* v = find(cfg, name)) {
    if (!v->present || cfg->row(name)->type == FERRY_PARAM_SECTION) return null_text(len);
    return out_text(v->text, len);
  }
  if (const auto* e = raw_entry(cfg, name); e && e->value) return out_text(*e->value, len);
  return null_text(len);
}

int64_t config_int(const ferry_config* cfg, const char* name) {
  const ParamValue* v = find(cfg, name);
  if (!v || !v->present) return 0;
  return cfg->row(name)->type == FERRY_PARAM_BOOL ? (v->boolean ? 1 : 0) : v->integer;
}

double config_float(const ferry_config* cfg, const char* name) {
  const ParamValue* v = find(cfg, name);
  return v && v->present ? v->number : 0.0;
}

int config_bool(const ferry_config* cfg, const char* name) {
  const ParamValue* v = find(cfg, name);
  return v && v->present && v->boolean ? 1 : 0;
}

size_t config_array_size(const ferry_config* cfg, const char* name) {
  const ParamValue* v = find(cfg, name);
  return v && v->present ? v->items.size() : 0;
}

const char* config_array_item(const ferry_config* cfg, const char* name, size_t index,
                              size_t* len) {
  const ParamValue* v = find(cfg, name);
  if (!v || !v->present || index >= v->items.size()) return null_text(len);
  return out_text(v->items[index], len);
}

size_t config_hash_size(const ferry_config* cfg, const char* name) {
  const ParamValue* v = find(cfg, name);
  return v && v->present ? v->pairs.size() : 0;
}

const char* config_hash_key(const ferry_config* cfg, const char* name, size_t index, size_t* len) {
  const ParamValue* v = find(cfg, name);
  if (!v || !v->present || index >= v->pairs.size()) return null_text(len);
  return out_text(v->pairs[index].first, len);
}

const char* config_hash_value(const ferry_config* cfg, const char* name, size_t index,
                              size_t* len) {
  const ParamValue* v = find(cfg, name);
  if (!v || !v->present || index >= v->pairs.size()) return null_text(len);
  return out_text(v->pairs[index].second, len);
}

size_t config_section_count(const ferry_config* cfg, const char* name) {
  const auto* s = sections(cfg, name);
  return s ? s->size() : 0;
}

const ferry_config* config_section(const ferry_config* cfg, const char* name, size_t index) {
  const auto* s = sections(cfg, name);
  return s && index < s->size() ? (*s)[index].get() : nullptr;
}

const char* config_section_arg(const ferry_config* cfg, size_t* len) {
  if (!cfg) return null_text(len);
  return out_text(cfg->arg, len);
}

size_t config_entry_count(const ferry_config* cfg) {
  return cfg ? cfg->entries.size() : 0;
}

const char* config_entry_key(const ferry_config* cfg, size_t index, size_t* len) {
  if (!cfg || index >= cfg->entries.size()) return null_text(len);
  return out_text(cfg->entries[index].key, len);
}

const char* config_entry_value(const ferry_config* cfg, size_t index, size_t* len) {
  if (!cfg || index >= cfg->entries.size() || !cfg->entries[index].value) return null_text(len);
  return out_text(*cfg->entries[index].value, len);
}

const char* config_location(const ferry_config* cfg, const char* name) {
  if (!cfg) return nullptr;
  if (!name) return cfg->location.c_str();
  if (const ParamValue* v = find(cfg, name)) return v->location.c_str();
  if (const auto* s = sections(cfg, name); s && !s->empty()) return (*s)[0]->location.c_str();
  if (const auto* e = raw_entry(cfg, name)) return e->location.c_str();
  return nullptr;
}

}  // namespace

void fill_config_api(ferry_host_api& api) {
  api.config_is_set = &config_is_set;
  api.config_string = &config_string;
  api.config_int = &config_int;
  api.config_float = &config_float;
  api.config_bool = &config_bool;
  api.config_array_size = &config_array_size;
  api.config_array_item = &config_array_item;
  api.config_hash_size = &config_hash_size;
  api.config_hash_key = &config_hash_key;
  api.config_hash_value = &config_hash_value;
  api.config_section_count = &config_section_count;
  api.config_section = &config_section;
  api.config_section_arg = &config_section_arg;
  api.config_entry_count = &config_entry_count;
  api.config_entry_key = &config_entry_key;
  api.config_entry_value = &config_entry_value;
  api.config_location = &config_location;
}

}  // namespace ferry::config
