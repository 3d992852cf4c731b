#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "format/formatter.hpp"
#include "format/msgpack_writer.hpp"
#include "test_records.hpp"

namespace ferry::format {
namespace {

using test::mp;

constexpr EventTime kTime{1700000000, 123456789};  // 2023-11-14 22:13:20.123456789 UTC

class Formatters : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }

  std::string run(const FormatOptions& o, const std::string& record, bool ok = true) {
    std::string error;
    auto f = make_formatter(o, &error);
    EXPECT_TRUE(f) << error;
    if (!f) return "CONFIG ERROR: " + error;
    std::string out;
    bool done = f->format("app.log", kTime, test::bytes(record), record.size(), out, &error);
    EXPECT_EQ(done, ok) << error;
    return done ? out : "ERROR: " + error;
  }

  std::string config_error(const FormatOptions& o) {
    std::string error;
    EXPECT_FALSE(make_formatter(o, &error));
    return error;
  }

  static FormatOptions type(const char* t) {
    FormatOptions o;
    o.type = t;
    return o;
  }
};

TEST_F(Formatters, JsonIsOjWithNewline) {
  std::string r = mp(R"({"a":1,"f":1e16,"s":"x/y"})");
  EXPECT_EQ(run(type("json"), r), "{\"a\":1,\"f\":10000000000000000.0,\"s\":\"x/y\"}\n");
  FormatOptions o = type("json");
  o.add_newline = false;
  EXPECT_EQ(run(o, r), R"({"a":1,"f":10000000000000000.0,"s":"x/y"})");
  o.add_newline = true;
  o.newline = "\r\n";
  o.json_parser = "json";  // JSON.generate floats
  EXPECT_EQ(run(o, r), "{\"a\":1,\"f\":1.0e+16,\"s\":\"x/y\"}\r\n");
}

TEST_F(Formatters, StdoutLineIsByteForByteFluentd) {
  EXPECT_EQ(run(type("stdout"), mp(R"({"mode":"json_body","n":1,"f":1.5,"b":true,"z":null})")),
            "2023-11-14 22:13:20.123456789 +0000 app.log: "
            "{\"mode\":\"json_body\",\"n\":1,\"f\":1.5,\"b\":true,\"z\":null}\n");
}

TEST_F(Formatters, StdoutUsesLocalTime) {
  setenv("TZ", "Asia/Tokyo", 1);
  tzset();
  FormatOptions o = type("stdout");
  o.time.utc = true;  // ignored by Fluentd's stdout formatter: always localtime
  EXPECT_EQ(run(o, mp(R"({"a":1})")), "2023-11-15 07:13:20.123456789 +0900 app.log: {\"a\":1}\n");
}

TEST_F(Formatters, StdoutWithOtherInnerFormatters) {
  FormatOptions o = type("stdout");
  o.output_type = "ltsv";
  EXPECT_EQ(run(o, mp(R"({"a":1,"b":"x"})")),
            "2023-11-14 22:13:20.123456789 +0000 app.log: a:1\tb:x\n");
  o.output_type = "hash";
  o.time.format = "%H:%M:%S";
  EXPECT_EQ(run(o, mp(R"({"a":1})")), "22:13:20 app.log: {\"a\"=>1}\n");
  o.output_type = "stdout";
  EXPECT_EQ(config_error(o), "output_type stdout is not allowed for the stdout formatter");
  o.output_type = "nope";
  EXPECT_NE(config_error(o).find("Unknown formatter plugin 'nope'"), std::string::npos);
}

TEST_F(Formatters, OutFileDefault) {
  std::string r = mp(R"({"a":1,"f":1e16})");
  EXPECT_EQ(run(type("out_file"), r),
            "2023-11-14T22:13:20+00:00\tapp.log\t{\"a\":1,\"f\":1.0e+16}\n");
}

TEST_F(Formatters, OutFileOptions) {
  std::string r = mp(R"({"a":1})");
  FormatOptions o = type("out_file");
  o.delimiter = "SPACE";
  o.time.utc = true;
  EXPECT_EQ(run(o, r), "2023-11-14T22:13:20Z app.log {\"a\":1}\n");
  o.delimiter = "comma";
  o.time.type = TimeFormatOptions::Type::kUnixtime;
  EXPECT_EQ(run(o, r), "1700000000,app.log,{\"a\":1}\n");
  o.delimiter = "|";  // anything else silently means a tab
  o.output_tag = false;
  o.time.type = TimeFormatOptions::Type::kString;
  o.time.format = "%Y%m%d%H%M%S.%L";
  EXPECT_EQ(run(o, r), "20231114221320.123\t{\"a\":1}\n");
  o.output_time = false;
  EXPECT_EQ(run(o, r), "{\"a\":1}\n");
  o.time.timezone = "Nowhere/Land";
  EXPECT_EQ(config_error(o), "Unsupported timezone 'Nowhere/Land'");
}

TEST_F(Formatters, OutFileRefusesNaNLikeJsonGenerate) {
  std::string r;
  mp_map_header(r, 1);
  mp_str(r, "x");
  mp_double(r, 0.0 / 0.0);
  EXPECT_EQ(run(type("out_file"), r, false), "ERROR: NaN not allowed in JSON");
}

