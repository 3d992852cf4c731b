#include "params.hpp"

#include <gtest/gtest.h>

#include "request_handler.hpp"

namespace ferry::in_http {
namespace {

std::string dump(const Params& p) {
  std::string out;
  for (const auto& [k, v] : p.items()) {
    out += std::string(k) + "=";
    if (!v.list.empty()) {
      out += "[";
      for (auto s : v.list) out += std::string(s) + ";";
      out += "]";
    } else {
      out += std::string(v.text);
    }
    out += "|";
  }
  return out;
}

std::string query(std::string_view q) {
  Params p;
  std::string k, v;
  parse_query_into(q, p, &k, &v);
  return dump(p);
}

TEST(DecodeWwwForm, DecodesPlusAndPercentEscapes) {
  EXPECT_EQ(query("json=%7B%22a%22%3A1%7D&x=a+b"), "json={\"a\":1}|x=a b|");
}

TEST(DecodeWwwForm, KeepsBadEscapesAndEmptyValues) {
  EXPECT_EQ(query("a=%zz%4&b&=c"), "a=%zz%4|b=|=c|");
}

TEST(DecodeWwwForm, LaterDuplicateReplacesValueAtFirstPosition) {
  EXPECT_EQ(query("a=1&b=2&a=3"), "a=3|b=2|");
}

TEST(DecodeWwwForm, EmptyAndTrailingSeparators) {
  EXPECT_EQ(query(""), "");
  EXPECT_EQ(query("a=1&"), "a=1|");
  EXPECT_EQ(query("a=1&&b=2"), "a=1|=|b=2|");
}

TEST(DecodeWwwForm, SplitsOnlyAtTheFirstEquals) {
  EXPECT_EQ(query("json={\"a\":\"x=y\"}"), "json={\"a\":\"x=y\"}|");
}

TEST(Multipart, ReadsNamedPartsAndChopsTheTrailingCrlf) {
  std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"json\"\r\n"
      "\r\n"
      "{\"a\":1}\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; filename=\"f.txt\"; name=\"other\"\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "line1\nline2\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"json\"\r\n"
      "\r\n"
      "{\"second\":true}\r\n"
      "--XyZ--\r\n";
  Params p;
  parse_multipart_into(body, "XyZ", p);
  EXPECT_EQ(dump(p), "json={\"a\":1}|other=line1\nline2|");
}

TEST(Multipart, IgnoresAPartNotClosedByABoundaryLine) {
  Params p;
  parse_multipart_into("--B\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{}\r\n--B--",
                       "B", p);
  EXPECT_EQ(dump(p), "");
}

TEST(Multipart, Dequote) {
  EXPECT_EQ(dequote("\"abc\""), "abc");
  EXPECT_EQ(dequote("a\\\"b"), "a\"b");
  EXPECT_EQ(dequote("plain"), "plain");
}

TEST(TagFromPath, JoinsPathSegmentsWithDots) {
  EXPECT_EQ(tag_from_path("/test/nested/path"), "test.nested.path");
  EXPECT_EQ(tag_from_path("/app.web"), "app.web");
  EXPECT_EQ(tag_from_path("/a//b/"), "a..b");
  EXPECT_EQ(tag_from_path("/a/b///"), "a.b");
  EXPECT_EQ(tag_from_path("/"), "");
  EXPECT_EQ(tag_from_path("/%41"), "%41");  // no URL decoding
}

TEST(SplitTarget, PathQueryAndAbsoluteForm) {
  std::string_view path, q;
  bool has_q = false;
  split_target("/a/b?x=1&y=2#frag", path, q, has_q);
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(q, "x=1&y=2");
  EXPECT_TRUE(has_q);
  split_target("http://host:9880/t.x?json=1", path, q, has_q);
  EXPECT_EQ(path, "/t.x");
  EXPECT_EQ(q, "json=1");
  split_target("/plain", path, q, has_q);
  EXPECT_EQ(path, "/plain");
  EXPECT_FALSE(has_q);
}

}  // namespace
}  // namespace ferry::in_http
