#include "line_protocol.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "format/json_to_msgpack.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::influxdb {
namespace {

constexpr uint32_t kSec = 1700000000;
constexpr uint32_t kNsec = 123456789;

std::string pack_json(std::string_view json) {
  format::JsonToMsgpack conv;
  std::string out, error;
  EXPECT_TRUE(conv.convert(json, out, &error)) << error;
  return out;
}

struct Encoded {
  std::string line;
  PointReport report;
};

Encoded encode_packed(const std::string& packed, LineOptions options = {},
                      std::string_view measurement = "m", std::span<const ExtraTag> extra = {}) {
  LineEncoder encoder(std::move(options));
  Encoded e;
  e.report = encoder.encode(e.line, measurement, reinterpret_cast<const uint8_t*>(packed.data()),
                            packed.size(), kSec, kNsec, extra);
  return e;
}

Encoded encode(std::string_view json, LineOptions options = {}) {
  return encode_packed(pack_json(json), std::move(options));
}

// A one-entry map {key: <value written by fill>}.
template <typename Fill>
std::string one(std::string_view key, Fill fill) {
  std::string out;
  format::mp_map_header(out, 1);
  format::mp_str(out, key);
  fill(out);
  return out;
}

std::string event_time(uint32_t sec, uint32_t nsec) {
  std::string payload(8, '\0');
  for (int i = 0; i < 4; ++i) {
    payload[i] = char(sec >> (24 - 8 * i));
    payload[4 + i] = char(nsec >> (24 - 8 * i));
  }
  return payload;
}

TEST(LineProtocol, WritesEachTypeInRecordOrder) {
  auto e = encode(R"({"i":1,"neg":-5,"f":1.5,"s":"x","t":true,"n":false})");
  EXPECT_EQ(e.line, "m i=1i,neg=-5i,f=1.5,s=\"x\",t=true,n=false 1700000000\n");
  EXPECT_EQ(e.report.status, PointStatus::kWritten);
  EXPECT_EQ(e.report.fields, 6u);
  EXPECT_EQ(e.report.tags, 0u);
}

TEST(LineProtocol, FloatsKeepADecimalPointLikeRubyToS) {
  auto e = encode(R"({"a":2.0,"b":1e20,"c":-0.0,"d":0.00001,"e":0.1})");
  EXPECT_EQ(e.line, "m a=2.0,b=1.0e+20,c=-0.0,d=1.0e-05,e=0.1 1700000000\n");
}

TEST(LineProtocol, NanAndInfinityAreDroppedPerFieldAndReported) {
  std::string rec;
  format::mp_map_header(rec, 4);
  format::mp_str(rec, "nan");
  format::mp_double(rec, std::nan(""));
  format::mp_str(rec, "inf");
  format::mp_double(rec, std::numeric_limits<double>::infinity());
  format::mp_str(rec, "ninf");
  format::mp_double(rec, -std::numeric_limits<double>::infinity());
  format::mp_str(rec, "ok");
  format::mp_double(rec, 3.25);
  auto e = encode_packed(rec);
  EXPECT_EQ(e.line, "m ok=3.25 1700000000\n");
  EXPECT_EQ(e.report.dropped, 3u);
  EXPECT_EQ(e.report.problem, "a NaN or Infinity float");
}

TEST(LineProtocol, Int64LimitsAreIntegersAndLargerUnsignedAreDropped) {
  std::string rec;
  format::mp_map_header(rec, 3);
  format::mp_str(rec, "min");
  format::mp_int(rec, std::numeric_limits<int64_t>::min());
  format::mp_str(rec, "max");
  format::mp_uint(rec, uint64_t(std::numeric_limits<int64_t>::max()));
  format::mp_str(rec, "big");
  format::mp_uint(rec, uint64_t(std::numeric_limits<int64_t>::max()) + 1);
  auto e = encode_packed(rec);
  EXPECT_EQ(e.line, "m min=-9223372036854775808i,max=9223372036854775807i 1700000000\n");
  EXPECT_EQ(e.report.dropped, 1u);
  EXPECT_EQ(e.report.problem, "an integer beyond the int64 range");
}

TEST(LineProtocol, IntegersAsFloatCoversUnsignedBeyondInt64) {
  LineOptions o;
  o.integers_as_float = true;
  auto e = encode(R"({"a":3,"b":-2,"c":18446744073709551615,"d":0.5})", o);
  EXPECT_EQ(e.line, "m a=3.0,b=-2.0,c=1.8446744073709552e+19,d=0.5 1700000000\n");
  EXPECT_EQ(e.report.dropped, 0u);
}

TEST(LineProtocol, NilEmptyStringAndEmptyArrayAreSkippedPerField) {
  auto e = encode(R"({"a":null,"b":"","c":[],"d":{},"e":1})");
  EXPECT_EQ(e.line, "m e=1i 1700000000\n");
  EXPECT_EQ(e.report.empty, 3u);
  EXPECT_EQ(e.report.dropped, 0u);
}

TEST(LineProtocol, PointWithoutFieldsAppendsNothing) {
  LineOptions o;
  o.tag_keys = {"host"};
  std::string out = "kept\n";
  LineEncoder encoder(o);
  std::string rec = pack_json(R"({"host":"a","x":null})");
  auto r =
      encoder.encode(out, "m", reinterpret_cast<const uint8_t*>(rec.data()), rec.size(), kSec, 0);
  EXPECT_EQ(r.status, PointStatus::kNoFields);
  EXPECT_EQ(out, "kept\n");
  EXPECT_EQ(encode("{}").report.status, PointStatus::kNoFields);
}

TEST(LineProtocol, AppendsToTheCallersBuffer) {
  LineEncoder encoder({});
  std::string out = "first\n";
  std::string rec = pack_json(R"({"v":1})");
  encoder.encode(out, "m", reinterpret_cast<const uint8_t*>(rec.data()), rec.size(), kSec, 0);
  encoder.encode(out, "n", reinterpret_cast<const uint8_t*>(rec.data()), rec.size(), kSec + 1, 0);
  EXPECT_EQ(out, "first\nm v=1i 1700000000\nn v=1i 1700000001\n");
}

TEST(LineProtocol, MalformedInputAppendsNothing) {
  std::string out = "x";
  LineEncoder encoder({});
  std::string arr = pack_json("[1,2]");
  EXPECT_EQ(encoder.encode(out, "m", reinterpret_cast<const uint8_t*>(arr.data()), arr.size(), 0, 0)
                .status,
            PointStatus::kMalformed);
  std::string rec = pack_json(R"({"a":"long string value"})");
  EXPECT_EQ(
      encoder.encode(out, "m", reinterpret_cast<const uint8_t*>(rec.data()), rec.size() - 3, 0, 0)
          .status,
      PointStatus::kMalformed);
  EXPECT_EQ(out, "x");
}

TEST(LineProtocol, StringValuesEscapeQuoteAndBackslashOnly) {
  auto e = encode(R"({"s":"a\"b\\c\nd, e=f"})");
  EXPECT_EQ(e.line, "m s=\"a\\\"b\\\\c\nd, e=f\" 1700000000\n");
  EXPECT_EQ(e.report.altered, 0u);
}

