#include "event_builder.hpp"

#include <gtest/gtest.h>

#include "format/msgpack_writer.hpp"
#include "test_support.hpp"

namespace ferry::in_http {
namespace {

using test::events_text;
using Lines = std::vector<std::string>;

class EventBuilderTest : public ::testing::Test {
 protected:
  // Builds with the current settings; returns the events or "ERROR <class>: <msg>".
  Lines build() {
    EventBuilder b(settings);
    std::string batch;
    uint32_t count = 0, dropped = 0;
    BuildError err;
    if (!b.build(params, EventTime{1700000000, 5}, batch, count, dropped, &err))
      return {"ERROR " + err.error_class + ": " + err.message};
    last_dropped = dropped;
    Lines lines = events_text(batch);
    EXPECT_EQ(lines.size(), count);
    return lines;
  }

  HttpSettings settings;
  Params params;
  uint32_t last_dropped = 0;
};

TEST_F(EventBuilderTest, NoBodyParameterIsFluentdsError) {
  params.set("other", "1", true);
  EXPECT_EQ(build(),
            (Lines{"ERROR RuntimeError: 'json', 'ndjson' or 'msgpack' parameter is required"}));
}

TEST_F(EventBuilderTest, JsonObjectIsOneEventAtNow) {
  params.set_view("json", R"({"a":1,"s":"x/y \u00e9","n":null})");
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"a\":1,\"s\":\"x/y é\",\"n\":null}"}));
}

TEST_F(EventBuilderTest, JsonArrayIsABatchAndNonObjectsAreDropped) {
  params.set_view("json", R"([{"i":4},"str",5,{"i":6}])");
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"i\":4}", "1700000000.5 {\"i\":6}"}));
  EXPECT_EQ(last_dropped, 2u);
  params.set_view("json", "[]");
  EXPECT_EQ(build(), Lines{});
}

TEST_F(EventBuilderTest, InvalidOrScalarJsonIsRefused) {  // Fluentd: 200 and dropped
  params.set_view("json", R"({"broken": )");
  Lines r = build();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rfind("ERROR JSON::ParserError: JSON body: invalid JSON", 0), 0u) << r[0];
  params.set_view("json", "123");
  EXPECT_EQ(build(),
            (Lines{"ERROR ArgumentError: JSON body must be an object or an array of objects"}));
  params.set_view("json", "");
  EXPECT_EQ(build(), (Lines{"ERROR JSON::ParserError: JSON body is empty"}));
}

TEST_F(EventBuilderTest, RecordTimeFieldBecomesTheEventTimeAndIsRemoved) {
  params.set_view("json",
                  R"([{"time":1600000000,"a":1},{"a":2,"time":1600000000.5},{"time":null}])");
  EXPECT_EQ(build(),
            (Lines{"1600000000.0 {\"a\":1}", "1600000000.500000000 {\"a\":2}", "1700000000.5 {}"}));
}

TEST_F(EventBuilderTest, KeepTimeKeyAndCustomTimeKey) {
  settings.time_field.key = "ts";
  settings.time_field.keep = true;
  params.set_view("json", R"({"ts":1600000000,"time":5})");
  EXPECT_EQ(build(), (Lines{"1600000000.0 {\"ts\":1600000000,\"time\":5}"}));
}

TEST_F(EventBuilderTest, StringTimeWithoutTimeTypeIsA400) {
  params.set_view("json", R"({"time":"2023-11-14T22:13:20Z"})");
  Lines r = build();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rfind("ERROR TypeError: ", 0), 0u) << r[0];
}

TEST_F(EventBuilderTest, UnixtimeTimeType) {
  settings.time_field.mode = TimeFieldSettings::Mode::kUnixtime;
  params.set_view("json", R"({"time":"1600000000","a":1})");
  EXPECT_EQ(build(), (Lines{"1600000000.0 {\"a\":1}"}));
}

TEST_F(EventBuilderTest, TimeParameterWinsAndKeepsTheRecordField) {
  params.set("time", "1700000000.25", true);
  params.set_view("json", R"({"time":1,"a":1})");
  EXPECT_EQ(build(), (Lines{"1700000000.250000000 {\"time\":1,\"a\":1}"}));
  params.set("time", "0", true);  // zero: now, and the field is used again
  EXPECT_EQ(build(), (Lines{"1.0 {\"a\":1}"}));
}

TEST_F(EventBuilderTest, NdjsonLinesWithCrlfAndBlankLines) {
  params.set_view("ndjson", "{\"i\":1}\n{\"i\":2}\r\n\n[{\"i\":3},{\"i\":4}]\n");
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"i\":1}", "1700000000.5 {\"i\":2}",
                            "1700000000.5 {\"i\":3}", "1700000000.5 {\"i\":4}"}));
}

TEST_F(EventBuilderTest, ABadNdjsonLineRefusesTheWholeRequest) {
  params.set_view("ndjson", "{\"i\":1}\nnope\n");
  Lines r = build();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rfind("ERROR JSON::ParserError: ndjson line 2: invalid JSON", 0), 0u) << r[0];
}

TEST_F(EventBuilderTest, MsgpackStreamOfMapsAndArrays) {
  std::string mp;
  format::mp_map_header(mp, 1);
  format::mp_str(mp, "a");
  format::mp_int(mp, 1);
  format::mp_array_header(mp, 2);
  format::mp_map_header(mp, 0);
  format::mp_int(mp, 7);  // dropped, as Fluentd drops non-map elements
  params.set_view("msgpack", mp);
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"a\":1}", "1700000000.5 {}"}));
}

TEST_F(EventBuilderTest, BadMsgpackIsRefused) {  // Fluentd: 200, dropped
  params.set_view("msgpack", "not msgpack");
  EXPECT_EQ(
      build(),
      (Lines{"ERROR ArgumentError: msgpack object 0 must be an object or an array of objects"}));
  params.set_view("msgpack",
                  "\x82\xa1"
                  "a");
  Lines r = build();
  EXPECT_EQ(r[0].rfind("ERROR MessagePack::MalformedFormatError", 0), 0u) << r[0];
}

TEST_F(EventBuilderTest, PriorityIsMsgpackThenJsonThenNdjson) {
  std::string mp("\x81\xa1m\x01", 4);
  params.set_view("ndjson", R"({"from":"ndjson"})");
  params.set_view("json", R"({"from":"json"})");
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"from\":\"json\"}"}));
  params.set_view("msgpack", mp);
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"m\":1}"}));
}

TEST_F(EventBuilderTest, HeadersQueryParamsAndRemoteAddr) {
  settings.add_http_headers = true;
  settings.add_query_params = true;
  settings.add_remote_addr = true;
  params.set("QUERY_X", "1", true);
  params.set_view("json", R"({"HTTP_USER_AGENT":"mine","a":1})");
  params.set("HTTP_USER_AGENT", "curl", true);
  params.set_list("HTTP_X_MULTI", {"a", "b"});
  params.set("REMOTE_ADDR", "10.0.0.1", false);
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"HTTP_USER_AGENT\":\"curl\",\"a\":1,"
                            "\"HTTP_X_MULTI\":[\"a\",\"b\"],\"QUERY_X\":\"1\","
                            "\"REMOTE_ADDR\":\"10.0.0.1\"}"}));
}

TEST_F(EventBuilderTest, RemoteAddrIsNullWhenUnknown) {
  settings.add_remote_addr = true;
  params.set_view("json", "{}");
  EXPECT_EQ(build(), (Lines{"1700000000.5 {\"REMOTE_ADDR\":null}"}));
}

}  // namespace
}  // namespace ferry::in_http
