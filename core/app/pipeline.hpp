#pragma once
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"
#include "host/buffered_output.hpp"
#include "host/emit_target.hpp"
#include "host/instance.hpp"
#include "host/plugin_registry.hpp"
#include "host/stage_adapters.hpp"
#include "router/route_analysis.hpp"
#include "router/route_table.hpp"
#include "router/router.hpp"
#include "runtime/runtime.hpp"

namespace ferry::app {

struct PipelineOptions {
  config::LoadOptions load;     // strict, hostname, env for validation
  bool without_source = false;  // --without-source / <system> without_source
  std::string root_dir;         // <system> root_dir: buffer and backup dirs
};

// One complete, configured pipeline: every <source>/<filter>/<match> (and
// copy's <store>s) loaded, validated and created, bound to a Router built
// from the config's route table. Built whole before anything runs, so a
// reload can build the next one next to the running one and drop it
// without side effects when it fails.
class Pipeline {
 public:
  // Builds everything, reporting every problem to diag (not only the
  // first). The result always has a route table (for the dry-run report);
  // it can run only when ok(). `root` is kept: the route table and the
  // instances refer to its elements.
  static std::unique_ptr<Pipeline> build(config::Element root, host::PluginRegistry& registry,
                                         runtime::Runtime& runtime, const PipelineOptions& opts,
                                         config::Diagnostics& diag);
  bool ok() const { return router_ != nullptr; }
  ~Pipeline();  // stops (if running) and destroys every instance
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Outputs first, then filters, then inputs, so nothing is emitted into a
  // stage that is not ready. On failure the started part is stopped again.
  bool start(std::string& error);
  // Inputs first (no new events), then filters, then outputs, which finish
  // their pending writes: what was accepted is flushed. Buffered outputs
  // flush their buffers first when flush_at_shutdown (within
  // kShutdownFlushSeconds for all of them together).
  void stop();
  // SIGUSR1: every output (and its children) flushes; buffered outputs
  // enqueue and flush their whole buffer (Fluentd's force_flush).
  void flush();
  static constexpr double kShutdownFlushSeconds = 60;

  const router::RouteTable& routes() const { return router_ ? router_->table() : *table_; }
  // The sources for the dry-run analysis, each with its static tag when it
  // has one (the `tag` parameter, or its default, of plugins that emit
  // every event under it).
  std::vector<router::SourceRoute> source_routes() const;
  const config::Element& root() const { return root_; }
  const std::string& root_dir() const { return root_dir_; }
  // The running router, for embedding and benchmarks (nullptr unless ok()).
  router::Router* router() { return router_.get(); }
  size_t instance_count() const { return nodes_.size(); }

 private:
  struct Node;
  class RouterTarget;

  Pipeline() = default;
  void destroy_all();
  // Binds the emits of an instance's children (copy's <store>s), deep.
  void bind_children(Node& node, host::Instance& parent, const config::Element& el,
                     router::ScopeId scope, config::Diagnostics& diag);
  host::DeadLetterRoute dead_letter_route(router::ScopeId scope);

  config::Element root_;
  std::string root_dir_;
  std::vector<std::unique_ptr<Node>> nodes_;  // file order
  std::unordered_map<const config::Element*, Node*> by_element_;
  std::optional<router::RouteTable> table_;  // until router_ owns it
  std::unique_ptr<router::Router> router_;
  bool running_ = false;
};

}  // namespace ferry::app
