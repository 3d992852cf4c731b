#include "params.hpp"

#include <algorithm>
#include <unordered_set>

namespace ferry::in_http {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void decode_www_component(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out.push_back(char(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

void Params::clear() {
  items_.clear();
  index_.clear();
  storage_.clear();
}

std::string_view Params::keep(std::string_view s) {
  storage_.emplace_back(s);
  return storage_.back();
}

ParamValue& Params::slot(std::string_view key) {
  auto it = index_.find(key);
  if (it != index_.end()) {
    ParamValue& v = items_[it->second].second;
    v = ParamValue{};
    return v;
  }
  std::string_view kept = keep(key);
  index_.emplace(kept, items_.size());
  items_.emplace_back(kept, ParamValue{});
  return items_.back().second;
}

void Params::set(std::string_view key, std::string_view value, bool binary) {
  std::string_view kept = keep(value);
  ParamValue& v = slot(key);
  v.text = kept;
  v.binary = binary;
}

void Params::set_view(std::string_view key, std::string_view value) {
  ParamValue& v = slot(key);
  v.text = value;
}

void Params::set_list(std::string_view key, const std::vector<std::string_view>& values) {
  std::vector<std::string_view> kept;
  kept.reserve(values.size());
  for (auto s : values) kept.push_back(keep(s));
  ParamValue& v = slot(key);
  v.list = std::move(kept);
  v.binary = true;
}

const ParamValue* Params::find(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &items_[it->second].second;
}

void parse_query_into(std::string_view query, Params& params, std::string* key,
                      std::string* value) {
  if (query.empty()) return;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    std::string_view pair =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    size_t eq = pair.find('=');
    decode_www_component(pair.substr(0, eq), *key);
    if (eq == std::string_view::npos)
      value->clear();
    else
      decode_www_component(pair.substr(eq + 1), *value);
    params.set(*key, *value, true);
    if (amp == std::string_view::npos) break;
    start = amp + 1;
    // Ruby's each_line('&') yields nothing after a trailing '&'.
    if (start == query.size()) break;
  }
}

std::string dequote(std::string_view s) {
  std::string out;
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}

void parse_multipart_into(std::string_view body, std::string_view boundary, Params& params) {
  // Lines end at "\n" (kept, as Ruby's each_line). A boundary line is
  // exactly "--B\r\n" or "--B--\r\n"; a part's headers end at a "\r\n"
  // line and its value runs to the CRLF before the next boundary line.
  std::string open = "--" + std::string(boundary);
  std::unordered_set<std::string_view> seen;
  bool in_part = false, in_headers = false;
  std::string_view name;
  bool has_name = false;
  size_t value_start = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    size_t end = nl == std::string_view::npos ? body.size() : nl + 1;
    std::string_view line = body.substr(pos, end - pos);
    bool is_boundary = line.size() >= open.size() + 2 && line.substr(0, open.size()) == open &&
                       (line.substr(open.size()) == "\r\n" || line.substr(open.size()) == "--\r\n");
    if (is_boundary) {
      if (in_part && !in_headers && has_name) {
        std::string_view value = body.substr(value_start, pos - value_start);
        // String#chop: a trailing "\r\n" goes as one, else one character.
        if (value.size() >= 2 && value.substr(value.size() - 2) == "\r\n")
          value.remove_suffix(2);
        else if (!value.empty())
          value.remove_suffix(1);
        if (seen.insert(name).second) params.set_view(name, value);
      }
      in_part = in_headers = true;
      has_name = false;
    } else if (in_part && in_headers) {
      if (line == "\r\n") {
        in_headers = false;
        value_start = end;
      } else if (line.size() > 20 && (line[0] == 'C' || line[0] == 'c')) {
        // Content-Disposition: form-data; name="x"  (/\s+name="(.*?)"/)
        std::string_view lower_name = line.substr(0, 20);
        std::string h(lower_name);
        std::transform(h.begin(), h.end(), h.begin(),
                       [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
        if (h == "content-disposition:") {
          for (size_t i = 1; i + 6 <= line.size(); ++i) {
            if ((line[i - 1] == ' ' || line[i - 1] == '\t') && line.substr(i, 6) == "name=\"") {
              size_t q = line.find('"', i + 6);
              if (q != std::string_view::npos) {
                name = line.substr(i + 6, q - (i + 6));
                has_name = true;
              }
              break;
            }
          }
        }
      }
    }
    pos = end;
  }
}

}  // namespace ferry::in_http