TEST(LineProtocol, BinIsAStringAndEventTimeIsIntegerSeconds) {
  std::string rec;
  format::mp_map_header(rec, 2);
  format::mp_str(rec, "b");
  format::mp_bin(rec, "raw");
  format::mp_str(rec, "t");
  format::mp_ext(rec, 0, event_time(42, 7));
  EXPECT_EQ(encode_packed(rec).line, "m b=\"raw\",t=42i 1700000000\n");
}

TEST(LineProtocol, UnknownExtensionIsDroppedAndReported) {
  auto e = encode_packed(one("x", [](std::string& o) { format::mp_ext(o, 5, "ab"); }));
  EXPECT_EQ(e.report.status, PointStatus::kNoFields);
  EXPECT_EQ(e.report.dropped, 1u);
}

TEST(LineProtocol, MeasurementEscapes) {
  std::string out;
  uint32_t altered = 9;
  EXPECT_TRUE(append_measurement(out, "my meas,x=y\"z", &altered));
  EXPECT_EQ(out, R"(my\ meas\,x=y"z)");
  EXPECT_EQ(altered, 0u);
  out.clear();
  // InfluxDB 1.6 cannot read back a backslash before , space = " in a
  // measurement, nor a trailing one; elsewhere backslashes stay.
  EXPECT_TRUE(append_measurement(out, R"(a\,b\\=c\"d\e\\)", &altered));
  EXPECT_EQ(out, R"(a\,b=c"d\e)");
  EXPECT_EQ(altered, 4u);
  out.clear();
  EXPECT_TRUE(append_measurement(out, "a\nb\tc\rd"));
  EXPECT_EQ(out, R"(a\nb\tc\rd)");
  out = "keep";
  EXPECT_FALSE(append_measurement(out, ""));
  EXPECT_FALSE(append_measurement(out, "\\\\"));
  EXPECT_FALSE(append_measurement(out, "#comment"));
  EXPECT_EQ(out, "keep");
  EXPECT_TRUE(append_measurement(out, " #ok"));
}

