// msgpack parser and StreamSplitter: bytes fed in pieces, as in_exec reads them.
#include <gtest/gtest.h>

#include "format/json_to_msgpack.hpp"
#include "format/msgpack_writer.hpp"
#include "parse/stream_splitter.hpp"
#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

std::string mp(std::string_view json) {
  format::JsonToMsgpack conv;
  std::string out, error;
  EXPECT_TRUE(conv.convert(json, out, &error)) << error;
  return out;
}

// Feeds `data` in pieces of `step` bytes, then ends the stream.
Collect feed(Parser& p, std::string_view data, size_t step, size_t max_unit = 1 << 20) {
  StreamSplitter s(p, max_unit);
  Collect c;
  for (size_t i = 0; i < data.size(); i += step) s.feed(data.substr(i, step), false, c);
  s.feed({}, true, c);
  return c;
}

class Streams : public InZone {};

TEST_F(Streams, MsgpackMapsAndArraysOfMaps) {
  ParseOptions o = options("msgpack");
  o.time_key = "t";
  o.time_type = "unixtime";
  auto p = make(o);
  std::string data = mp(R"({"t":1362020400,"a":1})") + mp(R"([{"b":2},3,{"c":3}])") + mp("7");
  Collect c = run(*p, data);
  ASSERT_EQ(c.all.size(), 5u);
  EXPECT_EQ(c.all[0], R"({"a":1})");
  EXPECT_EQ(c.times[0].sec, 1362020400u);
  EXPECT_EQ(c.all[1], R"({"b":2})");
  EXPECT_EQ(c.all[2], "error: array element 1 is not a map");
  EXPECT_EQ(c.all[3], R"({"c":3})");
  EXPECT_EQ(c.all[4].rfind("error: MessagePack object is not a map", 0), 0u);
  c = run(*p, data.substr(0, 5));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("truncated"), std::string::npos);
}

TEST_F(Streams, MsgpackNonStringKeysAndExtValuesPassThrough) {
  auto p = make(options("msgpack"));
  std::string rec;
  format::mp_map_header(rec, 2);
  format::mp_int(rec, 1);
  format::mp_str(rec, "one");
  format::mp_str(rec, "t");
  append_event_time(rec, EventTime{5, 6});
  Collect c = run(*p, rec);
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"1":"one","t":5})");
}

TEST_F(Streams, MsgpackStreamInSmallPieces) {
  auto p = make(options("msgpack"));
  std::string data;
  for (int i = 0; i < 50; ++i) data += mp(R"({"n":)" + std::to_string(i) + R"(,"s":"abcdefghij"})");
  Collect c = feed(*p, data, 3);
  ASSERT_EQ(c.records.size(), 50u);
  EXPECT_EQ(c.records[49], R"({"n":49,"s":"abcdefghij"})");
  c = feed(*p, data.substr(0, data.size() - 2), 7);
  EXPECT_EQ(c.records.size(), 49u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("incomplete MessagePack"), std::string::npos);
  c = feed(*p, mp(R"({"a":1})") + "\xc1" + mp(R"({"b":1})"), 4);
  ASSERT_EQ(c.all.size(), 2u);
  EXPECT_NE(c.all[1].find("malformed MessagePack"), std::string::npos);
}

TEST_F(Streams, LinesAreChompedAndTheLastLineIsKept) {
  // The recorded exec_none case.
  auto p = make(options("none"));
  std::string out =
      "plain text line one\n  indented line with \"quotes\" and \\backslash\n\n"
      "{\"json\":\"stays a string\"}\r\nlast line without newline";
  for (size_t step : {1u, 5u, 1000u}) {
    Collect c = feed(*p, out, step);
    ASSERT_EQ(c.records.size(), 5u) << step;
    EXPECT_EQ(c.records[0], R"({"message":"plain text line one"})");
    EXPECT_EQ(c.records[1], R"({"message":"  indented line with \"quotes\" and \\backslash"})");
    EXPECT_EQ(c.records[2], R"({"message":""})");
    EXPECT_EQ(c.records[3], R"({"message":"{\"json\":\"stays a string\"}"})");
    EXPECT_EQ(c.records[4], R"({"message":"last line without newline"})");
  }
}

TEST_F(Streams, OverlongLinesAreDroppedUpToTheirNewline) {
  auto p = make(options("none"));
  std::string out = "short\n" + std::string(100, 'x') + "\nafter\n";
  Collect c = feed(*p, out, 16, 40);
  ASSERT_EQ(c.all.size(), 3u);
  EXPECT_EQ(c.all[0], R"({"message":"short"})");
  EXPECT_EQ(c.all[1].rfind("error: line longer than 40 bytes dropped", 0), 0u) << c.all[1];
  EXPECT_EQ(c.all[2], R"({"message":"after"})");
}

TEST_F(Streams, JsonValuesAcrossPiecesAndLines) {
  auto p = make(options("json"));
  std::string out = "{\"a\":\"}{\\\"\",\n \"b\":[1,{\"c\":2}]}\n[{\"d\":1},{\"e\":2}]{\"f\":3}";
  for (size_t step : {1u, 4u, 1000u}) {
    Collect c = feed(*p, out, step);
    ASSERT_EQ(c.records.size(), 4u) << step;
    EXPECT_EQ(c.records[0], R"({"a":"}{\"","b":[1,{"c":2}]})");
    EXPECT_EQ(c.records[3], R"({"f":3})");
  }
}

TEST_F(Streams, InvalidJsonDropsTheRestOfTheStream) {
  // The recorded exec_invalid_json case.
  auto p = make(options("json"));
  Collect c =
      feed(*p, "{\"before\":\"ok\"}\nthis is not json\n{\"after\":\"never reached?\"}\n", 8);
  ASSERT_EQ(c.all.size(), 2u);
  EXPECT_EQ(c.all[0], R"({"before":"ok"})");
  EXPECT_EQ(c.all[1].rfind("error: invalid JSON in the stream: 'this", 0), 0u) << c.all[1];
  // The next stream starts clean.
  StreamSplitter s(*p, 1 << 20);
  Collect d;
  s.feed("{\"x\":1", false, d);
  s.feed("", true, d);
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].find("incomplete JSON"), std::string::npos);
  s.feed("{\"y\":2}", true, d);
  EXPECT_EQ(d.records.size(), 1u);
}

}  // namespace
}  // namespace ferry::parse::test
