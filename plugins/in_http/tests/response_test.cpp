#include "response.hpp"

#include <gtest/gtest.h>

namespace ferry::in_http {
namespace {

std::string bytes(const Response& r) {
  std::string out;
  r.append_to(out);
  return out;
}

TEST(Response, DefaultsComeLastInFluentdsOrder) {
  EXPECT_EQ(bytes(Response("200 OK")),
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: text/plain\r\n\r\n");
  Response r("200 OK");
  r.set("Content-Type", "text/plain").set("Connection", "Keep-Alive");
  EXPECT_EQ(bytes(r),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: Keep-Alive\r\n"
            "Content-Length: 0\r\n\r\n");
}

TEST(Response, SetReplacesInPlace) {
  Response r("403 Forbidden");
  r.set("A", "1").set("B", "2").set("A", "3");
  EXPECT_EQ(bytes(r),
            "HTTP/1.1 403 Forbidden\r\nA: 3\r\nB: 2\r\nContent-Length: 0\r\n"
            "Content-Type: text/plain\r\n\r\n");
}

TEST(Response, BodyLengthCountsBytes) {
  Response r("413 Request Entity Too Large", "Too large");
  EXPECT_EQ(bytes(r),
            "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 9\r\n"
            "Content-Type: text/plain\r\n\r\nToo large");
}

TEST(Response, EmptyGifIsFluentds35Bytes) {
  std::string_view gif = empty_gif();
  ASSERT_EQ(gif.size(), 35u);
  EXPECT_EQ(gif.substr(0, 6), "GIF89a");
  EXPECT_EQ(gif.back(), ';');
  EXPECT_EQ(gif[31], 'D');
}

TEST(Response, ContinueLine) {
  EXPECT_EQ(kContinue, "HTTP/1.1 100 Continue\r\n\r\n");
}

}  // namespace
}  // namespace ferry::in_http
