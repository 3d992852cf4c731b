// The request's parameters as Fluentd's in_http gathers them into one Ruby
// Hash: query string, then form fields or the body under json/msgpack/
// ndjson, then QUERY_* copies, then HTTP_* headers and REMOTE_ADDR. Setting
// an existing key keeps its position and replaces its value, as Hash#[]=.
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ferry::in_http {

// One value: a string (str or, for bytes Ruby holds as ASCII-8BIT, bin in
// MessagePack) or, for a header sent several times, a list of strings.
struct ParamValue {
  std::string_view text;
  bool binary = false;
  std::vector<std::string_view> list;  // non-empty: an array value
};

class Params {
 public:
  void clear();

  // Copies key and value into the params' own storage.
  void set(std::string_view key, std::string_view value, bool binary);
  // Keeps a view of `value` (the caller keeps it alive: the request body).
  void set_view(std::string_view key, std::string_view value);
  void set_list(std::string_view key, const std::vector<std::string_view>& values);

  const ParamValue* find(std::string_view key) const;
  const std::vector<std::pair<std::string_view, ParamValue>>& items() const { return items_; }

 private:
  std::string_view keep(std::string_view s);
  ParamValue& slot(std::string_view key);

  std::vector<std::pair<std::string_view, ParamValue>> items_;
  std::unordered_map<std::string_view, size_t> index_;  // key -> position in items_
  std::deque<std::string> storage_;                     // stable addresses for the views
};

// URI.decode_www_form: pairs split on '&', then on the first '='; '+' and
// %XX decoded (a bad escape stays as written). Pairs go into params in
// order (a later duplicate replaces the value). Unlike Ruby, non-ASCII
// bytes are accepted rather than refused.
void parse_query_into(std::string_view query, Params& params, std::string* scratch_key,
                      std::string* scratch_value);

// WEBrick::HTTPUtils.parse_form_data: multipart/form-data parts keyed by
// their Content-Disposition name; the first part of a name wins. Values
// are views into `body`.
void parse_multipart_into(std::string_view body, std::string_view boundary, Params& params);

// WEBrick::HTTPUtils.dequote.
std::string dequote(std::string_view s);

}  // namespace ferry::in_http
