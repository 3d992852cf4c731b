#include "app/pipeline.hpp"

#include <chrono>

#include "app/buffered_stage.hpp"
#include "app/core_sections.hpp"
#include "config/params.hpp"
#include "config/reserved_keys.hpp"
#include "host/host_api.hpp"
#include "host/plugin_search.hpp"
#include "router/build_routes.hpp"
#include "telemetry/log.hpp"

namespace ferry::app {

// One configured plugin directive and what the engine keeps for it.
struct Pipeline::Node {
  const config::Element* element = nullptr;
  ferry_kind kind = FERRY_KIND_INPUT;
  std::unique_ptr<host::Instance> instance;
  // The label its emits go to (@label, else its scope); resolved to a
  // ScopeId once the route table exists.
  std::string emit_label;
  router::ScopeId emit_scope = router::kRootScope;
  router::ScopeId scope = router::kRootScope;  // the label it lives in
  std::unique_ptr<RouterTarget> target;
  std::vector<std::unique_ptr<RouterTarget>> child_targets;  // copy's <store>s
  std::unique_ptr<host::FilterStageAdapter> filter_stage;
  std::unique_ptr<host::OutputStageAdapter> output_stage;
  // Buffered outputs: the <secondary> and the stage that replaces
  // output_stage.
  std::unique_ptr<host::Instance> secondary;
  std::unique_ptr<host::BufferedOutput> buffered;
  std::vector<std::unique_ptr<host::BufferedOutput>> child_buffered;  // buffered <store>s
};

// An instance's emits, into the router at the scope it was bound to.
class Pipeline::RouterTarget : public host::EmitTarget {
 public:
  RouterTarget(router::Router& router, router::ScopeId scope) : router_(router), scope_(scope) {}
  ferry_status emit(std::string_view tag, const EventBatch& batch) override {
    return router_.emit(scope_, tag, batch);
  }
  void emit_error(std::string_view tag, std::string_view event, std::string_view reason,
                  std::string_view error_class) override {
    router_.emit_error(tag, event, reason, error_class);
  }

