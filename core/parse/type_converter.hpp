#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/field.hpp"
#include "parse/time_parser.hpp"

namespace ferry::parse {

// One entry of the parser's `types` (Parser#build_type_converters):
// string, integer, float, bool, time[:[TZ:]FORMAT | :unixtime | :float],
// array[:DELIM].
struct TypeConverter {
  enum class Kind { kString, kInteger, kFloat, kBool, kTime, kArray };
  std::string key;
  Kind kind = Kind::kString;
  std::string delimiter = ",";       // array
  std::unique_ptr<TimeParser> time;  // time

  // Appends the converted value as MessagePack, as Fluentd's lambdas give
  // it (`v.to_i rescue v.to_s.to_i`, TRUTHY_VALUES, `timep.parse(v) rescue
  // nil`, `v.to_s.split(delim)`). Never fails: malformed MessagePack in a
  // value converts as Ruby's nil would.
  void write(const FieldValue& value, std::string& out, std::string& scratch,
             std::vector<std::string_view>& parts) const;
};

// nullopt and *error ("unknown value conversion for key:'k', type:'t'", a
// bad zone or format) at configure time. `time` carries the parser's own
// localtime/utc/timezone/fallbacks, used by time conversions.
std::optional<std::vector<TypeConverter>> build_type_converters(
    const std::vector<std::pair<std::string, std::string>>& types, const TimeParseOptions& time,
    std::string* error);

}  // namespace ferry::parse
