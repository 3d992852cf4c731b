#pragma once
// Fakes and builders shared by the router tests: config elements without a
// parser, msgpack batches, stages that record what reached them, and a log
// capture.
#include <msgpack.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_tree.hpp"
#include "event/event_time.hpp"
#include "router/build_routes.hpp"
#include "router/router.hpp"
#include "telemetry/log.hpp"

namespace ferry::router::testing {

inline config::Element element(std::string name, std::string arg, uint32_t line,
                               std::vector<std::pair<std::string, std::string>> entries = {},
                               std::vector<config::Element> children = {}) {
  config::Element e;
  e.name = std::move(name);
  e.arg = std::move(arg);
  e.where = {"test.conf", line, 1};
  for (auto& [k, v] : entries) {
    config::Entry entry;
    entry.key = k;
    entry.value = v;
    entry.where = {"test.conf", line + 1, 3};
    entry.value_where = {"test.conf", line + 1, uint32_t(4 + k.size())};
    e.entries.push_back(std::move(entry));
  }
  e.children = std::move(children);
  return e;
}

inline config::Element root(std::vector<config::Element> children) {
  return element("ROOT", "", 0, {}, std::move(children));
}

// `count` events [EventTime(1700000000 + i), {"n"=>i, "pad"=>"xxx..."}].
inline EventBatch make_batch(uint32_t count, size_t pad = 0, uint32_t first = 0) {
  msgpack_sbuffer sbuf;
  msgpack_sbuffer_init(&sbuf);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
  std::string padding(pad, 'x');
  for (uint32_t i = first; i < first + count; ++i) {
    msgpack_pack_array(&pk, 2);
    std::string t;
    append_event_time(t, EventTime{1700000000 + i, 0});
    msgpack_sbuffer_write(&sbuf, t.data(), t.size());
    msgpack_pack_map(&pk, pad ? 2 : 1);
    msgpack_pack_str_with_body(&pk, "n", 1);
    msgpack_pack_uint32(&pk, i);
    if (pad) {
      msgpack_pack_str_with_body(&pk, "pad", 3);
      msgpack_pack_str_with_body(&pk, padding.data(), padding.size());
    }
  }
  EventBatch b(std::string(sbuf.data, sbuf.size), count);
  msgpack_sbuffer_destroy(&sbuf);
  return b;
}

struct Delivery {
  std::string stage;
  std::string tag;
  uint32_t count;
  std::string bytes;
};

// Everything any fake stage saw, in order.
class Journal {
 public:
  void add(Delivery d) {
    std::lock_guard lock(mu_);
    entries_.push_back(std::move(d));
  }
  std::vector<Delivery> entries() const {
    std::lock_guard lock(mu_);
    return entries_;
  }
  // "stage:tag" per delivery.
  std::vector<std::string> path() const {
    std::vector<std::string> out;
    for (const auto& d : entries()) out.push_back(d.stage + ":" + d.tag);
    return out;
  }
  void clear() {
    std::lock_guard lock(mu_);
    entries_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<Delivery> entries_;
};

enum class FilterAction { Pass, DropAll, KeepFirst, Fail };

class FakeFilter : public FilterStage {
 public:
  FakeFilter(std::string name, Journal& journal, FilterAction action)
      : name_(std::move(name)), journal_(journal), action_(action) {}
  FilterOutcome filter(std::string_view tag, const EventBatch& in) override {
    journal_.add({name_, std::string(tag), in.count(), std::string(in.view())});
    FilterOutcome out;
    switch (action_) {
      case FilterAction::Pass:
        break;
      case FilterAction::DropAll:
        out.kind = FilterOutcome::Kind::Rewritten;
        break;
      case FilterAction::KeepFirst:
        out.kind = FilterOutcome::Kind::Rewritten;
        out.batch = make_batch(1);
        break;
      case FilterAction::Fail:
        out.kind = FilterOutcome::Kind::Failed;
        out.error = "boom in " + name_;
        break;
    }
    return out;
  }