 private:
  router::Router& router_;
  router::ScopeId scope_;
};

namespace {

constexpr std::string_view kRootLabel = "@ROOT";

// What building one directive needs from the pipeline being built.
struct BuildContext {
  host::PluginRegistry& registry;
  runtime::Runtime& runtime;
  const PipelineOptions& opts;
  config::Diagnostics& diag;
  // File buffer chunk patterns in use, to refuse two outputs sharing one.
  std::map<std::string, std::string> buffer_paths{};
};

config::SourceLocation type_location(const config::Element& el) {
  const config::Entry* t = config::find_reserved(el, "@type");
  return t ? t->where : el.where;
}

// @type, or the legacy `type` Fluentd still reads (with a warning).
std::string plugin_type(const config::Element& el) {
  return config::reserved_value(el, "@type").value_or("");
}

// @log_level (legacy log_level) as a level number, -1 when not given.
int plugin_log_level(const config::Element& el, config::Diagnostics& diag) {
  const config::Entry* e = config::find_reserved(el, "@log_level");
  if (!e || e->nil) return -1;
  log::Level level;
  if (!log::parse_level(e->value, level)) {
    diag.error(e->value_where,
               "invalid log level '" + e->value +
                   "': valid levels are trace, debug, info, warn, error, fatal",
               e->value);
    return -1;
  }
  return int(level);
}

// A <secondary> is built as an output of the primary's type unless it names
// its own, with the primary's buffer options (its chunk keys decide the
// placeholders), never buffered itself.
struct SecondaryOf {
  const host::Instance& primary;
};

// Loads, validates and creates the plugin of one directive (and, for an
// output with FERRY_CAP_CHILDREN, its <store>s first; for a buffered
// output, its <secondary> into *secondary). nullptr on error, reported to
// diag.
std::unique_ptr<host::Instance> make_instance(const config::Element& el, ferry_kind kind,
                                              BuildContext& ctx,
                                              std::unique_ptr<host::Instance>* secondary = nullptr,
                                              const SecondaryOf* as_secondary = nullptr) {
  std::string type = plugin_type(el);
  if (type.empty() && as_secondary) type = as_secondary->primary.info().type_name;
  if (type.empty()) return nullptr;  // "Missing '@type'" comes from the structure check
  host::ModuleResult loaded = ctx.registry.load(kind, type);
  if (!loaded.module) {
    ctx.diag.error(type_location(el), loaded.error, type);
    return nullptr;
  }
  const ferry_plugin_info& info = loaded.module->info;
  if (!as_secondary && kind == FERRY_KIND_OUTPUT && secondary_only(info)) {
    ctx.diag.error(type_location(el),
                   "This plugin can only be used in the <secondary> section (put '" + type +
                       "' into the <secondary> of a buffered output)",
                   type);
    return nullptr;
  }
  config::ConfigPtr cfg = config::validate_params(
      el, *info.params, core_sections_for(info.capabilities), ctx.opts.load, ctx.diag);
  int level = plugin_log_level(el, ctx.diag);

  host::InstanceOptions io;
  io.api = &host::host_api();
  io.loop = &ctx.runtime.loop(ctx.runtime.next_loop());
  io.id = config::reserved_value(el, "@id").value_or("");
  io.log_level = level;
  auto instance = std::make_unique<host::Instance>(loaded.module, std::move(io));

  bool children_ok = true;
  if (info.capabilities & FERRY_CAP_CHILDREN) {
    for (const auto& child : el.children) {
      if (child.name != "store") continue;
      auto store = make_instance(child, FERRY_KIND_OUTPUT, ctx);
      if (!store) {
        children_ok = false;
        continue;
      }
      instance->add_child(std::move(store), child.arg);
    }
  }
  if (!cfg || !children_ok) return nullptr;
  const bool buffered_cap = kind == FERRY_KIND_OUTPUT && (info.capabilities & FERRY_CAP_BUFFERED);
  if (as_secondary) {
    if (!buffered_cap) {
      ctx.diag.error(type_location(el),
                     "Failed to setup secondary plugin in '" +
                         std::string(as_secondary->primary.info().type_name) + "'. '" + type +
                         "' plugin in not allowed due to non buffered output",
                     type);
      return nullptr;
    }
    instance->set_buffer_options(
        std::make_shared<const buffer::BufferOptions>(*as_secondary->primary.buffer_options()));
  } else if (buffered_cap) {
    if (!configure_buffering(el, cfg.get(), *instance, ctx.opts.root_dir, ctx.buffer_paths,
                             ctx.diag))
      return nullptr;
    if (const config::Element* sec = secondary_element(el, *instance, ctx.diag)) {
      if (!secondary) {
        ctx.diag.error(sec->where,
                       "<secondary> inside <" + el.name +
                           "> is not supported yet: give this output its own <match> (reached "
                           "through relabel) to use a <secondary>",
                       "<secondary>");
        return nullptr;
      }
      SecondaryOf of{*instance};
      *secondary = make_instance(*sec, FERRY_KIND_OUTPUT, ctx, nullptr, &of);
      if (!*secondary) return nullptr;
    }
  }
  std::string error;
  if (!instance->create(cfg.get(), error)) {
    ctx.diag.error(el.where, error, "<" + el.name + (el.arg.empty() ? "" : " " + el.arg) + ">");
    return nullptr;
  }
  return instance;
}

// Appends the items of `extra` that `diag` does not already have at the
// same place with the same severity.
void append_new(config::Diagnostics& diag, const config::Diagnostics& extra) {
  config::Diagnostics fresh;
  for (const auto& d : extra.items()) {
    bool seen = false;
    for (const auto& have : diag.items()) {
      seen = seen || (have.severity == d.severity && have.where.file == d.where.file &&
                      have.where.line == d.where.line && have.where.column == d.where.column);
    }
    if (seen) continue;
    if (d.severity == config::Severity::Error) {
      fresh.error(d.where, d.message, d.text);
    } else {
      fresh.warning(d.where, d.message, d.text);
    }
  }
  diag.append(fresh);
}

// The tag every event of a source carries, when there is one: its `tag`
// parameter (or the plugin's default for it). Not for inputs that build
// tags at run time: syslog appends facility and priority, tail expands `*`
// from the path, exec with tag_key takes it from the record.
std::optional<std::string> static_tag(const config::Element& source,
                                      const ferry_plugin_info* info) {
  std::string type = plugin_type(source);
  std::optional<std::string> tag = source.get("tag");
  if (!tag && info && info->params) {
    for (uint32_t i = 0; i < info->params->count; ++i) {
      const ferry_param& row = info->params->rows[i];
      if (row.name && std::string_view(row.name) == "tag" && row.default_value)
        tag = row.default_value;
    }
  }
  if (!tag) return std::nullopt;
  if (type == "syslog") return std::nullopt;
  if (type == "tail" && tag->find('*') != std::string::npos) return std::nullopt;
  if (type == "exec" && source.get("tag_key")) return std::nullopt;
  return tag;
}

}  // namespace

std::unique_ptr<Pipeline> Pipeline::build(config::Element root, host::PluginRegistry& registry,
                                          runtime::Runtime& runtime, const PipelineOptions& opts,
                                          config::Diagnostics& diag) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  p->root_ = std::move(root);
  p->root_dir_ = opts.root_dir;
  BuildContext ctx{registry, runtime, opts, diag};
  size_t errors_before = diag.error_count();

