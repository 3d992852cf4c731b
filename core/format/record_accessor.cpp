#include "format/record_accessor.hpp"

#include <cctype>

#include "format/msgpack_reader.hpp"

namespace ferry::format {
namespace {

bool parse_index(std::string_view text, int64_t& out) {
  std::string_view t = text;
  bool neg = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) neg = t[0] == '-', t.remove_prefix(1);
  if (t.empty()) return false;
  int64_t v = 0;
  for (char c : t) {
    if (!std::isdigit(uint8_t(c))) return false;
    v = v * 10 + (c - '0');
  }
  out = neg ? -v : v;
  return true;
}

bool bad_index(std::string_view text, std::string* error) {
  if (error) *error = "invalid value for Integer(): \"" + std::string(text) + "\"";
  return false;
}

bool fail(std::string* error, const std::string& message) {
  if (error) *error = message;
  return false;
}

}  // namespace

std::optional<RecordAccessor> RecordAccessor::parse(std::string_view param, std::string* error) {
  RecordAccessor ra;
  const std::string orig(param);
  if (param.substr(0, 2) == "$.") {
    // Dot notation: split on '.', each part may carry [N] indexes.
    std::string_view rest = param.substr(2);
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (pos <= rest.size()) {
      size_t dot = rest.find('.', pos);
      if (dot == std::string_view::npos) dot = rest.size();
      parts.push_back(rest.substr(pos, dot - pos));
      pos = dot + 1;
    }
    while (!parts.empty() && parts.back().empty()) parts.pop_back();  // Ruby's split
    for (std::string_view key : parts) {
      size_t open = key.find('[');
      if (open == std::string_view::npos) {
        ra.steps_.emplace_back(std::string(key));
        continue;
      }
      if (open > 0) ra.steps_.emplace_back(std::string(key.substr(0, open)));
      key.remove_prefix(open + 1);
      bool in_bracket = true;
      while (!key.empty()) {
        if (in_bracket) {
          size_t close = key.find(']');
          if (close == std::string_view::npos) {
            fail(error, "'[' found but ']' not found. Invalid syntax: " + orig);
            return std::nullopt;
          }
          int64_t index;
          if (!parse_index(key.substr(0, close), index)) {
            if (close == 0) fail(error, "missing array index in '[]'. Invalid syntax: " + orig);
            else bad_index(key.substr(0, close), error);
            return std::nullopt;
          }
          ra.steps_.emplace_back(index);
          key.remove_prefix(close + 1);
          in_bracket = false;
        } else {
          size_t open2 = key.find('[');
          if (open2 == std::string_view::npos) {
            fail(error, "found more characters after ']'. Invalid syntax: " + orig);
            return std::nullopt;
          }
          key.remove_prefix(open2 + 1);
          in_bracket = true;
        }
      }
    }
    if (ra.steps_.empty()) return fail(error, "empty keys in dot notation"), std::nullopt;
    for (const Step& s : ra.steps_) {
      const std::string* k = std::get_if<std::string>(&s);
      if (k && k->find_first_of(" \t\n\r\f\v") != std::string::npos) {
        fail(error, "whitespace character is not allowed in dot notation. Use bracket notation: " + *k);
        return std::nullopt;
      }
    }
    return ra;
  }
  if (param.substr(0, 2) == "$[") {
    std::string_view p = param.substr(1);
    bool in_bracket = false;
    while (!p.empty()) {
      if (in_bracket) {
        if (p[0] == '\'' || p[0] == '"') {
          size_t i = p.find("']");
          if (i == std::string_view::npos) i = p.find("\"]");
          if (i == std::string_view::npos) {
            fail(error, "Incomplete bracket. Invalid syntax: " + orig);
            return std::nullopt;
          }
          if (p[0] != p[i]) {
            fail(error, "Mismatched quotes. Invalid syntax: " + orig);
            return std::nullopt;
          }
          ra.steps_.emplace_back(std::string(p.substr(1, i - 1)));
          p.remove_prefix(i + 2);
        } else {
          size_t i = p.find(']');
          if (i == std::string_view::npos) {
            fail(error, "'[' found but ']' not found. Invalid syntax: " + orig);
            return std::nullopt;
          }
          int64_t index;
          if (!parse_index(p.substr(0, i), index)) {
            if (i == 0) fail(error, "missing array index in '[]'. Invalid syntax: " + orig);
            else bad_index(p.substr(0, i), error);
            return std::nullopt;
          }
          ra.steps_.emplace_back(index);
          p.remove_prefix(i + 1);
        }
        in_bracket = false;
      } else {
        size_t i = p.find('[');
        if (i == std::string_view::npos) {
          fail(error, "found more characters after ']'. Invalid syntax: " + orig);
          return std::nullopt;
        }
        p.remove_prefix(i + 1);
        in_bracket = true;
      }
    }
    if (ra.steps_.empty()) return fail(error, "empty keys in bracket notation"), std::nullopt;
    return ra;
  }
  ra.steps_.emplace_back(orig);
  return ra;
}

