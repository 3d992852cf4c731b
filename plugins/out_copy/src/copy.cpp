// out_copy: hands every batch to each <store> output in turn (Fluentd's
// `copy`). A store starts when the previous one finished; a failing store
// stops the rest and fails the batch unless it has `ignore_error` (then it
// is logged); `ignore_if_prev_success` skips a store when the one before it
// succeeded. Batches are immutable bytes, so every copy_mode is the same.
#include <memory>
#include <string>
#include <vector>

#include "ferry/plugin.hpp"

namespace {

struct StoreFlags {
  bool ignore_error = false;
  bool ignore_if_prev_success = false;
};

// Fluentd tests the argument with String#include?, so "ignore_error" may
// appear anywhere in it.
StoreFlags flags_of(std::string_view arg) {
  return StoreFlags{arg.find("ignore_error") != std::string_view::npos,
                    arg.find("ignore_if_prev_success") != std::string_view::npos};
}

class CopyOutput : public ferry::Output {
 public:
  // copy_mode and deep_copy only choose how Ruby duplicates records; a batch
  // here is shared immutable bytes that no store can change, so every mode
  // behaves like `deep` at no cost and there is nothing to read.
  CopyOutput(const ferry::Host& host, const ferry::Config&) : Output(host) {
    load_stores();  // the host may already know the <store> children
  }

  void start() override {
    if (stores_.empty()) load_stores();
    if (stores_.empty()) throw ferry::ConfigError("copy needs at least one <store>");
  }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    auto run = std::make_shared<Run>();
    run->self = this;
    run->chunk = chunk.raw();
    run->token = token;
    run->success.assign(stores_.size(), false);
    next(run, 0);
  }

 private:
  // One batch going through the stores.
  struct Run {
    CopyOutput* self;
    const ferry_chunk* chunk;
    uint64_t token;
    std::vector<bool> success;
  };

  void load_stores() {
    size_t n = host().child_count();
    stores_.clear();
    for (size_t i = 0; i < n; ++i) {
      StoreFlags f = flags_of(host().child_arg(i));
      if (i == 0 && f.ignore_if_prev_success) {
        throw ferry::ConfigError(
            "ignore_if_prev_success must specify 2nd or later <store> directives");
      }
      stores_.push_back(f);
    }
    bool all_ignore = !stores_.empty();
    bool any_prev = false;
    for (const StoreFlags& f : stores_) {
      all_ignore &= f.ignore_error;
      any_prev |= f.ignore_if_prev_success;
    }
    if (all_ignore && !any_prev) {
      host().warn(
          "ignore_errors are specified in all <store>, but ignore_if_prev_success is not "
          "specified. Is this intended?");
    }
  }

  // Starts store i (or finishes the batch); each store's completion calls
  // next() for the following one, so stores run strictly in order.
  static void next(const std::shared_ptr<Run>& run, size_t i) {
    CopyOutput* self = run->self;
    for (; i < self->stores_.size(); ++i) {
      if (i > 0 && run->success[i - 1] && self->stores_[i].ignore_if_prev_success) {
        self->host().debug("ignore copy because prev_success in store ", i);
        continue;
      }
      self->host().child_write(i, run->chunk, [run, i](ferry_status s, std::string_view msg) {
        CopyOutput* c = run->self;
        if (s == FERRY_OK) {
          run->success[i] = true;
        } else if (c->stores_[i].ignore_error) {
          c->host().error("ignore emit error in store ", i, ": ", msg);
        } else {
          c->host().complete(run->token, s, ferry::str("store ", i, " failed: ", msg));
          return;
        }
        next(run, i + 1);
      });
      return;
    }
    self->host().complete(run->token, FERRY_OK);
  }

  std::vector<StoreFlags> stores_;
};

constexpr const char* kCopyModes[] = {"no_copy", "shallow", "deep", "marshal", nullptr};

constexpr ferry_param kRows[] = {
    ferry::Param("copy_mode", FERRY_PARAM_ENUM)
        .def("no_copy")
        .one_of(kCopyModes)
        .describe("Accepted for compatibility; batches are immutable, so stores never see each "
                  "other's changes in any mode"),
    ferry::Param("deep_copy", FERRY_PARAM_BOOL)
        .def("false")
        .deprecated()
        .describe("Deprecated: use copy_mode (no effect either way)"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

FERRY_PLUGIN(CopyOutput, FERRY_KIND_OUTPUT, "copy", "1.0.0",
             "Copies events to several <store> outputs", "stable", kParams, FERRY_CAP_CHILDREN)