  // Sources are not routing rules: made here, in file order.
  for (const auto& el : p->root_.children) {
    if (el.name != "source" || opts.without_source) continue;
    auto node = std::make_unique<Node>();
    node->element = &el;
    node->kind = FERRY_KIND_INPUT;
    node->emit_label = el.get("@label").value_or(std::string(kRootLabel));
    node->instance = make_instance(el, FERRY_KIND_INPUT, ctx);
    p->by_element_[&el] = node.get();
    p->nodes_.push_back(std::move(node));
  }

  // <filter>/<match> are made as the route builder meets them, each rule
  // bound to the stage of its instance; their emits go where the builder
  // says (@label, else the enclosing label).
  class Factory : public router::StageFactory {
   public:
    Factory(Pipeline& p, BuildContext& ctx) : p_(p), ctx_(ctx) {}
    router::FilterStage* filter_for(const config::Element& el,
                                    const router::StageScope& where) override {
      Node* n = make(el, FERRY_KIND_FILTER, where);
      if (!n) return nullptr;
      n->filter_stage = std::make_unique<host::FilterStageAdapter>(*n->instance);
      return n->filter_stage.get();
    }
    router::OutputStage* output_for(const config::Element& el,
                                    const router::StageScope& where) override {
      Node* n = make(el, FERRY_KIND_OUTPUT, where);
      if (!n) return nullptr;
      if (n->instance->buffer_options()) {
        n->buffered =
            make_buffered_output(el, *n->instance, n->secondary.get(),
                                 p_.dead_letter_route(where.scope), ctx_.opts.root_dir, ctx_.diag);
        return n->buffered.get();
      }
      n->output_stage = std::make_unique<host::OutputStageAdapter>(*n->instance);
      return n->output_stage.get();
    }

   private:
    Node* make(const config::Element& el, ferry_kind kind, const router::StageScope& where) {
      auto node = std::make_unique<Node>();
      node->element = &el;
      node->kind = kind;
      node->emit_scope = where.emits_to;
      node->scope = where.scope;
      node->instance = make_instance(el, kind, ctx_, &node->secondary);
      Node* raw = node->instance ? node.get() : nullptr;
      p_.by_element_[&el] = node.get();
      p_.nodes_.push_back(std::move(node));
      return raw;
    }
    Pipeline& p_;
    BuildContext& ctx_;
  } factory(*p, ctx);
  // The structure check already reported label and @type problems; the
  // route builder finds some of them again at the same place.
  config::Diagnostics route_diag;
  router::RouteTable table = router::build_routes(p->root_, factory, route_diag);
  append_new(diag, route_diag);

  bool complete = true;
  for (auto& n : p->nodes_) complete = complete && n->instance != nullptr;
  if (diag.error_count() > errors_before || !complete) {
    p->table_ = std::move(table);
    return p;
  }
  for (auto& n : p->nodes_) {
    if (n->kind != FERRY_KIND_INPUT) continue;
    auto scope = table.find_label(n->emit_label);
    n->emit_scope = scope ? *scope : router::kRootScope;
  }
  p->router_ = std::make_unique<router::Router>(std::move(table));
  for (auto& n : p->nodes_) {
    n->target = std::make_unique<RouterTarget>(*p->router_, n->emit_scope);
    n->instance->set_emit_target(n->target.get());
    if (n->secondary) n->secondary->set_emit_target(n->target.get());
    p->bind_children(*n, *n->instance, *n->element, n->scope, diag);
  }
  return p;
}

// Chunks a buffered output gives up on go to <label @ERROR> when the config
// has one, unless the output lives in it (they would come back).
host::DeadLetterRoute Pipeline::dead_letter_route(router::ScopeId scope) {
  host::DeadLetterRoute route;
  route.to_error_label = [this, scope](std::string_view tag, const EventBatch& events,
                                       std::string_view error) {
    router::Router* r = router_.get();
    if (!r) return false;
    std::optional<router::ScopeId> error_scope = r->table().error_scope();
    if (!error_scope || *error_scope == scope) return false;
    // Not taken unless OK: a full buffer in @ERROR pushes back (RETRY); the
    // chunk then goes to the backup dir.
    return r->emit_error_batch(tag, events, error, "Ferry::OutputError") == FERRY_OK;
  };
  return route;
}