 private:
  std::string name_;
  Journal& journal_;
  FilterAction action_;
};

// Records the write; completes with `status` at once, or keeps `done` for
// the test to call later (async).
class FakeOutput : public OutputStage {
 public:
  FakeOutput(std::string name, Journal& journal, ferry_status status, bool async)
      : name_(std::move(name)), journal_(journal), status_(status), async_(async) {}
  void write(std::string_view tag, const EventBatch& batch, WriteDone done) override {
    journal_.add({name_, std::string(tag), batch.count(), std::string(batch.view())});
    if (async_) {
      std::lock_guard lock(mu_);
      pending_.push_back(std::move(done));
      return;
    }
    done(status_, status_ == FERRY_OK ? "" : "refused by " + name_);
  }
  // Completes every held write.
  void complete_all(ferry_status status, std::string_view message) {
    std::vector<WriteDone> pending;
    {
      std::lock_guard lock(mu_);
      pending.swap(pending_);
    }
    for (auto& d : pending) d(status, message);
  }

 private:
  std::string name_;
  Journal& journal_;
  ferry_status status_;
  bool async_;
  std::mutex mu_;
  std::vector<WriteDone> pending_;
};

// out_relabel: re-emits the batch unchanged into its target scope.
class FakeRelabel : public OutputStage {
 public:
  FakeRelabel(std::string name, Journal& journal, ScopeId target, Router*& router)
      : name_(std::move(name)), journal_(journal), target_(target), router_(router) {}
  void write(std::string_view tag, const EventBatch& batch, WriteDone done) override {
    journal_.add({name_, std::string(tag), batch.count(), std::string(batch.view())});
    ferry_status s = router_->emit(target_, tag, batch);
    done(s, "");
  }

 private:
  std::string name_;
  Journal& journal_;
  ScopeId target_;
  Router*& router_;
};

// A buffered output with room for `capacity` batches: then it answers RETRY
// synchronously (a full buffer), after note_backpressure() unless `quiet`
// (the router must then rely on buffered() alone). make_room() empties it.
class FakeBufferedOutput : public OutputStage {
 public:
  FakeBufferedOutput(std::string name, Journal& journal, size_t capacity, bool quiet)
      : name_(std::move(name)), journal_(journal), capacity_(capacity), quiet_(quiet) {}
  void write(std::string_view tag, const EventBatch& batch, WriteDone done) override {
    {
      std::lock_guard lock(mu_);
      if (held_ < capacity_) {
        ++held_;
        journal_.add({name_, std::string(tag), batch.count(), std::string(batch.view())});
        done(FERRY_OK, "");
        return;
      }
    }
    if (!quiet_) note_backpressure();
    done(FERRY_RETRY, "buffer of " + name_ + " is full");
  }
  bool buffered() const override { return true; }
  void make_room() {
    std::lock_guard lock(mu_);
    held_ = 0;
  }

 private:
  std::string name_;
  Journal& journal_;
  size_t capacity_;
  bool quiet_;
  std::mutex mu_;
  size_t held_ = 0;
};

// out_copy: hands the batch to each store in turn, outside the router (as
// the host's child_write does); the first store that fails ends the batch
// with its status. Unbuffered itself.
class FakeCopy : public OutputStage {
 public:
  explicit FakeCopy(std::vector<OutputStage*> stores) : stores_(std::move(stores)) {}
  void write(std::string_view tag, const EventBatch& batch, WriteDone done) override {
    for (OutputStage* store : stores_) {
      ferry_status result = FERRY_OK;
      std::string message;
      store->write(tag, batch, [&](ferry_status s, std::string_view m) {
        result = s;
        message = std::string(m);
      });
      if (result != FERRY_OK) return done(result, message);
    }
    done(FERRY_OK, "");
  }