TEST(LineProtocol, TagsAreEscapedSortedAndLastDuplicateWins) {
  LineOptions o;
  o.tag_keys = {"zone", "host name", "k,=", "dup"};
  std::string rec;
  format::mp_map_header(rec, 6);
  format::mp_str(rec, "zone");
  format::mp_str(rec, "eu west");
  format::mp_str(rec, "host name");
  format::mp_str(rec, "a,b=c\"d");
  format::mp_str(rec, "k,=");
  format::mp_str(rec, "v");
  format::mp_str(rec, "dup");
  format::mp_str(rec, "first");
  format::mp_str(rec, "dup");
  format::mp_str(rec, "second");
  format::mp_str(rec, "v");
  format::mp_int(rec, 1);
  auto e = encode_packed(rec, o);
  EXPECT_EQ(e.line, R"(m,dup=second,host\ name=a\,b\=c"d,k\,\==v,zone=eu\ west v=1i 1700000000)"
                    "\n");
  EXPECT_EQ(e.report.tags, 4u);
}

TEST(LineProtocol, TagValuesOfOtherTypesAreTheirText) {
  LineOptions o;
  o.tag_keys = {"i", "f", "b", "m", "a"};
  auto e = encode(R"({"i":7,"f":2.0,"b":false,"m":{"x":1},"a":[1,"y"],"v":1})", o);
  EXPECT_EQ(e.line, R"(m,a=[1\,"y"],b=false,f=2.0,i=7,m={"x":1} v=1i 1700000000)"
                    "\n");
}

TEST(LineProtocol, BlankAndNilTagsAreLeftOut) {
  LineOptions o;
  o.tag_keys = {"a", "b", "c"};
  auto e = encode(R"({"a":"  ","b":null,"c":"","v":1})", o);
  EXPECT_EQ(e.line, "m v=1i 1700000000\n");
  EXPECT_EQ(e.report.empty, 3u);
}

TEST(LineProtocol, TagBackslashes) {
  LineOptions o;
  o.tag_keys = {"t", "u", "w"};
  auto e = encode(R"({"t":"a\\,b","u":"c:\\dir\\","w":"\\\\","v":1})", o);
  // `a\,b` is read back intact; the trailing backslash of `c:\dir\` cannot
  // be; a value of backslashes only leaves nothing.
  EXPECT_EQ(e.line, R"(m,t=a\\,b,u=c:\dir v=1i 1700000000)"
                    "\n");
  EXPECT_EQ(e.report.altered, 1u);
  EXPECT_EQ(e.report.dropped, 1u);
}

TEST(LineProtocol, ExtraTagsJoinTheSortAndWinOverRecordTags) {
  LineOptions o;
  o.tag_keys = {"seq"};
  ExtraTag extra[] = {{"seq", "3"}, {"a b", "x"}};
  auto e = encode_packed(pack_json(R"({"seq":"from record","v":1})"), o, "m", extra);
  EXPECT_EQ(e.line, "m,a\\ b=x,seq=3 v=1i 1700000000\n");
}

TEST(LineProtocol, FieldKeyEscapes) {
  auto e = encode(R"({"a b,c=d\"e":1})");
  EXPECT_EQ(e.line, R"(m a\ b\,c\=d\"e=1i 1700000000)"
                    "\n");
  EXPECT_EQ(e.report.altered, 0u);
}

