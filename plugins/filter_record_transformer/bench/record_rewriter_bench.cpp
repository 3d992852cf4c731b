// Records per second through RecordRewriter: batches of 1,000 ~250-byte
// records, the shape of the http -> record_transformer(2 keys) -> null
// pipeline the next issue measures.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "format/json_to_msgpack.hpp"
#include "record_rewriter.hpp"

namespace ferry::record_transformer {
namespace {

class NullSink : public RecordSink {
 public:
  void warn(std::string_view) override {}
  void error_event(std::string_view, const std::string&, const char*) override {}
};

std::string batch() {
  format::JsonToMsgpack converter;
  std::string record, error, out;
  converter.convert(
      R"({"host":"web-01.example.com","method":"GET","path":"/api/v1/users/12345/profile","status":200,"bytes":5123,"referer":"https://example.com/home","agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36","latency_ms":12.5,"request_id":"8f14e45f-ceea-467f-a0e6-1234567890ab"})",
      record, &error);
  for (int i = 0; i < 1000; ++i) {
    out += "\x92\xd7";
    out += '\0';
    out += std::string("\x65\x53\xf1\x00\x00\x00\x00\x00", 8);
    out += record;
  }
  return out;
}

void run(benchmark::State& state, std::vector<std::pair<std::string, std::string>> fields,
         bool ruby) {
  Settings s;
  s.hostname = "bench-host";
  s.enable_ruby = ruby;
  for (auto& [k, v] : fields) s.record.push_back({k, v, ""});
  std::vector<std::string> warnings;
  RecordRewriter rewriter(s, warnings);
  const std::string in = batch();
  std::string out;
  NullSink sink;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(rewriter.rewrite("app.web.access", in, out, sink));
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

void BM_TwoPlaceholders(benchmark::State& state) {
  run(state, {{"hostname", "${hostname}"}, {"tag", "${tag}"}}, false);
}
void BM_RecordCopyAndInterpolation(benchmark::State& state) {
  run(state,
      {{"status_copy", "${record[\"status\"]}"},
       {"line", "${record[\"method\"]} ${record[\"path\"]}"}},
      false);
}
void BM_RubyExpressions(benchmark::State& state) {
  run(state,
      {{"ms", "${record[\"latency_ms\"].to_i * 1000}"}, {"m", "${record[\"method\"].downcase}"}},
      true);
}
BENCHMARK(BM_TwoPlaceholders);
BENCHMARK(BM_RecordCopyAndInterpolation);
BENCHMARK(BM_RubyExpressions);

}  // namespace
}  // namespace ferry::record_transformer

BENCHMARK_MAIN();