void Pipeline::bind_children(Node& node, host::Instance& parent, const config::Element& el,
                             router::ScopeId scope, config::Diagnostics& diag) {
  // make_instance added one child per <store>, in order, or failed.
  size_t index = 0;
  for (const auto& child : el.children) {
    if (child.name != "store" || index >= parent.child_count()) continue;
    host::Instance& store = parent.child(index++);
    // A store re-emits (relabel) to its own @label, else into the label
    // the copy lives in.
    router::ScopeId target = scope;
    if (auto label = child.get("@label")) {
      if (auto id = router_->table().find_label(*label)) target = *id;
    }
    node.child_targets.push_back(std::make_unique<RouterTarget>(*router_, target));
    store.set_emit_target(node.child_targets.back().get());
    // A buffered <store> gets its own buffer; copy writes into it.
    if (store.buffer_options()) {
      auto stage =
          make_buffered_output(child, store, nullptr, dead_letter_route(scope), root_dir_, diag);
      if (stage) {
        parent.set_child_stage(index - 1, stage.get());
        node.child_buffered.push_back(std::move(stage));
      }
    }
    bind_children(node, store, child, scope, diag);
  }
}

std::vector<router::SourceRoute> Pipeline::source_routes() const {
  std::vector<router::SourceRoute> routes = router::sources_from_table(this->routes());
  const auto& entries = this->routes().sources();
  for (size_t i = 0; i < routes.size() && i < entries.size(); ++i) {
    const config::Element* el = nullptr;
    for (const auto& child : root_.children) {
      if (child.name == "source" && child.where.file == entries[i].where.file &&
          child.where.line == entries[i].where.line) {
        el = &child;
      }
    }
    const Node* node = nullptr;
    if (auto it = by_element_.find(el); it != by_element_.end()) node = it->second;
    routes[i].tag = el ? static_tag(*el, node && node->instance ? &node->instance->info() : nullptr)
                       : std::nullopt;
  }
  return routes;
}

Pipeline::~Pipeline() {
  stop();
  destroy_all();
}

bool Pipeline::start(std::string& error) {
  for (ferry_kind kind : {FERRY_KIND_OUTPUT, FERRY_KIND_FILTER, FERRY_KIND_INPUT}) {
    for (auto& n : nodes_) {
      if (n->kind != kind || !n->instance) continue;
      // A buffered output: its secondary, the plugin, then the flushing
      // (which resumes a file buffer and may write at once).
      bool ok = (!n->secondary || n->secondary->start(error)) && n->instance->start(error);
      if (!ok) {
        running_ = true;  // so stop() stops what did start
        stop();
        return false;
      }
      if (n->buffered) n->buffered->start();
      for (auto& b : n->child_buffered) b->start();
    }
  }
  running_ = true;
  return true;
}

void Pipeline::stop() {
  if (!running_) return;
  running_ = false;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(kShutdownFlushSeconds);
  for (ferry_kind kind : {FERRY_KIND_INPUT, FERRY_KIND_FILTER, FERRY_KIND_OUTPUT}) {
    for (auto& n : nodes_) {
      if (n->kind != kind || !n->instance) continue;
      auto left = [&] {
        double s =
            std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
        return s > 0 ? s : 0;
      };
      if (n->buffered) n->buffered->stop(left());
      for (auto& b : n->child_buffered) b->stop(left());
      n->instance->stop();
      if (n->secondary) n->secondary->stop();
    }
  }
}

void Pipeline::flush() {
  for (auto& n : nodes_) {
    if (n->kind != FERRY_KIND_OUTPUT || !n->instance) continue;
    if (n->buffered) n->buffered->flush_now();
    for (auto& b : n->child_buffered) b->flush_now();
    n->instance->flush();
  }
}

void Pipeline::destroy_all() {
  // Inputs first, outputs last: the reverse of the data flow, so nothing is
  // destroyed while something upstream could still reach it.
  for (ferry_kind kind : {FERRY_KIND_INPUT, FERRY_KIND_FILTER, FERRY_KIND_OUTPUT}) {
    for (auto& n : nodes_) {
      if (n->kind != kind || !n->instance) continue;
      n->instance->destroy();
      if (n->secondary) n->secondary->destroy();
      // After the plugins: writes they still held are settled by now; what
      // a memory buffer keeps is saved to the backup dir.
      n->buffered.reset();
      n->child_buffered.clear();
    }
  }
}

}  // namespace ferry::app
