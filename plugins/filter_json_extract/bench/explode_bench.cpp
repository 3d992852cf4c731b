// json_extract explode over the Jolokia fixture (a whole broker's
// kafka.server:* read, ~62 KB, 262 MBeans), bytes_per_second counted on the
// input JSON text. Also, for comparison, the same data already parsed into
// a MessagePack record (the in_exec + <parse> json route), and the cost of
// core/format's JsonToMsgpack on the same text (On-Demand compiled into our
// code: the kernel our compile flags allow).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "extractor.hpp"
#include "format/json_to_msgpack.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::json_extract {
namespace {

class NullSink : public ExtractSink {
 public:
  bool debug_enabled() const override { return false; }
  void debug(std::string_view) override {}
  void warn(std::string_view) override {}
  void error_event(std::string_view, const std::string&) override {}
};

std::string fixture() {
  std::ifstream in(FERRY_JOLOKIA_FIXTURE, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char kTime[] = "\x92\xd7\x00\x5b\x6c\x2d\x24\x00\x00\x00\x00";  // [EventTime, ...

Settings pipeline(bool from_text) {
  Settings s;
  if (from_text) s.source_key = "message";
  s.keep_keys = {"hostname"};
  s.fields = {FieldSettings{"timestamp", "$.timestamp", FieldType::kInteger, std::nullopt, ""}};
  ExplodeSettings x;
  x.path = "$.value";
  s.explode = x;
  return s;
}

void run(benchmark::State& state, const std::string& events, bool from_text, size_t json_bytes) {
  Extractor extractor(pipeline(from_text));
  NullSink sink;
  std::string out;
  uint32_t records = 0;
  for (auto _ : state) {
    out.clear();
    records = extractor.run(events, out, sink);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations() * json_bytes));
  state.SetItemsProcessed(int64_t(state.iterations() * records));
  state.counters["records"] = records;
}

// The benchmark of record: the answer as a string in source_key.
void BM_ExplodeJsonText(benchmark::State& state) {
  const std::string json = fixture();
  std::string record;
  format::mp_map_header(record, 2);
  format::mp_str(record, "message");
  format::mp_str(record, json);
  format::mp_str(record, "hostname");
  format::mp_str(record, "host1");
  run(state, std::string(kTime, sizeof kTime - 1) + record, true, json.size());
  state.SetLabel(std::string("simdjson DOM kernel: ") +
                 simdjson::get_active_implementation()->name());
}

// The answer already parsed (in_exec with <parse> json), bytes still counted
// on the JSON text it came from.
void BM_ExplodeParsedRecord(benchmark::State& state) {
  const std::string json = fixture();
  std::string record, error;
  format::JsonToMsgpack converter;
  converter.convert(json, record, &error);
  run(state, std::string(kTime, sizeof kTime - 1) + record, false, json.size());
}

// For comparison: parse-only costs on the same text.
void BM_SimdjsonDomParseOnly(benchmark::State& state) {
  const std::string json = fixture();
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    benchmark::DoNotOptimize(parser.parse(json.data(), json.size(), true).get(root));
  }
  state.SetBytesProcessed(int64_t(state.iterations() * json.size()));
}

void BM_JsonToMsgpackOnly(benchmark::State& state) {
  const std::string json = fixture();
  format::JsonToMsgpack converter;
  std::string out, error;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(converter.convert(json, out, &error));
  }
  state.SetBytesProcessed(int64_t(state.iterations() * json.size()));
}

BENCHMARK(BM_ExplodeJsonText);
BENCHMARK(BM_ExplodeParsedRecord);
BENCHMARK(BM_SimdjsonDomParseOnly);
BENCHMARK(BM_JsonToMsgpackOnly);

}  // namespace
}  // namespace ferry::json_extract

BENCHMARK_MAIN();
