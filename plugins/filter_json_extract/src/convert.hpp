#pragma once
// The `type` of a <field>: how a found value is written.
#include <string>
#include <string_view>

#include "document.hpp"

namespace ferry::json_extract {

enum class FieldType { kAsIs, kInteger, kFloat, kString, kBool };

// Parses the `type` parameter's text ("integer", "float", "string", "bool").
FieldType field_type_from(std::string_view text);

// Appends s converted to `type` as MessagePack. False (out untouched) when
// it has no such form; the caller then treats the field as missing.
// `scratch` is working space (reused so conversions do not allocate).
//   integer: integers as they are; floats truncated toward zero (finite and
//            in the int64 range); strings holding a whole integer or float
//            (surrounding whitespace allowed) likewise; nothing else.
//   float:   numbers; strings holding a whole number.
//   string:  strings; integers in decimal; floats as Ruby's Float#to_s
//            (1.0e-05); true/false. Maps and arrays: see append_json_text.
//   bool:    booleans; numbers (zero is false); the strings true/yes/1 and
//            false/no/0.
// kAsIs is handled by the caller (the value is copied whole).
bool write_converted(const Scalar& s, FieldType type, std::string& out, std::string& scratch);

// type string of a map or array: its compact JSON text, from its
// MessagePack form. Appends a MessagePack string to out.
bool write_json_text(std::string_view msgpack, std::string& out, std::string& scratch);

}  // namespace ferry::json_extract
