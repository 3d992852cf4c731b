// Validates a directive or section against a plugin's parameter table, the
// way Fluentd's Config::SectionGenerator and engine.rb check_not_fetched do,
// and builds the typed ferry_config handed to the plugin's create().
#include "config/params.hpp"

#include <algorithm>
#include <set>

#include "config/params_convert.hpp"
#include "config/params_internal.hpp"
#include "config/reserved_keys.hpp"

namespace ferry::config {
namespace {

using detail::ParamValue;
using detail::RawEntry;

std::string header(const Element& e) {
  return e.arg.empty() ? "<" + e.name + ">" : "<" + e.name + " " + e.arg + ">";
}

std::string file_line(const SourceLocation& where) {
  std::string s = where.file.empty() ? std::string("<inline>") : where.file;
  if (where.line > 0) s += ":" + std::to_string(where.line);
  return s;
}

struct Context {
  const LoadOptions& opts;
  Diagnostics& diag;
  std::string plugin_type;         // @type of the directive, for messages
  std::vector<std::string> stack;  // sections below the directive
  bool failed = false;

  // Fluentd's ", in section a > b" suffix for nested required/section errors.
  std::string stack_suffix() const {
    if (stack.empty()) return {};
    std::string s = ", in section ";
    for (size_t i = 0; i < stack.size(); ++i) s += (i ? " > " : "") + stack[i];
    return s;
  }
  void error(const SourceLocation& where, std::string message, std::string text = {}) {
    failed = true;
    diag.error(where, std::move(message), std::move(text));
  }
  void warning(const SourceLocation& where, std::string message, std::string text = {}) {
    diag.warning(where, std::move(message), std::move(text));
  }
  // Unknown keys and sections: Fluentd warns; --strict makes them errors.
  // The messages name the key or section themselves, as Fluentd's do.
  void unused(const SourceLocation& where, std::string message) {
    if (opts.strict)
      error(where, std::move(message));
    else
      warning(where, std::move(message));
  }
};

bool copy_rows(const ferry_param_table& table, ferry_config& cfg) {
  std::optional<std::vector<ferry_param>> rows = read_param_rows(table);
  if (!rows) return false;
  cfg.rows = std::move(*rows);
  for (size_t i = 0; i < cfg.rows.size(); ++i) cfg.by_name.emplace(cfg.rows[i].name, i);
  return true;
}

// Keys as Fluentd's Hash holds them: first position, last value.
std::vector<const Entry*> distinct_in_order(const Element& e) {
  std::vector<std::string> order;
  for (const Entry& entry : e.entries)
    if (std::find(order.begin(), order.end(), entry.key) == order.end()) order.push_back(entry.key);
  std::vector<const Entry*> out;
  for (const auto& key : order) out.push_back(e.find(key));
  return out;
}

const Entry* lookup(const std::vector<const Entry*>& entries, std::string_view key) {
  for (const Entry* e : entries)
    if (e->key == key) return e;
  return nullptr;
}

std::unique_ptr<ferry_config> validate_section(const Element& el, const ferry_param_table& table,
                                               const CoreSections* core, Context& ctx);

// Plain (non-section) row: the user's value, the default, or nil.
void validate_param(const ferry_param& row, ParamValue& v, const std::vector<const Entry*>& entries,
                    std::set<std::string>& used, const Element& el, Context& ctx) {
  const std::string name = row.name;
  const Entry* entry = lookup(entries, name);
  if (!entry && row.alias && (entry = lookup(entries, row.alias))) {
    ctx.warning(entry->where,
                "'" + std::string(row.alias) + "' is deprecated parameter name. use '" + name +
                    "' instead.",
                entry->key);
  }
  if (entry) used.insert(entry->key);
  v.location = file_line(entry ? entry->where : el.where);

  if (entry && (row.flags & FERRY_PARAM_UNSUPPORTED)) {
    ctx.error(entry->where, "parameter '" + name + "' is not supported by Ferry yet",
              entry->key + " " + entry->value);
    entry = nullptr;  // fall back to the default, so the config stays inspectable
  } else if (entry && (row.flags & FERRY_PARAM_DEPRECATED)) {
    ctx.warning(entry->where, "'" + name + "' parameter is deprecated", entry->key);
  }

  auto apply_default = [&]() {
    if (!row.default_value) return;
    std::string error = convert_param(row, row.default_value, v);
    if (!error.empty())
      ctx.error(el.where, "default value of '" + name + "' is invalid (plugin bug): " + error,
                row.default_value);
  };
  const bool nil_default = !row.default_value && !(row.flags & FERRY_PARAM_REQUIRED);

  if (!entry) {
    if (row.default_value)
      apply_default();
    else if ((row.flags & FERRY_PARAM_REQUIRED) && !(row.flags & FERRY_PARAM_UNSUPPORTED))
      ctx.error(el.where, "'" + name + "' parameter is required" + ctx.stack_suffix());
    return;
  }
  if (entry->use_default) {
    if (row.default_value)
      apply_default();
    else if (!nil_default)
      ctx.error(entry->where, "'" + name + "' doesn't have default value", entry->key);
    return;
  }
  if (entry->nil) {
    if (!nil_default)
      ctx.error(entry->where, "'" + name + "' parameter is required but nil is specified",
                entry->key);
    return;
  }
  Conversion c;
  std::string error = convert_param(row, entry->value, v, &c);
  if (!error.empty()) {
    ctx.error(entry->value_where.line ? entry->value_where : entry->where, error, entry->value);
    return;
  }
  if (!v.present) {  // bool text Fluentd reads as nil
    if (!nil_default) {
      ctx.error(entry->where, "'" + name + "' parameter is required but nil is specified",
                entry->key + " " + entry->value);
      return;
    }
  }
  if (!c.warning.empty())
    ctx.warning(entry->where, "parameter '" + name + "': " + c.warning, entry->value);
  v.given = v.present;
}

void validate_section_row(const ferry_param& row, ParamValue& v, const Element& el,
                          std::vector<bool>& child_used, Context& ctx) {
  const std::string name = row.name;
  std::vector<size_t> matches;
  for (size_t i = 0; i < el.children.size(); ++i) {
    const Element& child = el.children[i];
    if (child.name == name || (row.alias && child.name == row.alias)) {
      matches.push_back(i);
      child_used[i] = true;
      if (child.name != name)
        ctx.warning(
            child.where,
            "'<" + child.name + ">' is a deprecated section name. use '<" + name + ">' instead.",
            child.name);
    }
  }
  v.location = file_line(matches.empty() ? el.where : el.children[matches[0]].where);
  if (!matches.empty() && (row.flags & FERRY_PARAM_UNSUPPORTED)) {
    ctx.error(el.children[matches[0]].where, "section <" + name + "> is not supported by Ferry yet",
              header(el.children[matches[0]]));
    return;
  }
  if (matches.empty()) {
    if ((row.flags & FERRY_PARAM_REQUIRED) && !(row.flags & FERRY_PARAM_UNSUPPORTED))
      ctx.error(el.where, "'<" + name + ">' sections are required" + ctx.stack_suffix());
    return;
  }
  if (!(row.flags & FERRY_PARAM_MULTI) && matches.size() > 1) {
    ctx.error(el.children[matches[1]].where,
              "'<" + name + ">' section cannot be written twice or more" + ctx.stack_suffix(),
              header(el.children[matches[1]]));
  }
  if (row.flags & FERRY_PARAM_DEPRECATED)
    ctx.warning(el.children[matches[0]].where, "'<" + name + ">' section is deprecated", name);
  // A section row without a table keeps whatever it holds as text.
  static const ferry_param_table kAnyKeys{sizeof(ferry_param), 0, nullptr, FERRY_TABLE_ANY_KEYS};
  const ferry_param_table& sub = row.section ? *row.section : kAnyKeys;
  ctx.stack.push_back(name);
  for (size_t i : matches)
    v.sections.push_back(validate_section(el.children[i], sub, nullptr, ctx));
  ctx.stack.pop_back();
  v.present = v.given = true;
}

void check_unknown_keys(const Element& el, const ferry_param_table& table,
                        const std::vector<const Entry*>& entries, const std::set<std::string>& used,
                        Context& ctx) {
  if (table.flags & FERRY_TABLE_ANY_KEYS) return;
  // Plugin elements (not FERRY_TABLE_PLAIN_SECTION) own the reserved keys.
  const bool plugin_level = !(table.flags & FERRY_TABLE_PLAIN_SECTION);
  const bool directive = is_directive_level(el.name);
  // After check_structure, these findings are already reported for the
  // whole tree: `@` keys everywhere, legacy `type` on source/match/filter.
  const bool checked = ctx.opts.structure_checked;
  for (const Entry* e : entries) {
    const std::string& key = e->key;
    if (used.count(key)) continue;
    if (plugin_level && is_reserved_key(key)) continue;
    if (plugin_level) {
      const char* reserved = reserved_key_for_legacy(key);
      if (reserved && !lookup(entries, reserved)) {
        const bool reported = checked && key == "type" && is_plugin_directive(el.name);
        if (!reported) ctx.warning(e->where, legacy_key_warning(key, reserved), key);
        continue;
      }
    }
    if (std::optional<KeyFinding> finding = unknown_at_key(key, directive)) {
      if (finding->severity == Severity::Error) {
        if (checked) {
          ctx.failed = true;  // reported by check_structure; still invalid
        } else {
          ctx.error(e->where, finding->message, key);
        }
        continue;
      }
      if (!checked) ctx.warning(e->where, finding->message, key);
    }
    ctx.unused(e->where, "parameter '" + key + "' in " + header(el) + " is not used.");
  }
}

std::unique_ptr<ferry_config> validate_section(const Element& el, const ferry_param_table& table,
                                               const CoreSections* core, Context& ctx) {
  auto cfg = std::make_unique<ferry_config>();
  cfg->table_flags = table.flags;
  cfg->arg = el.arg;
  cfg->location = file_line(el.where);
  if (!copy_rows(table, *cfg)) {
    ctx.error(el.where, "the parameter table for " + header(el) + " is malformed (plugin bug)");
    cfg->rows.clear();
    cfg->by_name.clear();
  }
  if (core) {
    for (const ferry_param_table* flat : core->flat) {
      std::optional<std::vector<ferry_param>> rows = flat ? read_param_rows(*flat) : std::nullopt;
      if (!rows) continue;
      for (const ferry_param& row : *rows) {
        if (cfg->by_name.count(row.name)) continue;  // the plugin's own row wins
        cfg->by_name.emplace(row.name, cfg->rows.size());
        cfg->rows.push_back(row);
      }
    }
  }
  cfg->values.resize(cfg->rows.size());

  const std::vector<const Entry*> entries = distinct_in_order(el);
  for (const Entry* e : entries) {
    std::optional<std::string> value;
    if (!e->nil) value = e->value;
    cfg->entries.push_back(RawEntry{e->key, std::move(value), file_line(e->where)});
  }

  if (!ctx.stack.empty() && !el.arg.empty() && !(table.flags & FERRY_TABLE_HAS_ARG)) {
    ctx.warning(el.where,
                "section " + header(el) + " takes no argument; '" + el.arg + "' is ignored",
                el.arg);
  }

  std::set<std::string> used;
  std::vector<bool> child_used(el.children.size(), false);
  for (size_t i = 0; i < cfg->rows.size(); ++i) {
    const ferry_param& row = cfg->rows[i];
    if (row.type == FERRY_PARAM_SECTION)
      validate_section_row(row, cfg->values[i], el, child_used, ctx);
    else
      validate_param(row, cfg->values[i], entries, used, el, ctx);
  }
  check_unknown_keys(el, table, entries, used, ctx);

  for (size_t i = 0; i < el.children.size(); ++i) {
    if (child_used[i]) continue;
    const Element& child = el.children[i];
    if (core) {
      auto it = core->find(child.name);
      if (it != core->end()) {
        auto& list = cfg->core_sections[child.name];
        if (!list.empty()) {
          ctx.error(
              child.where,
              "'<" + child.name + ">' section cannot be written twice or more" + ctx.stack_suffix(),
              header(child));
          continue;
        }
        if (!it->second) continue;  // the caller validates it (e.g. copy's <store>)
        ctx.stack.push_back(child.name);
        list.push_back(validate_section(child, *it->second, nullptr, ctx));
        ctx.stack.pop_back();
        continue;
      }
    }
    std::string where_text = header(el);
    if (!ctx.plugin_type.empty()) where_text += " of " + ctx.plugin_type + " plugin";
    ctx.unused(child.where, "section <" + child.name + "> is not used in " + where_text);
  }
  return cfg;
}

}  // namespace

void ConfigDeleter::operator()(ferry_config* c) const {
  delete c;
}

ConfigPtr validate_params(const Element& element, const ferry_param_table& table,
                          const CoreSections& core_sections, const LoadOptions& opts,
                          Diagnostics& diag) {
  Context ctx{opts, diag, {}, {}, false};
  ctx.plugin_type = reserved_value(element, "@type").value_or("");
  std::unique_ptr<ferry_config> cfg = validate_section(element, table, &core_sections, ctx);
  if (ctx.failed) return nullptr;
  return ConfigPtr(cfg.release());
}

}  // namespace ferry::config