bool map_find(const uint8_t* p, const uint8_t* end, std::string_view key, const uint8_t** value) {
  *value = nullptr;
  MpValue m;
  if (!read_item(p, end, m) || m.type != MpValue::kMap) return false;
  for (uint32_t i = 0; i < m.size; ++i) {
    MpValue k;
    const uint8_t* key_start = p;
    if (!read_item(p, end, k)) return false;
    bool match = (k.type == MpValue::kStr || k.type == MpValue::kBin) && k.bytes() == key;
    if (k.type != MpValue::kStr && k.type != MpValue::kBin) {
      p = key_start;
      if (!skip_value(p, end)) return false;
    }
    if (match) *value = p;
    if (!skip_value(p, end)) return false;
  }
  return true;
}

RecordAccessor::Result RecordAccessor::find(const uint8_t* record, const uint8_t* end,
                                            const uint8_t** value) const {
  const uint8_t* cur = record;
  for (const Step& step : steps_) {
    const uint8_t* p = cur;
    MpValue v;
    if (!read_item(p, end, v)) return Result::kMalformed;
    if (v.type == MpValue::kNil) return Result::kMissing;  // dig stops at nil
    if (v.type == MpValue::kMap) {
      const uint8_t* found = nullptr;
      if (const std::string* key = std::get_if<std::string>(&step)) {
        if (!map_find(cur, end, *key, &found)) return Result::kMalformed;
      } else {
        // An integer key: look for an integer map key.
        int64_t want = std::get<int64_t>(step);
        for (uint32_t i = 0; i < v.size; ++i) {
          MpValue k;
          const uint8_t* ks = p;
          if (!read_item(p, end, k)) return Result::kMalformed;
          bool match = (k.type == MpValue::kUint && want >= 0 && k.u == uint64_t(want)) ||
                       (k.type == MpValue::kInt && k.i == want);
          if (k.type == MpValue::kArray || k.type == MpValue::kMap) {
            p = ks;
            if (!skip_value(p, end)) return Result::kMalformed;
          }
          if (match) found = p;
          if (!skip_value(p, end)) return Result::kMalformed;
        }
      }
      if (!found) return Result::kMissing;
      cur = found;
    } else if (v.type == MpValue::kArray) {
      const int64_t* index = std::get_if<int64_t>(&step);
      if (!index) return Result::kTypeError;
      int64_t i = *index < 0 ? int64_t(v.size) + *index : *index;
      if (i < 0 || i >= int64_t(v.size)) return Result::kMissing;
      for (int64_t k = 0; k < i; ++k) {
        if (!skip_value(p, end)) return Result::kMalformed;
      }
      cur = p;
    } else {
      return Result::kTypeError;
    }
  }
  *value = cur;
  return Result::kFound;
}

}  // namespace ferry::format
