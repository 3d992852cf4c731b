// Record rewriting: key order, renew_record/keep_keys, remove_keys,
// renew_time_key, error events; compat cases rt_keep_keys_renew_record,
// rt_remove_keys and yaml_config.
#include <gtest/gtest.h>

#include <cmath>

#include "format/msgpack_writer.hpp"
#include "test_support.hpp"

namespace ferry::record_transformer {
namespace {

using testing::decode;
using testing::event;
using testing::RecordingSink;
using testing::run;
using testing::run_one;
using testing::settings;

class RecordRewriterTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::use_utc(); }
  RecordingSink sink;
};

TEST_F(RecordRewriterTest, InputKeysFirstThenNewKeysOverwritingInPlace) {
  EXPECT_EQ(run_one(settings({{"c", "3"}, {"a", "new"}}), "t", R"({"a":1,"b":2})", sink),
            R"({"a":"new","b":2,"c":"3"})");
}

TEST_F(RecordRewriterTest, LaterRecordSectionsOverrideEarlierKeysAtTheirFirstPlace) {
  auto s = settings({{"x", "1"}, {"y", "2"}, {"x", "3"}});
  EXPECT_EQ(run_one(s, "t", R"({})", sink), R"({"x":"3","y":"2"})");
}

TEST_F(RecordRewriterTest, DuplicateInputKeyIsWrittenOnceWhenOverwritten) {
  std::string rec;
  format::mp_map_header(rec, 3);
  for (auto [k, v] : {std::pair{"a", "1"}, {"b", "2"}, {"a", "3"}}) {
    format::mp_str(rec, k);
    format::mp_str(rec, v);
  }
  std::string in;
  testing::append_event_time(in, 1, 0);
  in += rec;
  std::vector<std::string> warnings;
  RecordRewriter rw(settings({{"a", "x"}}), warnings);
  std::string out;
  ASSERT_EQ(rw.rewrite("t", in, out, sink), 1u);
  EXPECT_EQ(decode(out)[0].json, R"({"a":"x","b":"2"})");
}

// compat/rt_keep_keys_renew_record
TEST_F(RecordRewriterTest, CompatKeepKeysRenewRecord) {
  auto keep = settings({{"source", "${tag}"}, {"orig_msg", "${record[\"msg\"]}"}});
  keep.renew_record = true;
  keep.keep_keys = std::vector<std::string>{"user", "missing", "level"};
  EXPECT_EQ(
      run_one(keep, "app.keep", R"({"msg":"m1","user":"u1","level":"info","drop":"x"})", sink),
      R"({"user":"u1","level":"info","source":"app.keep","orig_msg":"m1"})");

  auto renew = settings({{"only_this", "${record[\"msg\"]}"}});
  renew.renew_record = true;
  EXPECT_EQ(run_one(renew, "app.renew", R"({"msg":"m2","user":"u2"})", sink),
            R"({"only_this":"m2"})");

  auto empty = settings({});
  empty.renew_record = true;
  EXPECT_EQ(run_one(empty, "app.renew_empty", R"({"msg":"m3"})", sink), "{}");
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(RecordRewriterTest, KeepKeysNeedsRenewRecord) {
  auto s = settings({});
  s.keep_keys = std::vector<std::string>{"a"};
  s.keep_keys_location = "fluent.conf:4";
  std::vector<std::string> warnings;
  try {
    RecordRewriter rw(s, warnings);
    FAIL() << "accepted keep_keys without renew_record";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "fluent.conf:4: `renew_record` must be true to use `keep_keys`");
  }
}

// compat/rt_remove_keys
TEST_F(RecordRewriterTest, CompatRemoveKeys) {
  auto s = settings({{"added", "will_be_removed"}, {"kept_added", "yes"}});
  s.remove_keys = std::vector<std::string>{"password", "nested.secret", "$.nested.token",
                                           "absent_key", "added"};
  EXPECT_EQ(
      run_one(
          s, "app.rm",
          R"({"user":"u1","password":"hunter2","nested":{"secret":"s","token":"t","keep":1},"nested.secret":"dotted_top_level_key"})",
          sink),
      R"({"user":"u1","nested":{"secret":"s","keep":1},"kept_added":"yes"})");
}

