#include "format/json_writer.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "format/msgpack_writer.hpp"
#include "test_records.hpp"

namespace ferry::format {
namespace {

using test::mp;

std::string to_json(const std::string& record, JsonStyle style = JsonStyle::kOj,
                    bool expect_ok = true) {
  const uint8_t* p = test::bytes(record);
  std::string out, error;
  bool ok = append_json(out, p, p + record.size(), style, &error);
  EXPECT_EQ(ok, expect_ok) << error;
  return ok ? out : "ERROR: " + error;
}

// The record of compat case exec_json_single, parsed from its input.json.
TEST(JsonWriter, ExecJsonSingleCompatCase) {
  std::string record =
      mp(R"({"host":"db1","metrics":{"cpu":0.25,"mem":1024},"tags":["a","b"],"ok":true,)"
         R"("nothing":null,"big":12345678901234567890,"neg":-7,"exp":1.5e3,)"
         R"("unicode":"caf\u00e9 \ud83d\ude00","esc":"a\"b\\c\/d\n"})");
  EXPECT_EQ(to_json(record),
            "{\"host\":\"db1\",\"metrics\":{\"cpu\":0.25,\"mem\":1024},\"tags\":[\"a\",\"b\"],"
            "\"ok\":true,\"nothing\":null,\"big\":12345678901234567890,\"neg\":-7,\"exp\":1500.0,"
            "\"unicode\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\",\"esc\":\"a\\\"b\\\\c/d\\n\"}");
}

TEST(JsonWriter, SeedKafkaMetricsFloats) {
  std::string record =
      mp(R"({"FifteenMinuteRate":1.4986931223498862,"FiveMinuteRate":1.5011274353282456,)"
         R"("MeanRate":0.012,"OneMinuteRate":2.2e-5,"Zero":0.0,"Count":424114943,)"
         R"("start-time-ms":1533790000123})");
  EXPECT_EQ(to_json(record),
            R"({"FifteenMinuteRate":1.4986931223498863,"FiveMinuteRate":1.5011274353282456,)"
            R"("MeanRate":0.012,"OneMinuteRate":2.2e-05,"Zero":0.0,"Count":424114943,)"
            R"("start-time-ms":1533790000123})");
}

TEST(JsonWriter, ControlCharactersEscaped) {
  std::string record;
  mp_map_header(record, 1);
  mp_str(record, "k");
  mp_str(record, std::string("\x01\b\t\n\x0b\f\r\x1f\x7f/\"\\", 12));
  EXPECT_EQ(to_json(record), R"({"k":"\u0001\b\t\n\u000b\f\r\u001f)"
                             "\x7f"
                             R"(/\"\\"})");
}

TEST(JsonWriter, AllIntegerWidths) {
  std::string r;
  mp_array_header(r, 8);
  for (int64_t v : {int64_t(0), int64_t(127), int64_t(-32), int64_t(-33), int64_t(65536),
                    int64_t(-2147483649LL), std::numeric_limits<int64_t>::min()}) {
    mp_int(r, v);
  }
  mp_uint(r, std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(to_json(r),
            "[0,127,-32,-33,65536,-2147483649,-9223372036854775808,18446744073709551615]");
}

TEST(JsonWriter, BinExtAndNonStringKeys) {
  std::string r;
  mp_map_header(r, 6);
  mp_str(r, "bin");
  mp_bin(r, "raw");
  mp_str(r, "time");
  mp_ext(r, 0, std::string("\x65\x53\xf1\x00\x07\x5b\xcd\x15", 8));
  mp_str(r, "other_ext");
  mp_ext(r, 5, "xyz");
  mp_int(r, 1);
  mp_str(r, "int key");
  mp_nil(r);
  mp_str(r, "nil key");
  mp_double(r, 1.5);
  mp_bool(r, false);
  EXPECT_EQ(
      to_json(r),
      R"({"bin":"raw","time":1700000000,"other_ext":null,"1":"int key","":"nil key","1.5":false})");
}

TEST(JsonWriter, Float32WidenedLikeRuby) {
  std::string r;
  r.push_back(char(0xca));
  r.append(std::string("\x3d\xcc\xcc\xcd", 4));  // 0.1f
  EXPECT_EQ(to_json(r), "0.10000000149011612");
}

TEST(JsonWriter, NonFiniteFloatsDependOnStyle) {
  std::string r;
  mp_double(r, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(to_json(r), "NaN");
  EXPECT_EQ(to_json(r, JsonStyle::kRubyJson, false), "ERROR: NaN not allowed in JSON");
  std::string big;
  mp_double(big, 1e16);
  EXPECT_EQ(to_json(big, JsonStyle::kRubyJson), "1.0e+16");
}

TEST(JsonWriter, InvalidUtf8PassesInOjStyleAndFailsInRubyJson) {
  std::string r;
  mp_str(r, "a\xff");
  EXPECT_EQ(to_json(r), "\"a\xff\"");
  EXPECT_EQ(to_json(r, JsonStyle::kRubyJson, false),
            "ERROR: source sequence is illegal/malformed utf-8");
}

TEST(JsonWriter, EmptyContainersAndNesting) {
  EXPECT_EQ(to_json(mp(R"({"a":{},"b":[],"c":[[1,[2,{"d":null}]]]})")),
            R"({"a":{},"b":[],"c":[[1,[2,{"d":null}]]]})");
}

TEST(JsonWriter, MalformedInputFailsCleanly) {
  std::string r = mp(R"({"a":"long string value"})");
  for (size_t cut = 0; cut < r.size(); ++cut) {
    std::string part = r.substr(0, cut);
    to_json(part, JsonStyle::kOj, false);
  }
  std::string bad(1, char(0xc1));
  EXPECT_EQ(to_json(bad, JsonStyle::kOj, false), "ERROR: malformed MessagePack record");
}

TEST(JsonWriter, DeepNestingRefused) {
  std::string r;
  for (int i = 0; i < 2000; ++i) mp_array_header(r, 1);
  mp_nil(r);
  EXPECT_EQ(to_json(r, JsonStyle::kOj, false), "ERROR: record nested too deeply");
}

}  // namespace
}  // namespace ferry::format