TEST_F(Formatters, SingleValue) {
  std::string r = mp(R"({"message":"hello","n":12,"arr":[1,"a"],"nil":null})");
  EXPECT_EQ(run(type("single_value"), r), "hello\n");
  FormatOptions o = type("single_value");
  o.message_key = "n";
  o.add_newline = false;
  EXPECT_EQ(run(o, r), "12");
  o.message_key = "arr";
  EXPECT_EQ(run(o, r), "[1, \"a\"]");
  o.message_key = "missing";
  o.add_newline = true;
  EXPECT_EQ(run(o, r), "\n");
  o.message_key = "nil";
  EXPECT_EQ(run(o, r), "\n");
}

TEST_F(Formatters, Ltsv) {
  std::string r = mp(R"({"a":"x\ty","b":1.0,"c":null,"d":{"e":true}})");
  EXPECT_EQ(run(type("ltsv"), r), "a:x y\tb:1.0\tc:\td:{\"e\"=>true}\n");
  FormatOptions o = type("ltsv");
  o.delimiter = ",";
  o.label_delimiter = "=";
  o.replacement = ";";
  o.add_newline = false;
  EXPECT_EQ(run(o, mp(R"({"a":"1,2","b":"z"})")), "a=1;2,b=z");
}

TEST_F(Formatters, CsvQuotesEverythingByDefault) {
  FormatOptions o = type("csv");
  o.fields = std::vector<std::string>{"a", "b", "missing", "q"};
  std::string r = mp(R"({"a":"x","b":2,"q":"say \"hi\""})");
  EXPECT_EQ(run(o, r), "\"x\",\"2\",\"\",\"say \"\"hi\"\"\"\n");
}

TEST_F(Formatters, CsvWithoutForceQuotes) {
  FormatOptions o = type("csv");
  o.fields = std::vector<std::string>{"a", "b", "c", "d", "e", "f"};
  o.force_quotes = false;
  o.delimiter = "TAB";
  o.add_newline = false;
  std::string r = mp(R"({"a":"plain","b":"","c":null,"d":"t\tab","e":"new\nline","f":1.5})");
  EXPECT_EQ(run(o, r), "plain\t\"\"\t\t\"t\tab\"\t\"new\nline\"\t1.5");
}

TEST_F(Formatters, CsvRecordAccessorFields) {
  FormatOptions o = type("csv");
  o.fields = std::vector<std::string>{"$.a.b", "$['c d'][1]", "", "top"};
  o.delimiter = "\\t";
  std::string r = mp(R"({"a":{"b":"deep"},"c d":[0,"second"],"top":3})");
  EXPECT_EQ(run(o, r), "\"deep\"\t\"second\"\t\"3\"\n");
  EXPECT_EQ(run(o, mp(R"({"a":"string"})"), false),
            "ERROR: field 1: value does not have #dig method");
}

TEST_F(Formatters, CsvConfigErrors) {
  EXPECT_EQ(config_error(type("csv")), "'fields' parameter is required");
  FormatOptions o = type("csv");
  o.fields = std::vector<std::string>{"", ""};
  EXPECT_EQ(config_error(o), "empty value is specified in fields parameter");
  o.fields = std::vector<std::string>{"$.a[x]"};
  EXPECT_EQ(config_error(o), "invalid value for Integer(): \"x\"");
}

TEST_F(Formatters, Tsv) {
  FormatOptions o = type("tsv");
  EXPECT_EQ(config_error(o), "'keys' parameter is required");
  o.keys = std::vector<std::string>{"b", "a", "none"};
  EXPECT_EQ(run(o, mp(R"({"a":"x","b":[1]})")), "[1]\tx\t\n");
  o.delimiter = "|";
  o.add_newline = false;
  EXPECT_EQ(run(o, mp(R"({"a":"x","b":false})")), "false|x|");
}

TEST_F(Formatters, MsgpackReencodesLikeMsgpackRuby) {
  std::string r;
  mp_map_header(r, 2);
  r.append("\xd9\x01k", 3);     // str8 for a 1-byte string
  r.append("\xcd\x00\x05", 3);  // uint16 holding 5
  mp_str(r, "f");
  r.append("\xca\x3f\xc0\x00\x00", 5);  // float32 1.5
  EXPECT_EQ(run(type("msgpack"), r), std::string("\x82\xa1k\x05\xa1"
                                                 "f\xcb\x3f\xf8\x00\x00\x00\x00\x00\x00",
                                                 15));
}

TEST_F(Formatters, HashIsRubyInspect) {
  std::string r = mp(R"({"a":1,"s":"q\"#{x}\n\u0001é","n":null,"l":[1.5,true,{}],"big":1e20})");
  EXPECT_EQ(run(type("hash"), r),
            "{\"a\"=>1, \"s\"=>\"q\\\"\\#{x}\\n\\u0001\xC3\xA9\", \"n\"=>nil, "
            "\"l\"=>[1.5, true, {}], \"big\"=>1.0e+20}\n");
}

TEST_F(Formatters, HashBinaryAndEventTime) {
  std::string r;
  mp_map_header(r, 2);
  mp_str(r, "b");
  mp_bin(r, "\xC3\xA9");
  mp_str(r, "t");
  mp_ext(r, 0, std::string("\x65\x53\xf1\x00\x07\x5b\xcd\x15", 8));
  EXPECT_EQ(run(type("hash"), r),
            "{\"b\"=>\"\\xC3\\xA9\", \"t\"=>2023-11-14 22:13:20.123456789 +0000}\n");
}

TEST_F(Formatters, UnknownTypeListsTheKnownOnes) {
  EXPECT_EQ(config_error(type("xml")),
            "Unknown formatter plugin 'xml'. Built-in formatters: csv, hash, json, ltsv, msgpack, "
            "out_file, single_value, stdout, tsv");
}

}  // namespace
}  // namespace ferry::format