TEST_F(RecordRewriterTest, RemoveKeysNestedArrayIndexAndMissingParents) {
  auto s = settings({});
  s.remove_keys =
      std::vector<std::string>{"$.a[0]", "$['b c']['d']", "$.x.y.z", "$.s.t", "$.a[-1]"};
  EXPECT_EQ(run_one(s, "t", R"({"a":[1,2,3],"b c":{"d":1,"e":2},"s":"str"})", sink),
            R"({"a":[2],"b c":{"e":2},"s":"str"})");
}

TEST_F(RecordRewriterTest, BadRemoveKeysPathIsAConfigError) {
  auto s = settings({});
  s.remove_keys = std::vector<std::string>{"$.a[0", "$['a\"]"};
  s.remove_keys_location = "fluent.conf:3";
  std::vector<std::string> warnings;
  try {
    RecordRewriter rw(s, warnings);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "fluent.conf:3: remove_keys `$.a[0`: '[' found but ']' not found. Invalid syntax: "
              "$.a[0\nfluent.conf:3: remove_keys `$['a\"]`: Mismatched quotes. Invalid syntax: "
              "$['a\"]");
  }
}

// compat/yaml_config (the record_transformer part of both filters).
TEST_F(RecordRewriterTest, CompatYamlConfig) {
  auto first = settings({{"tag", "${tag}"},
                         {"first_part", "${tag_parts[0]}"},
                         {"user_copy", "${record[\"user\"]}"},
                         {"host_embedded", "<HOSTNAME>"},
                         {"home_embedded", "/compat-home"},
                         {"plain_hash_not_ruby", "#{1 + 1}"}});
  auto second = settings({});
  second.remove_keys = std::vector<std::string>{"user"};
  std::vector<std::string> warnings;
  RecordRewriter a(first, warnings), b(second, warnings);
  std::string in = event(1700000000, R"({"user":"u1","n":1})");
  std::string mid, out;
  ASSERT_EQ(a.rewrite("app.web", in, mid, sink), 1u);
  ASSERT_EQ(b.rewrite("app.web", mid, out, sink), 1u);
  EXPECT_EQ(
      decode(out)[0].json,
      R"({"n":1,"tag":"app.web","first_part":"app","user_copy":"u1","host_embedded":"<HOSTNAME>","home_embedded":"/compat-home","plain_hash_not_ruby":"#{1 + 1}"})");
  out.clear();
  ASSERT_EQ(a.rewrite("app.skip", event(1700000000, R"({"n":2})"), out, sink), 1u);
  EXPECT_EQ(
      decode(out)[0].json,
      R"({"n":2,"tag":"app.skip","first_part":"app","user_copy":null,"host_embedded":"<HOSTNAME>","home_embedded":"/compat-home","plain_hash_not_ruby":"#{1 + 1}"})");
  EXPECT_EQ(sink.warnings,
            std::vector<std::string>{R"(unknown placeholder `${record["user"]}` found)"});
}

TEST_F(RecordRewriterTest, EventTimeIsKeptUnlessRenewed) {
  std::vector<std::string> warnings;
  RecordRewriter rw(settings({{"a", "1"}}), warnings);
  std::string out;
  rw.rewrite("t", event(1700000000, R"({})", 123456789), out, sink);
  auto d = decode(out);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].sec, 1700000000u);
  EXPECT_EQ(d[0].nsec, 123456789u);
}

TEST_F(RecordRewriterTest, RenewTimeKeyTakesFloatSecondsExactly) {
  auto s = settings({});
  s.renew_time_key = "ts";
  std::vector<std::string> warnings;
  RecordRewriter rw(s, warnings);
  std::string out;
  rw.rewrite("t",
             event(1, R"({"ts":1700000000.123})") + event(1, R"({"ts":"1600000000.5abc"})") +
                 event(1, R"({"ts":1500000000})") + event(1, R"({"ts":null})") +
                 event(7, R"({"other":1})"),
             out, sink);
  auto d = decode(out);
  ASSERT_EQ(d.size(), 5u);
  // Time.at(1700000000.123).nsec: the double is 1700000000.1229999065...
  EXPECT_EQ(d[0].sec, 1700000000u);
  EXPECT_EQ(d[0].nsec, 122999906u);
  EXPECT_EQ(d[0].json, R"({"ts":1700000000.123})");  // the key is kept
  EXPECT_EQ(d[1].sec, 1600000000u);
  EXPECT_EQ(d[1].nsec, 500000000u);
  EXPECT_EQ(d[2].sec, 1500000000u);
  EXPECT_EQ(d[3].sec, 0u);  // nil.to_f
  EXPECT_EQ(d[4].sec, 7u);  // no such key: time unchanged
}