 private:
  std::vector<OutputStage*> stores_;
};

// Stages by @type: filters pass | drop_all | keep_first | fail; outputs
// sink | refuse (DROP) | retry (RETRY) | async (held) | relabel |
// buffered (`capacity` batches, default 1) | buffered_quiet | copy (its
// <store> children, built the same way). Each stage is named by its @id,
// else "<type>@<line>".
class FakeFactory : public StageFactory {
 public:
  FilterStage* filter_for(const config::Element& e, const StageScope& where) override {
    ++calls;
    seen_scopes.push_back(where);
    scope_counts_seen.push_back(where.table->scope_count());
    std::string type = e.get("@type").value_or("");
    FilterAction action = type == "drop_all"     ? FilterAction::DropAll
                          : type == "keep_first" ? FilterAction::KeepFirst
                          : type == "fail"       ? FilterAction::Fail
                                                 : FilterAction::Pass;
    filters.push_back(std::make_unique<FakeFilter>(name(e), journal, action));
    return filters.back().get();
  }
  OutputStage* output_for(const config::Element& e, const StageScope& where) override {
    ++calls;
    seen_scopes.push_back(where);
    scope_counts_seen.push_back(where.table->scope_count());
    std::string type = e.get("@type").value_or("");
    if (type == "broken") return nullptr;
    if (type == "copy") {
      std::vector<OutputStage*> stores;
      for (const config::Element& child : e.children) {
        if (child.name != "store") continue;
        StageScope at = where;
        at.emits_to = where.table->label_of(child, where.emits_to).value_or(where.emits_to);
        int calls_before = calls;  // the stores are part of this stage
        stores.push_back(output_for(child, at));
        calls = calls_before;
      }
      outputs.push_back(std::make_unique<FakeCopy>(std::move(stores)));
    } else if (type == "buffered" || type == "buffered_quiet") {
      size_t capacity = std::stoul(e.get("capacity").value_or("1"));
      auto out = std::make_unique<FakeBufferedOutput>(name(e), journal, capacity,
                                                      type == "buffered_quiet");
      buffered_outputs.push_back(out.get());
      outputs.push_back(std::move(out));
    } else if (type == "relabel") {
      outputs.push_back(std::make_unique<FakeRelabel>(name(e), journal, where.emits_to, router));
    } else {
      ferry_status st = type == "refuse" ? FERRY_DROP : type == "retry" ? FERRY_RETRY : FERRY_OK;
      auto out = std::make_unique<FakeOutput>(name(e), journal, st, type == "async");
      if (type == "async") async_outputs.push_back(out.get());
      outputs.push_back(std::move(out));
    }
    return outputs.back().get();
  }

  static std::string name(const config::Element& e) {
    auto id = e.get("@id");
    return id ? *id : e.get("@type").value_or("?") + "@" + std::to_string(e.where.line);
  }

  Journal journal;
  Router* router = nullptr;
  int calls = 0;
  std::vector<StageScope> seen_scopes;  // `table` is only valid during the call
  std::vector<size_t> scope_counts_seen;
  std::vector<FakeOutput*> async_outputs;
  std::vector<FakeBufferedOutput*> buffered_outputs;
  std::vector<std::unique_ptr<FilterStage>> filters;
  std::vector<std::unique_ptr<OutputStage>> outputs;
};

// Sends the process log to a temporary file; lines() returns the
// "[level]: ..." part of each line written since construction.
class LogCapture {
 public:
  LogCapture() {
    char name[] = "/tmp/ferry_router_log_XXXXXX";
    int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    path_ = name;
    log::set_level(log::Level::Info);
    log::set_output(path_);
  }
  ~LogCapture() {
    log::set_output("");
    std::remove(path_.c_str());
  }
  std::vector<std::string> lines() const {
    log::flush();
    std::ifstream in(path_);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
      size_t at = line.find(" [");
      out.push_back(at == std::string::npos ? line : line.substr(at + 1));
    }
    return out;
  }
  std::string text() const {
    std::string s;
    for (const auto& l : lines()) s += l + "\n";
    return s;
  }

 private:
  std::string path_;
};

}  // namespace ferry::router::testing
