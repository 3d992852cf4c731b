#include "time_value.hpp"

#include <gtest/gtest.h>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::in_http {
namespace {

using Mode = TimeFieldSettings::Mode;

TEST(RubyToF, LeadingNumberElseZero) {
  EXPECT_EQ(ruby_to_f("1700000000"), 1700000000.0);
  EXPECT_EQ(ruby_to_f("  12.5abc"), 12.5);
  EXPECT_EQ(ruby_to_f(".5"), 0.5);
  EXPECT_EQ(ruby_to_f("1."), 1.0);
  EXPECT_EQ(ruby_to_f("1_000"), 1000.0);
  EXPECT_EQ(ruby_to_f("1e3"), 1000.0);
  EXPECT_EQ(ruby_to_f("-2.5e-1"), -0.25);
  EXPECT_EQ(ruby_to_f("abc"), 0.0);
  EXPECT_EQ(ruby_to_f(""), 0.0);
  EXPECT_EQ(ruby_to_f("0x10"), 0.0);
}

TEST(RubyToI, LeadingIntegerElseZero) {
  EXPECT_EQ(ruby_to_i("123abc"), 123);
  EXPECT_EQ(ruby_to_i(" -42"), -42);
  EXPECT_EQ(ruby_to_i("1_2"), 12);
  EXPECT_EQ(ruby_to_i("x1"), 0);
}

EventTime param(std::string_view text) {
  EventTime t{7, 7};
  EXPECT_TRUE(param_time(text, t)) << text;
  return t;
}

TEST(ParamTime, ZeroOrJunkMeansNow) {
  EventTime t;
  EXPECT_FALSE(param_time("0", t));
  EXPECT_FALSE(param_time("", t));
  EXPECT_FALSE(param_time("now", t));
}

TEST(ParamTime, FloatTextSplitAtTheDot) {
  EXPECT_EQ(param("1700000000"), (EventTime{1700000000, 0}));
  EXPECT_EQ(param("1700000000.5"), (EventTime{1700000000, 500000000}));
  // Float#to_s keeps 17 significant digits: "1700000000.1234567".
  EXPECT_EQ(param("1700000000.123456789"), (EventTime{1700000000, 123456700}));
  EXPECT_EQ(param("1.5e9"), (EventTime{1500000000, 0}));
  // Fluentd's odd result for exponent notation: "1.0e+16" -> sec 1.
  EXPECT_EQ(param("1e16"), (EventTime{1, 0}));
}

std::string mp_of(double d) {
  std::string s;
  format::mp_double(s, d);
  return s;
}

bool field(const std::string& bytes, Mode mode, EventTime& t, std::string* err) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes.data());
  format::MpValue v;
  format::read_item(p, p + bytes.size(), v);
  return field_time(v, mode, t, err);
}

TEST(FieldTime, TimeAtTakesNumbersExactly) {
  EventTime t;
  std::string err, b;
  format::mp_int(b, 1700000000);
  ASSERT_TRUE(field(b, Mode::kTimeAt, t, &err));
  EXPECT_EQ(t, (EventTime{1700000000, 0}));
  // Time.at(Float) uses the exact binary value, truncated to nanoseconds.
  ASSERT_TRUE(field(mp_of(1700000000.123), Mode::kTimeAt, t, &err));
  EXPECT_EQ(t, (EventTime{1700000000, 122999906}));
  ASSERT_TRUE(field(mp_of(1.5), Mode::kTimeAt, t, &err));
  EXPECT_EQ(t, (EventTime{1, 500000000}));
  ASSERT_TRUE(field(mp_of(-1.25), Mode::kTimeAt, t, &err));  // floored: -2 + 0.75
  EXPECT_EQ(t, (EventTime{uint32_t(-2), 750000000}));
  // Beyond 32 bits the packed seconds wrap, as EventTime#to_msgpack packs them.
  ASSERT_TRUE(field(mp_of(1e20), Mode::kTimeAt, t, &err));
  EXPECT_EQ(t.sec, uint32_t(1661992960u));
}

TEST(FieldTime, TimeAtRefusesStringsAndBooleans) {
  EventTime t;
  std::string err, b;
  format::mp_str(b, "2023-11-14");
  EXPECT_FALSE(field(b, Mode::kTimeAt, t, &err));
  EXPECT_NE(err.find("string"), std::string::npos) << err;
  b.clear();
  format::mp_bool(b, true);
  EXPECT_FALSE(field(b, Mode::kTimeAt, t, &err));
}

TEST(FieldTime, UnixtimeAndFloatParsers) {
  EventTime t;
  std::string err, b;
  format::mp_str(b, "1700000000.9");
  ASSERT_TRUE(field(b, Mode::kUnixtime, t, &err));
  EXPECT_EQ(t, (EventTime{1700000000, 0}));
  ASSERT_TRUE(field(b, Mode::kFloat, t, &err));
  EXPECT_EQ(t, (EventTime{1700000000, 900000000}));
  ASSERT_TRUE(field(mp_of(1700000000.25), Mode::kFloat, t, &err));
  EXPECT_EQ(t, (EventTime{1700000000, 250000000}));
  b.clear();
  format::mp_nil(b);
  EXPECT_FALSE(field(b, Mode::kFloat, t, &err));
}

}  // namespace
}  // namespace ferry::in_http
