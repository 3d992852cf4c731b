// Request parameters -> one MessagePack event batch, with the default
// in_http parser's rules: msgpack > json > ndjson; an object is one event,
// an array one event per object element (other elements dropped, as
// Fluentd does); HTTP_*/QUERY_*/REMOTE_ADDR fields added; the event time
// from the `time` parameter, else the record's time field (removed unless
// keep_time_key), else now. JSON goes straight to MessagePack (simdjson);
// buffers are reused from request to request.
//
// Deliberate differences from Fluentd (which answers 200 and drops the
// data): invalid JSON, a JSON or msgpack top-level value that is neither an
// object nor an array, an ndjson line that is not, and malformed msgpack
// are refused as a whole with a one-line reason (the caller answers 400).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "body_parser.hpp"
#include "event/event_time.hpp"
#include "format/json_to_msgpack.hpp"
#include "params.hpp"
#include "settings.hpp"

namespace ferry::in_http {

struct BuildError {
  std::string error_class;  // Ruby's class name where Fluentd raises too
  std::string message;
};

class EventBuilder {
 public:
  explicit EventBuilder(const HttpSettings& settings);

  // Appends the request's events to `batch` ([time, record] pairs) and adds
  // their number to `count`; `dropped` counts array elements that were not
  // objects. False with *err when the request is refused (nothing appended).
  bool build(const Params& params, EventTime now, std::string& batch, uint32_t& count,
             uint32_t& dropped, BuildError* err);

  // A custom <parse> type: `parser` makes the events of the whole body;
  // they get the extra fields and the `time` parameter's time when given,
  // else their own (now when they have none). Any parse failure refuses
  // the request (*err, nothing appended).
  bool build_parsed(const Params& params, std::string_view body, BodyParser& parser, EventTime now,
                    std::string& batch, uint32_t& count, BuildError* err);

 private:
  struct Entry {
    const uint8_t* key;
    size_t key_len;
    std::string_view key_text;  // empty view when the key is not a string
    bool key_is_text;
    const uint8_t* value;
    size_t value_len;
  };
  struct Extra {
    size_t key_off, key_len;  // encoded key in extras_
    size_t value_off, value_len;
    std::string_view name;
  };

  void start(const Params& params, EventTime now, std::string& batch);
  void prepare_extras(const Params& params);
  void add_extra(std::string_view name, const ParamValue* value);
  // kind/index name the document in error messages ("ndjson line", 3).
  bool add_document(std::string_view json, const char* kind, size_t index, BuildError* err);
  bool add_msgpack(std::string_view bytes, BuildError* err);
  bool add_top_value(const uint8_t* p, const uint8_t* end, const char* kind, size_t index,
                     BuildError* err);
  // parsed_time: the custom parser's time (the time field is then left
  // alone); nullptr for the default parser's time-field rules.
  bool add_record(const uint8_t* map, const uint8_t* end, BuildError* err,
                  const EventTime* parsed_time = nullptr);

  const HttpSettings& settings_;
  format::JsonToMsgpack json_;
  std::string doc_;     // MessagePack of the JSON document being added
  std::string extras_;  // encoded extra keys and values of this request
  std::vector<Extra> extra_list_;
  std::vector<Entry> entries_;
  // State of the request being built.
  std::string* batch_ = nullptr;
  uint32_t count_ = 0;
  uint32_t dropped_ = 0;
  bool have_param_time_ = false;
  EventTime param_time_;
  EventTime now_;
};

}  // namespace ferry::in_http