TEST_F(RecordRewriterTest, RenewTimeKeyReadsTheNewRecordBeforeRemoveKeys) {
  auto s = settings({{"ts", "${record[\"t\"]}"}});
  s.renew_time_key = "ts";
  s.remove_keys = std::vector<std::string>{"ts"};
  std::vector<std::string> warnings;
  RecordRewriter rw(s, warnings);
  std::string out;
  rw.rewrite("t", event(1, R"({"t":42})"), out, sink);
  auto d = decode(out);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].sec, 42u);
  EXPECT_EQ(d[0].json, R"({"t":42})");
}

TEST_F(RecordRewriterTest, RenewTimeKeyOnAHashGoesToTheErrorStream) {
  auto s = settings({});
  s.renew_time_key = "ts";
  const std::string bad = event(5, R"({"ts":{"a":1}})");
  std::vector<std::string> warnings;
  RecordRewriter rw(s, warnings);
  std::string out;
  EXPECT_EQ(rw.rewrite("t", bad + event(6, R"({"ts":9})"), out, sink), 1u);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].first, bad);  // the event as received
  EXPECT_EQ(sink.errors[0].second, "undefined method `to_f' for {\"a\"=>1}:Hash");
  EXPECT_EQ(sink.error_classes[0], "NoMethodError");
  EXPECT_EQ(decode(out)[0].sec, 9u);
}

TEST_F(RecordRewriterTest, RenewTimeKeyNaNIsAFloatDomainError) {
  auto s = settings({});
  s.renew_time_key = "ts";
  std::string bad;
  testing::append_event_time(bad, 5, 0);
  format::mp_map_header(bad, 1);
  format::mp_str(bad, "ts");
  format::mp_double(bad, std::nan(""));
  std::vector<std::string> warnings;
  RecordRewriter rw(s, warnings);
  std::string out;
  EXPECT_EQ(rw.rewrite("t", bad, out, sink), 0u);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second, "NaN");
  EXPECT_EQ(sink.error_classes[0], "FloatDomainError");  // Time.at(Float::NAN)
}

TEST_F(RecordRewriterTest, NonMapRecordGoesToTheErrorStream) {
  std::string in;
  testing::append_event_time(in, 1, 0);
  format::mp_str(in, "not a map");
  std::vector<std::string> warnings;
  RecordRewriter rw(settings({{"a", "1"}}), warnings);
  std::string out;
  EXPECT_EQ(rw.rewrite("t", in, out, sink), 0u);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second, "the record is not a map");
  EXPECT_EQ(sink.error_classes[0], "");  // Ferry's own check: the default class
}

TEST_F(RecordRewriterTest, MalformedBatchThrows) {
  std::vector<std::string> warnings;
  RecordRewriter rw(settings({{"a", "1"}}), warnings);
  std::string out;
  std::string in = event(1, R"({"a":1})");
  in.pop_back();
  EXPECT_THROW(rw.rewrite("t", in, out, sink), std::runtime_error);
}

TEST_F(RecordRewriterTest, NoopOnlyWhenNothingCanChange) {
  std::vector<std::string> warnings;
  EXPECT_TRUE(RecordRewriter(settings({}), warnings).is_noop());
  EXPECT_FALSE(RecordRewriter(settings({{"a", "b"}}), warnings).is_noop());
  auto renew = settings({});
  renew.renew_record = true;
  EXPECT_FALSE(RecordRewriter(renew, warnings).is_noop());
}

TEST_F(RecordRewriterTest, ManyEventsReuseScratchCorrectly) {
  std::vector<std::string> records;
  for (int i = 0; i < 200; ++i)
    records.push_back("{\"i\":" + std::to_string(i) + ",\"s\":\"" + std::string(size_t(i), 'x') +
                      "\"}");
  auto out = run(settings({{"copy", "<${record[\"s\"]}>"}, {"n", "${record[\"i\"]}"}}), "t",
                 records, sink);
  ASSERT_EQ(out.size(), 200u);
  EXPECT_EQ(out[3], R"({"i":3,"s":"xxx","copy":"<xxx>","n":3})");
  EXPECT_EQ(out[199].size(),
            199u * 2 + std::string(R"({"i":199,"s":"","copy":"<>","n":199})").size());
}

}  // namespace
}  // namespace ferry::record_transformer
