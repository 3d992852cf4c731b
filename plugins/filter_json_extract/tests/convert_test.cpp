#include "convert.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "format/json_writer.hpp"

namespace ferry::json_extract {
namespace {

Scalar str(std::string_view s) {
  Scalar v;
  v.kind = Scalar::kStr;
  v.s = s;
  return v;
}
Scalar num(double f) {
  Scalar v;
  v.kind = Scalar::kFloat;
  v.f = f;
  return v;
}
Scalar integer(int64_t i) {
  Scalar v;
  if (i < 0)
    v.kind = Scalar::kInt, v.i = i;
  else
    v.kind = Scalar::kUint, v.u = uint64_t(i);
  return v;
}
Scalar boolean(bool b) {
  Scalar v;
  v.kind = Scalar::kBool;
  v.boolean = b;
  return v;
}

// The converted value as JSON, or "<none>".
std::string as(FieldType t, const Scalar& s) {
  std::string mp, scratch;
  if (!write_converted(s, t, mp, scratch)) return "<none>";
  std::string json;
  const auto* p = reinterpret_cast<const uint8_t*>(mp.data());
  EXPECT_TRUE(format::append_json(json, p, p + mp.size(), format::JsonStyle::kOj, nullptr));
  return json;
}

TEST(ConvertTest, Integer) {
  EXPECT_EQ(as(FieldType::kInteger, integer(-5)), "-5");
  EXPECT_EQ(as(FieldType::kInteger, num(2.9)), "2");
  EXPECT_EQ(as(FieldType::kInteger, num(-2.9)), "-2");
  EXPECT_EQ(as(FieldType::kInteger, num(1e300)), "<none>");
  EXPECT_EQ(as(FieldType::kInteger, str(" 42 ")), "42");
  EXPECT_EQ(as(FieldType::kInteger, str("18446744073709551615")), "18446744073709551615");
  EXPECT_EQ(as(FieldType::kInteger, str("-7")), "-7");
  EXPECT_EQ(as(FieldType::kInteger, str("1.5E3")), "1500");
  EXPECT_EQ(as(FieldType::kInteger, str("12abc")), "<none>");
  EXPECT_EQ(as(FieldType::kInteger, str("")), "<none>");
  EXPECT_EQ(as(FieldType::kInteger, boolean(true)), "<none>");
}

TEST(ConvertTest, Float) {
  EXPECT_EQ(as(FieldType::kFloat, integer(3)), "3.0");
  EXPECT_EQ(as(FieldType::kFloat, num(2.2e-5)), "2.2e-05");
  EXPECT_EQ(as(FieldType::kFloat, str("0.5")), "0.5");
  EXPECT_EQ(as(FieldType::kFloat, str("nan")), "<none>");
  EXPECT_EQ(as(FieldType::kFloat, str("x")), "<none>");
  EXPECT_EQ(as(FieldType::kFloat, boolean(false)), "<none>");
}

TEST(ConvertTest, String) {
  EXPECT_EQ(as(FieldType::kString, str("SECONDS")), "\"SECONDS\"");
  EXPECT_EQ(as(FieldType::kString, integer(-12)), "\"-12\"");
  EXPECT_EQ(as(FieldType::kString, num(2.2e-5)), "\"2.2e-05\"");
  EXPECT_EQ(as(FieldType::kString, num(1.0)), "\"1.0\"");
  EXPECT_EQ(as(FieldType::kString, boolean(true)), "\"true\"");
}

TEST(ConvertTest, Bool) {
  EXPECT_EQ(as(FieldType::kBool, boolean(false)), "false");
  EXPECT_EQ(as(FieldType::kBool, integer(0)), "false");
  EXPECT_EQ(as(FieldType::kBool, integer(3)), "true");
  EXPECT_EQ(as(FieldType::kBool, num(0.0)), "false");
  for (const char* t : {"true", "yes", "1"}) EXPECT_EQ(as(FieldType::kBool, str(t)), "true") << t;
  for (const char* f : {"false", "no", "0"}) EXPECT_EQ(as(FieldType::kBool, str(f)), "false") << f;
  EXPECT_EQ(as(FieldType::kBool, str("maybe")), "<none>");
}

TEST(ConvertTest, TypeNames) {
  EXPECT_EQ(field_type_from("integer"), FieldType::kInteger);
  EXPECT_EQ(field_type_from("bool"), FieldType::kBool);
  EXPECT_THROW(field_type_from("time"), std::invalid_argument);
}

}  // namespace
}  // namespace ferry::json_extract
