#include "config/json_value.hpp"

#include "text/json_string.hpp"

namespace ferry::config::json {

void serialize_to(const Value& v, std::string& out) {
  switch (v.kind) {
    case Value::Kind::Null:
      out += "null";
      break;
    case Value::Kind::Bool:
    case Value::Kind::Number:
      out += v.text;
      break;
    case Value::Kind::String:
      text::append_json_string(out, v.text);
      break;
    case Value::Kind::Array:
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        serialize_to(v.items[i], out);
      }
      out += ']';
      break;
    case Value::Kind::Object:
      out += '{';
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        text::append_json_string(out, v.members[i].first);
        out += ':';
        serialize_to(v.members[i].second, out);
      }
      out += '}';
      break;
  }
}

std::string serialize(const Value& v) {
  std::string out;
  serialize_to(v, out);
  return out;
}

std::string as_param_text(const Value& v) {
  return v.kind == Value::Kind::String ? v.text : serialize(v);
}

}  // namespace ferry::config::json
