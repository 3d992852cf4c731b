#include "request_handler.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

#include "format/msgpack_writer.hpp"
#include "test_support.hpp"

namespace ferry::in_http {
namespace {

using test::events_text;
using Lines = std::vector<std::string>;

constexpr const char* k200KeepAlive =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: Keep-Alive\r\n"
    "Content-Length: 0\r\n\r\n";

class HandlerTest : public ::testing::Test {
 protected:
  Request post(std::string target, std::string content_type, std::string body) {
    Request r;
    r.method = "POST";
    r.target = std::move(target);
    r.peer_ip = "127.0.0.1";
    if (!content_type.empty()) r.headers.push_back({"Content-Type", std::move(content_type)});
    r.body = std::move(body);
    return r;
  }
  // Returns the response bytes; `closed` tells whether the connection ends.
  std::string run(const Request& r) {
    RequestHandler h(settings, sink);
    std::string out;
    closed = h.handle(r, out);
    return out;
  }
  Lines events(size_t i = 0) {
    if (i >= sink.emitted.size()) return {"<no emit>"};
    return events_text(sink.emitted[i].events);
  }

  HttpSettings settings;
  test::FakeSink sink;
  bool closed = false;
};

TEST_F(HandlerTest, JsonPostAnswers200KeepAliveAndEmitsOnce) {
  EXPECT_EQ(run(post("/test/nested/path?x=1", "application/json", R"([{"a":1},{"a":2}])")),
            k200KeepAlive);
  EXPECT_FALSE(closed);
  ASSERT_EQ(sink.emitted.size(), 1u);
  EXPECT_EQ(sink.emitted[0].tag, "test.nested.path");
  EXPECT_EQ(sink.emitted[0].count, 2u);
  EXPECT_EQ(events(), (Lines{"1700000000.5 {\"a\":1}", "1700000000.5 {\"a\":2}"}));
}

TEST_F(HandlerTest, FormQueryCspAndCharsetBodies) {
  run(post("/t", "application/x-www-form-urlencoded", "json=%7B%22f%22%3A1%7D"));
  run(post("/t?json=%7B%22q%22%3A1%7D", "", ""));
  run(post("/t", "application/csp-report", R"({"c":1})"));
  run(post("/t", "application/json; charset=utf-8", R"({"j":1})"));
  run(post("/t", "application/x-ndjson", "{\"n\":1}\n{\"n\":2}"));
  ASSERT_EQ(sink.emitted.size(), 5u);
  EXPECT_EQ(events(0), (Lines{"1700000000.5 {\"f\":1}"}));
  EXPECT_EQ(events(1), (Lines{"1700000000.5 {\"q\":1}"}));
  EXPECT_EQ(events(2), (Lines{"1700000000.5 {\"c\":1}"}));
  EXPECT_EQ(events(3), (Lines{"1700000000.5 {\"j\":1}"}));
  EXPECT_EQ(events(4).size(), 2u);
}

TEST_F(HandlerTest, ContentTypesAreCaseSensitivePrefixes) {
  std::string r = run(post("/t", "Application/JSON", "{}"));
  EXPECT_EQ(r,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: Keep-Alive\r\n"
            "Content-Length: 68\r\n\r\n400 Bad Request\n'json', 'ndjson' or 'msgpack' parameter "
            "is required\n");
  EXPECT_TRUE(sink.emitted.empty());
  ASSERT_EQ(sink.logs.size(), 1u);
  EXPECT_EQ(sink.logs[0],
            "4 failed to process request error_class=RuntimeError error=\"'json', 'ndjson' or "
            "'msgpack' parameter is required\"");
}

TEST_F(HandlerTest, MultipartJsonField) {
  std::string body =
      "--b1\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{\"m\":1}\r\n--b1--\r\n";
  EXPECT_EQ(run(post("/t", "multipart/form-data; boundary=b1", body)), k200KeepAlive);
  EXPECT_EQ(events(), (Lines{"1700000000.5 {\"m\":1}"}));
}

TEST_F(HandlerTest, InvalidJsonIsA400WithAReason) {  // Fluentd: 200, dropped
  std::string r = run(post("/t", "application/json", "{\"broken\": "));
  EXPECT_EQ(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  EXPECT_NE(r.find("\r\n\r\n400 Bad Request\nJSON body: invalid JSON"), std::string::npos) << r;
  EXPECT_TRUE(sink.emitted.empty());
  EXPECT_FALSE(closed);
}

TEST_F(HandlerTest, GetIsAHealthCheckThatCloses) {
  Request r;
  r.method = "GET";
  r.target = "/anything";
  EXPECT_EQ(run(r), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: text/plain\r\n\r\n");
  EXPECT_TRUE(closed);
  EXPECT_TRUE(sink.emitted.empty());
}

TEST_F(HandlerTest, Http10ClosesUnlessKeepAliveIsAsked) {
  Request r = post("/t", "application/json", "{}");
  r.version = 10;
  EXPECT_EQ(run(r), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(closed);
  r.headers.push_back({"Connection", "keep-alive"});
  EXPECT_EQ(run(r), k200KeepAlive);
  EXPECT_FALSE(closed);
  r.version = 11;
  r.headers.back().value = "close";
  run(r);
  EXPECT_TRUE(closed);
}

TEST_F(HandlerTest, Use204AndEmptyImage) {
  settings.use_204_response = true;
  EXPECT_EQ(run(post("/t", "application/json", "{}")),
            "HTTP/1.1 204 No Content\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n"
            "Content-Type: text/plain\r\n\r\n");
  settings.respond_with_empty_img = true;
  std::string r = run(post("/t", "application/json", "{}"));
  EXPECT_EQ(r.substr(0, r.find("\r\n\r\n") + 4),
            "HTTP/1.1 200 OK\r\nContent-Type: image/gif; charset=utf-8\r\n"
            "Connection: Keep-Alive\r\nContent-Length: 35\r\n\r\n");
  EXPECT_EQ(r.substr(r.size() - 35), empty_gif());
}

TEST_F(HandlerTest, TagPrefix) {
  settings.add_tag_prefix = "pre";
  run(post("/a/b", "application/json", "{}"));
  ASSERT_EQ(sink.emitted.size(), 1u);
  EXPECT_EQ(sink.emitted[0].tag, "pre.a.b");
}

TEST_F(HandlerTest, HeadersAsHttpFieldsWithRepeatsAsArrays) {
  settings.add_http_headers = true;
  settings.add_remote_addr = true;
  settings.add_query_params = true;
  Request r = post("/t?a-b=1", "application/json", "{}");
  r.headers.push_back({"X-Forwarded-For", "10.1.1.1, 10.2.2.2"});
  r.headers.push_back({"X-Multi", "one"});
  r.headers.push_back({"X-Multi", "two"});
  run(r);
  EXPECT_EQ(events(), (Lines{"1700000000.5 {\"HTTP_CONTENT_TYPE\":\"application/json\","
                             "\"HTTP_X_FORWARDED_FOR\":\"10.1.1.1, 10.2.2.2\","
                             "\"HTTP_X_MULTI\":[\"one\",\"two\"],\"QUERY_A_B\":\"1\","
                             "\"REMOTE_ADDR\":\"10.1.1.1\"}"}));
}

TEST_F(HandlerTest, RemoteAddrIsThePeerWithoutForwardedFor) {
  settings.add_remote_addr = true;
  run(post("/t", "application/json", "{}"));
  EXPECT_EQ(events(), (Lines{"1700000000.5 {\"REMOTE_ADDR\":\"127.0.0.1\"}"}));
}

TEST_F(HandlerTest, PushBackIs503AndDropIs500) {
  sink.emit_status = FERRY_RETRY;
  std::string r = run(post("/t", "application/json", "{}"));
  EXPECT_EQ(r.rfind("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                    "Retry-After: 1\r\nConnection: Keep-Alive\r\n",
                    0),
            0u)
      << r;
  sink.emit_status = FERRY_DROP;
  r = run(post("/t", "application/json", "{}"));
  EXPECT_EQ(r.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u) << r;
  EXPECT_NE(r.find("\r\n\r\n500 Internal Server Error\n"), std::string::npos);
}

std::string gzip(std::string_view in) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(in.size() + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

TEST_F(HandlerTest, GzipBodiesAreDecodedAndBadOnesAre400AndClose) {
  Request r = post("/t", "application/json", gzip(R"({"z":1})"));
  r.headers.push_back({"Content-Encoding", "gzip"});
  EXPECT_EQ(run(r), k200KeepAlive);
  EXPECT_EQ(events(), (Lines{"1700000000.5 {\"z\":1}"}));
  r.body = "garbage";
  EXPECT_EQ(run(r),
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nContent-Type: text/plain\r\n\r\n");
  EXPECT_TRUE(closed);
  settings.decompression_size_limit = 4;
  r.body = gzip(R"({"z":1})");
  EXPECT_EQ(run(r).rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
}

class CorsTest : public HandlerTest {
 protected:
  void SetUp() override {
    settings.cors_allow_origins =
        std::vector<std::string>{"http://ok.example", "https://*.wild.example"};
  }
  Request options(std::string origin, std::string method) {
    Request r;
    r.method = "OPTIONS";
    r.target = "/t";
    r.headers.push_back({"Origin", std::move(origin)});
    r.headers.push_back({"Access-Control-Request-Method", std::move(method)});
    r.headers.push_back({"Access-Control-Request-Headers", "Content-Type"});
    return r;
  }
};

TEST_F(HandlerTest, OptionsWithoutCorsIs403) {
  Request r;
  r.method = "OPTIONS";
  r.target = "/t";
  EXPECT_EQ(run(r),
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nContent-Type: text/plain\r\n\r\n");
  EXPECT_TRUE(closed);
}

TEST_F(CorsTest, PreflightEchoesAnAllowedOrigin) {
  settings.cors_allow_credentials = true;
  EXPECT_EQ(run(options("https://a.wild.example", "POST")),
            "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Methods: POST\r\n"
            "Access-Control-Allow-Headers: Content-Type\r\n"
            "Access-Control-Allow-Origin: https://a.wild.example\r\n"
            "Access-Control-Allow-Credentials: true\r\nContent-Length: 0\r\n"
            "Content-Type: text/plain\r\n\r\n");
  EXPECT_EQ(run(options("https://evil.example", "POST")).rfind("HTTP/1.1 403 Forbidden", 0), 0u);
  EXPECT_EQ(run(options("http://ok.example", "PUT")).rfind("HTTP/1.1 403 Forbidden", 0), 0u);
}

TEST_F(CorsTest, PostFromADisallowedOriginIs403AndClose) {
  Request r = post("/t", "application/json", "{}");
  r.headers.push_back({"Origin", "https://evil.example"});
  EXPECT_EQ(run(r),
            "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n"
            "Content-Type: text/plain\r\n\r\n");
  EXPECT_TRUE(closed);
  EXPECT_TRUE(sink.emitted.empty());
}

TEST_F(CorsTest, AllowedPostEchoesTheOrigin) {
  Request r = post("/t", "application/json", "{}");
  r.headers.push_back({"Origin", "http://ok.example"});
  EXPECT_EQ(run(r),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            "Access-Control-Allow-Origin: http://ok.example\r\nConnection: Keep-Alive\r\n"
            "Content-Length: 0\r\n\r\n");
  // No Origin at all: a server-to-server request, allowed without the header.
  EXPECT_EQ(run(post("/t", "application/json", "{}")), k200KeepAlive);
}

TEST_F(CorsTest, WildcardAnswersStar) {
  settings.cors_allow_origins = std::vector<std::string>{"*"};
  Request r = post("/t", "application/json", "{}");
  r.headers.push_back({"Origin", "http://any.example"});
  EXPECT_NE(run(r).find("Access-Control-Allow-Origin: *\r\n"), std::string::npos);
}

TEST_F(HandlerTest, ExpectHeader) {
  RequestHandler h(settings, sink);
  HeadInfo head;
  EXPECT_EQ(h.on_head(head).kind, HeadReply::Kind::kReadBody);
  head.has_expect = true;
  head.expect = "100-continue";
  head.has_content_length = true;
  head.content_length = 10;
  HeadReply r = h.on_head(head);
  EXPECT_EQ(r.kind, HeadReply::Kind::kContinue);
  EXPECT_EQ(r.bytes, "HTTP/1.1 100 Continue\r\n\r\n");
  head.content_length = settings.body_size_limit;  // Fluentd: size < limit only
  r = h.on_head(head);
  EXPECT_EQ(r.kind, HeadReply::Kind::kReject);
  EXPECT_EQ(r.bytes,
            "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 9\r\n"
            "Content-Type: text/plain\r\n\r\nToo large");
  head.expect = "something-else";
  r = h.on_head(head);
  EXPECT_EQ(r.bytes,
            "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n"
            "Content-Type: text/plain\r\n\r\n");
}

// A custom <parse> parser standing in for the core's: yields the events or
// the failure it is given, and records the bodies it saw.
class ScriptedParser : public BodyParser {
 public:
  bool parse(std::string_view body, const OnEvent& on_event, std::string* error) override {
    bodies.emplace_back(body);
    for (const auto& [event, time_set] : events) on_event(event, time_set);
    if (!fail_with.empty()) *error = fail_with;
    return fail_with.empty();
  }
  // [time, {"msg": text}]; time 0 when !time_set, as the core makes it.
  void add(EventTime t, std::string_view text, bool time_set = true) {
    std::string e;
    e.push_back(char(0x92));
    append_event_time(e, time_set ? t : EventTime{});
    format::mp_map_header(e, 1);
    format::mp_str(e, "msg");
    format::mp_str(e, text);
    events.emplace_back(std::move(e), time_set);
  }
  std::vector<std::string> bodies;
  std::vector<std::pair<std::string, bool>> events;
  std::string fail_with;
};

class CustomParserTest : public HandlerTest {
 protected:
  std::string run_custom(const Request& r) {
    RequestHandler h(settings, sink, &parser);
    std::string out;
    closed = h.handle(r, out);
    return out;
  }
  ScriptedParser parser;
};

TEST_F(CustomParserTest, RawBodyWhateverTheContentTypeAndEveryEventEmittedOnce) {
  parser.add(EventTime{1600000000, 7}, "one");
  parser.add(EventTime{}, "two", /*time_set=*/false);
  EXPECT_EQ(run_custom(post("/custom?json=%7B%7D", "application/x-www-form-urlencoded",
                            "json=%7B%22f%22%3A1%7D")),
            k200KeepAlive);
  EXPECT_EQ(parser.bodies, (Lines{"json=%7B%22f%22%3A1%7D"}));
  ASSERT_EQ(sink.emitted.size(), 1u);
  EXPECT_EQ(sink.emitted[0].tag, "custom");
  EXPECT_EQ(sink.emitted[0].count, 2u);
  // No time from the parser: now.
  EXPECT_EQ(events(), (Lines{"1600000000.7 {\"msg\":\"one\"}", "1700000000.5 {\"msg\":\"two\"}"}));
}

TEST_F(CustomParserTest, TimeParameterAndExtraFieldsApply) {
  settings.add_remote_addr = true;
  parser.add(EventTime{1600000000, 7}, "one");
  run_custom(post("/c?time=1500000000.25", "text/plain", "line"));
  EXPECT_EQ(events(),
            (Lines{"1500000000.250000000 {\"msg\":\"one\",\"REMOTE_ADDR\":\"127.0.0.1\"}"}));
}

TEST_F(CustomParserTest, DecompressedBodyIsParsed) {
  parser.add(EventTime{1600000000, 0}, "x");
  Request r = post("/gz", "text/plain", gzip("raw text"));
  r.headers.push_back({"Content-Encoding", "gzip"});
  run_custom(r);
  EXPECT_EQ(parser.bodies, (Lines{"raw text"}));
  EXPECT_EQ(sink.emitted.size(), 1u);
}

TEST_F(CustomParserTest, ParseFailureIs400WithTheReasonAndNothingEmitted) {
  parser.add(EventTime{1600000000, 0}, "ok");
  parser.fail_with = "pattern not matched with data 'bad'";
  std::string r = run_custom(post("/c", "text/plain", "ok\nbad"));
  EXPECT_EQ(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << r;
  EXPECT_NE(r.find("\r\n\r\n400 Bad Request\npattern not matched with data 'bad'\n"),
            std::string::npos)
      << r;
  EXPECT_TRUE(sink.emitted.empty());
  ASSERT_FALSE(sink.logs.empty());
  EXPECT_NE(sink.logs.back().find("failed to process request "
                                  "error_class=Fluent::Plugin::Parser::ParserError"),
            std::string::npos)
      << sink.logs.back();
}

}  // namespace
}  // namespace ferry::in_http
