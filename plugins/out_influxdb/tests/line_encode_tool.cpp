// influx-line-encode: reads one JSON array per stdin line,
// `[sec, nsec, {record}]` or `[sec, nsec, {record}, "measurement"]`, and
// writes the encoder's line protocol to stdout. For every input line a
// report goes to stderr: `<n> <status> fields=.. tags=.. empty=.. dropped=..
// altered=.. <problem>`. Options mirror LineOptions:
//   --measurement NAME   --tag-key K (repeat)   --field-key K (repeat)
//   --exclude-key K      --auto-tags            --integers-as-float
//   --time-key K         --precision h|m|s|ms|u|us|ns
//   --nearest            --separator SEP        --extra-tag K=V
// Exit status 2 on bad usage or input that is not [sec, nsec, map].
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "format/json_to_msgpack.hpp"
#include "format/msgpack_reader.hpp"
#include "line_protocol.hpp"

namespace {

using namespace ferry;

int usage(const char* why) {
  std::fprintf(stderr, "influx-line-encode: %s\n", why);
  return 2;
}

const char* status_name(influxdb::PointStatus s) {
  switch (s) {
    case influxdb::PointStatus::kWritten:
      return "written";
    case influxdb::PointStatus::kNoFields:
      return "no-fields";
    case influxdb::PointStatus::kMalformed:
      return "malformed";
  }
  return "?";
}

}  // namespace

int main(int argc, char** argv) {
  influxdb::LineOptions options;
  std::string measurement = "m";
  std::vector<std::string> extra;  // "k=v"
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--auto-tags") {
      options.auto_tags = true;
    } else if (a == "--integers-as-float") {
      options.integers_as_float = true;
    } else if (a == "--nearest") {
      options.rounding = influxdb::TimeRounding::kNearest;
    } else if ((v = value()) == nullptr) {
      return usage(("missing value or unknown option " + a).c_str());
    } else if (a == "--measurement") {
      measurement = v;
    } else if (a == "--tag-key") {
      options.tag_keys.push_back(v);
    } else if (a == "--field-key") {
      options.field_keys.push_back(v);
    } else if (a == "--exclude-key") {
      options.exclude_keys.push_back(v);
    } else if (a == "--time-key") {
      options.time_key = v;
    } else if (a == "--separator") {
      options.flatten_separator = v;
    } else if (a == "--extra-tag") {
      extra.push_back(v);
    } else if (a == "--precision") {
      if (!influxdb::parse_precision(v, &options.precision)) return usage("bad --precision");
    } else {
      return usage(("unknown option " + a).c_str());
    }
  }
  std::vector<influxdb::ExtraTag> extra_tags;
  for (const std::string& e : extra) {
    size_t eq = e.find('=');
    if (eq == std::string::npos) return usage("--extra-tag needs K=V");
    extra_tags.push_back({std::string_view(e).substr(0, eq), std::string_view(e).substr(eq + 1)});
  }

  influxdb::LineEncoder encoder(options);
  format::JsonToMsgpack json;
  std::string line, packed, out, error;
  for (int n = 1; std::getline(std::cin, line); ++n) {
    packed.clear();
    if (!json.convert(line, packed, &error)) return usage(error.c_str());
    const uint8_t* p = reinterpret_cast<const uint8_t*>(packed.data());
    const uint8_t* end = p + packed.size();
    format::MpValue arr, sec, nsec;
    if (!format::read_item(p, end, arr) || arr.type != format::MpValue::kArray || arr.size < 3 ||
        !format::read_item(p, end, sec) || sec.type != format::MpValue::kUint ||
        !format::read_item(p, end, nsec) || nsec.type != format::MpValue::kUint) {
      return usage("each line must be [sec, nsec, {record}(, measurement)]");
    }
    const uint8_t* record = p;
    if (!format::skip_value(p, end)) return usage("truncated record");
    const size_t record_size = size_t(p - record);
    std::string name = measurement;
    format::MpValue m;
    if (arr.size > 3 && format::read_item(p, end, m) && m.type == format::MpValue::kStr) {
      name.assign(m.data, m.size);
    }
    std::string escaped;
    if (!influxdb::append_measurement(escaped, name)) {
      std::fprintf(stderr, "%d bad-measurement\n", n);
      continue;
    }
    out.clear();
    influxdb::PointReport r = encoder.encode(out, escaped, record, record_size, uint32_t(sec.u),
                                             uint32_t(nsec.u), extra_tags);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fprintf(stderr, "%d %s fields=%u tags=%u empty=%u dropped=%u altered=%u %.*s\n", n,
                 status_name(r.status), r.fields, r.tags, r.empty, r.dropped, r.altered,
                 int(r.problem.size()), r.problem.data());
  }
  return 0;
}