TEST(LineProtocol, FieldKeyBackslashRunsBeforeEscapesMustBeEven) {
  // `x\,y`: the parser reads backslashes in pairs, so one is lost.
  // `p\\,q`: an even run is read back intact. `z\`: trailing, removed.
  // `r\s`: a backslash before an ordinary character is kept. `g\"h`: any
  // run before a quote is read back.
  auto e = encode(R"({"x\\,y":1,"p\\\\,q":2,"z\\":3,"r\\s":4,"g\\\"h":5})");
  EXPECT_EQ(e.line, R"(m x\,y=1i,p\\\,q=2i,z=3i,r\s=4i,g\\"h=5i 1700000000)"
                    "\n");
  EXPECT_EQ(e.report.altered, 2u);
  EXPECT_FALSE(e.report.problem.empty());
}

TEST(LineProtocol, NamesWithNewlineCrTabAreWrittenAsEscapeTexts) {
  LineOptions o;
  o.tag_keys = {"t"};
  auto e = encode(R"({"t":"a\nb","k\tl":"v\tw\r"})", o);
  EXPECT_EQ(e.line, "m,t=a\\nb k\\tl=\"v\tw\r\" 1700000000\n");
  EXPECT_EQ(e.report.altered, 2u);
}

TEST(LineProtocol, KeysNamedTimeAreDroppedAndReported) {
  LineOptions o;
  o.tag_keys = {"time"};
  auto e = encode(R"({"time":"x","v":1})", o);
  EXPECT_EQ(e.line, "m v=1i 1700000000\n");
  EXPECT_EQ(e.report.dropped, 1u);
  auto f = encode(R"({"time":"x","v":1})");
  EXPECT_EQ(f.line, "m v=1i 1700000000\n");
  EXPECT_EQ(f.report.problem, "a field named time (InfluxDB drops it)");
}

TEST(LineProtocol, NestedMapsAreFlattened) {
  auto e = encode(R"({"a":{"b":1,"c":{"d":"x"},"e":{}},"f":2})");
  EXPECT_EQ(e.line, "m a.b=1i,a.c.d=\"x\",f=2i 1700000000\n");
  LineOptions o;
  o.flatten_separator = "_";
  EXPECT_EQ(encode(R"({"a":{"b":1}})", o).line, "m a_b=1i 1700000000\n");
}

TEST(LineProtocol, TagAndFieldKeysMatchFlattenedNames) {
  LineOptions o;
  o.tag_keys = {"host.name"};
  o.field_keys = {"cpu.user", "mem"};
  auto e = encode(R"({"host":{"name":"h1"},"cpu":{"user":1.5,"sys":2.5},"mem":3,"other":4})", o);
  EXPECT_EQ(e.line, "m,host.name=h1 cpu.user=1.5,mem=3i 1700000000\n");
  EXPECT_EQ(e.report.dropped, 0u);
}

TEST(LineProtocol, ArraysAreJsonStrings) {
  auto e = encode(R"({"a":[1,"x\"y",{"k":null}]})");
  EXPECT_EQ(e.line, R"(m a="[1,\"x\\\"y\",{\"k\":null}]" 1700000000)"
                    "\n");
}

TEST(LineProtocol, NonStringKeysUseTheirTextAndNilKeysAreDropped) {
  std::string rec;
  format::mp_map_header(rec, 3);
  format::mp_int(rec, 5);
  format::mp_int(rec, 1);
  format::mp_nil(rec);
  format::mp_int(rec, 2);
  format::mp_str(rec, "v");
  format::mp_int(rec, 3);
  auto e = encode_packed(rec);
  EXPECT_EQ(e.line, "m 5=1i,v=3i 1700000000\n");
  EXPECT_EQ(e.report.dropped, 1u);
}

TEST(LineProtocol, AutoTagsMakeStringsTags) {
  LineOptions o;
  o.auto_tags = true;
  EXPECT_EQ(encode(R"({"host":"h","v":1,"t":true})", o).line, "m,host=h v=1i,t=true 1700000000\n");
}

