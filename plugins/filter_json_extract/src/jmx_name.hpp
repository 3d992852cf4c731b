#pragma once
// JMX object names (javax.management.ObjectName) as Jolokia prints them as
// keys of a wildcard read: `domain:key=value,key2="quoted, value"`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::json_extract {

// A parsed name. Views point into the parsed text, or into the object's own
// buffer for quoted values (unquoted with ObjectName.unquote's rules), so
// they are valid until the next parse() or the object's destruction.
// Reused across names: no allocation once its buffers have grown.
class JmxName {
 public:
  struct Property {
    std::string_view key;
    std::string_view value;
  };

  // False when `text` is not a valid, non-pattern object name: no ':', an
  // empty or malformed key property list, a key or unquoted value with a
  // character JMX forbids (`,=:"*?` or newline), an empty unquoted value, a
  // bad quoted value (unterminated, a backslash not before `"\*?n`, text
  // after the closing quote), or the same key twice.
  bool parse(std::string_view text);

  std::string_view domain() const { return domain_; }
  // In the order written (Jolokia prints canonical names: sorted by key).
  const std::vector<Property>& properties() const { return props_; }

 private:
  bool quoted_value(std::string_view text, size_t& i, size_t& begin, size_t& len);

  std::string_view domain_;
  std::vector<Property> props_;
  std::string unquoted_;  // quoted values, unescaped, back to back
  // Quoted values are referenced by offset while unquoted_ may still grow.
  std::vector<std::pair<uint32_t, uint32_t>> pending_;
};

}  // namespace ferry::json_extract