TEST(LineProtocol, ExcludedKeysAreNotWritten) {
  LineOptions o;
  o.exclude_keys = {"rp"};
  EXPECT_EQ(encode(R"({"rp":"week","v":1})", o).line, "m v=1i 1700000000\n");
}

TEST(LineProtocol, EventTimeAtEachPrecisionIsExact) {
  const uint32_t sec = 1700003723, nsec = 999999999;
  EXPECT_EQ(event_time_in(Precision::kHours, TimeRounding::kFloor, sec, nsec), 472223);
  EXPECT_EQ(event_time_in(Precision::kMinutes, TimeRounding::kFloor, sec, nsec), 28333395);
  EXPECT_EQ(event_time_in(Precision::kSeconds, TimeRounding::kFloor, sec, nsec), 1700003723);
  EXPECT_EQ(event_time_in(Precision::kMillis, TimeRounding::kFloor, sec, nsec), 1700003723999);
  EXPECT_EQ(event_time_in(Precision::kMicros, TimeRounding::kFloor, sec, nsec), 1700003723999999);
  EXPECT_EQ(event_time_in(Precision::kNanos, TimeRounding::kFloor, sec, nsec), 1700003723999999999);
  EXPECT_EQ(event_time_in(Precision::kMillis, TimeRounding::kNearest, sec, nsec), 1700003724000);
  EXPECT_EQ(event_time_in(Precision::kMillis, TimeRounding::kNearest, sec, 499999), 1700003723000);
  EXPECT_EQ(event_time_in(Precision::kMillis, TimeRounding::kNearest, sec, 500000), 1700003723001);
  EXPECT_EQ(event_time_in(Precision::kNanos, TimeRounding::kFloor, 4294967295u, 999999999),
            4294967295999999999);
}

TEST(LineProtocol, PrecisionNames) {
  Precision p;
  for (auto [name, want] : {std::pair{"h", Precision::kHours},
                            {"m", Precision::kMinutes},
                            {"s", Precision::kSeconds},
                            {"ms", Precision::kMillis},
                            {"u", Precision::kMicros},
                            {"us", Precision::kMicros},
                            {"ns", Precision::kNanos}}) {
    ASSERT_TRUE(parse_precision(name, &p)) << name;
    EXPECT_EQ(p, want) << name;
  }
  EXPECT_FALSE(parse_precision("n", &p));
  EXPECT_FALSE(parse_precision("", &p));
}

TEST(LineProtocol, LineUsesTheConfiguredPrecision) {
  LineOptions o;
  o.precision = Precision::kNanos;
  EXPECT_EQ(encode(R"({"v":1})", o).line, "m v=1i 1700000000123456789\n");
}

TEST(LineProtocol, TimeKeyValueReplacesTheEventTime) {
  LineOptions o;
  o.time_key = "ts";
  EXPECT_EQ(encode(R"({"ts":123,"v":1})", o).line, "m v=1i 123\n");
  EXPECT_EQ(encode(R"({"ts":"-45","v":1})", o).line, "m v=1i -45\n");
  EXPECT_EQ(encode(R"({"ts":99.5,"v":1})", o).line, "m v=1i 100\n");
  o.precision = Precision::kMillis;
  std::string rec;
  format::mp_map_header(rec, 2);
  format::mp_str(rec, "ts");
  format::mp_ext(rec, 0, event_time(10, 5000000));
  format::mp_str(rec, "v");
  format::mp_int(rec, 1);
  EXPECT_EQ(encode_packed(rec, o).line, "m v=1i 10005\n");
}

TEST(LineProtocol, UnusableTimeKeyValueStaysAField) {
  LineOptions o;
  o.time_key = "ts";
  auto e = encode(R"({"ts":"2024-01-01T00:00:00Z","v":1})", o);
  EXPECT_EQ(e.line, "m ts=\"2024-01-01T00:00:00Z\",v=1i 1700000000\n");
  EXPECT_EQ(e.report.dropped, 0u);
  // Only the top-level key is the time.
  EXPECT_EQ(encode(R"({"a":{"ts":5},"v":1})", o).line, "m a.ts=5i,v=1i 1700000000\n");
}

}  // namespace
}  // namespace ferry::influxdb
