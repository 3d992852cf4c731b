// Fluentd's Output#metadata per event and the grouping of
// handle_stream_with_standard_format: events with equal (timekey, tag,
// variables) travel together to one staged chunk.
#include "buffer/metadata_splitter.hpp"

#include <cmath>
#include <cstring>
#include <unordered_map>

#include "format/msgpack_reader.hpp"
#include "format/record_accessor.hpp"

namespace ferry::buffer {

struct MetadataSplitter::Impl {
  bool tag = false;
  bool time = false;
  int64_t timekey = 0;
  bool timekey_use_utc = false;
  format::TimeZone zone = format::TimeZone::utc();
  std::vector<std::string> keys;
  std::vector<format::RecordAccessor> accessors;  // parallel to keys

  // Scratch kept between calls: the identity of one event's metadata
  // (timekey bytes, then each value length-prefixed) -> index in `out`.
  std::unordered_map<std::string, size_t> runs;
  std::string identity;
  std::vector<std::string_view> values;
  // Where each run's events are, parallel to the runs of one call: a
  // contiguous slice of the batch [begin, end) until an event of another
  // run comes between two of its events; then a copy.
  struct Span {
    size_t begin = 0, end = 0;
    bool copied = false;
    std::string copy;
  };
  std::vector<Span> spans;
};

MetadataSplitter::MetadataSplitter(const BufferOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->tag = options.keys.tag || options.chunk_per_tag;
  impl_->time = options.keys.time && options.timekey;
  impl_->timekey = options.timekey.value_or(0);
  impl_->timekey_use_utc = options.timekey_use_utc;
  impl_->zone = options.timekey_time_zone;
  for (const std::string& key : options.keys.record_keys) {
    std::string err;
    // read_buffer_options() already refused keys that do not parse.
    if (auto a = format::RecordAccessor::parse(key, &err)) {
      impl_->keys.push_back(key);
      impl_->accessors.push_back(std::move(*a));
    }
  }
}

MetadataSplitter::~MetadataSplitter() = default;

namespace {

// Fluentd takes EventTime or Integer; a Float is truncated like to_i.
bool event_seconds(const format::MpValue& v, int64_t& out) {
  if (format::is_event_time(v)) {
    out = int64_t(format::event_time_sec(v));
    return true;
  }
  switch (v.type) {
    case format::MpValue::kUint:
      out = v.u > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v.u);
      return true;
    case format::MpValue::kInt:
      out = v.i;
      return true;
    case format::MpValue::kFloat:
      if (!std::isfinite(v.f)) return false;
      out = int64_t(std::trunc(v.f));
      return true;
    default:
      return false;
  }
}

constexpr char kNil[] = "\xc0";

}  // namespace

bool MetadataSplitter::split(std::string_view tag, std::string_view batch, uint32_t count,
                             std::vector<Run>& out, std::string* error) {
  Impl& m = *impl_;
  if (!m.time && m.keys.empty()) {
    // Tag only, or no keys: one run, no decoding (Fluentd's simple chunking).
    // The run views the caller's batch: nothing is copied.
    Run& run = out.emplace_back();
    if (m.tag) run.metadata.tag = std::string(tag);
    run.events = batch;
    run.count = count;
    return true;
  }

  const size_t first = out.size();
  m.runs.clear();
  m.spans.clear();
  auto fail = [&](std::string message) {
    out.resize(first);
    if (error) *error = std::move(message);
    return false;
  };
  const uint8_t* p = reinterpret_cast<const uint8_t*>(batch.data());
  const uint8_t* end = p + batch.size();
  size_t last = SIZE_MAX;  // the run of the previous event
  std::string last_identity;
  uint32_t seen = 0;
  while (p < end) {
    const uint8_t* start = p;
    format::MpValue v;
    if (!format::read_item(p, end, v) || v.type != format::MpValue::kArray || v.size < 2)
      return fail("event " + std::to_string(seen) + " is not a [time, record] array");
    format::MpValue time;
    const uint8_t* time_start = p;
    if (!format::read_item(p, end, time))
      return fail("event " + std::to_string(seen) + " is truncated");
    if (time.type == format::MpValue::kArray || time.type == format::MpValue::kMap) {
      p = time_start;  // not a time; step over the whole value
      if (!format::skip_value(p, end))
        return fail("event " + std::to_string(seen) + " is truncated");
    }
    int64_t t = 0;
    if (m.time && !event_seconds(time, t))
      return fail("event " + std::to_string(seen) + " has no EventTime or integer time");
    const uint8_t* record = p;
    if (!format::skip_value(p, end)) return fail("event " + std::to_string(seen) + " is truncated");
    const uint8_t* record_end = p;
    for (uint32_t extra = 2; extra < v.size; ++extra) {
      if (!format::skip_value(p, end))
        return fail("event " + std::to_string(seen) + " is truncated");
    }

    m.identity.clear();
    if (m.time) {
      const int64_t offset = m.timekey_use_utc ? 0 : m.zone.offset_at(t);
      const int64_t window = timekey_window_start(t, m.timekey, offset);
      m.identity.append(reinterpret_cast<const char*>(&window), sizeof window);
    }
    m.values.clear();
    for (const format::RecordAccessor& a : m.accessors) {
      const uint8_t* found = nullptr;
      std::string_view value(kNil, 1);
      switch (a.find(record, record_end, &found)) {
        case format::RecordAccessor::Result::kFound: {
          const uint8_t* q = found;
          if (!format::skip_value(q, record_end))
            return fail("event " + std::to_string(seen) + " has a malformed record");
          value = std::string_view(reinterpret_cast<const char*>(found), size_t(q - found));
          break;
        }
        case format::RecordAccessor::Result::kMalformed:
          return fail("event " + std::to_string(seen) + " has a malformed record");
        default:  // missing, or a path through a non-container: nil
          break;
      }
      const uint32_t len = uint32_t(value.size());
      m.identity.append(reinterpret_cast<const char*>(&len), sizeof len);
      m.identity.append(value);
      m.values.push_back(value);
    }

    size_t index;
    if (last != SIZE_MAX && m.identity == last_identity) {
      index = last;
    } else {
      auto it = m.runs.find(m.identity);
      if (it == m.runs.end()) {
        Run run;
        if (m.tag) run.metadata.tag = std::string(tag);
        if (m.time)
          run.metadata.timekey =
              timekey_window_start(t, m.timekey, m.timekey_use_utc ? 0 : m.zone.offset_at(t));
        if (!m.keys.empty()) {
          std::vector<ChunkVariable> vars;
          vars.reserve(m.keys.size());
          for (size_t k = 0; k < m.keys.size(); ++k)
            vars.push_back(ChunkVariable{m.keys[k], std::string(m.values[k])});
          run.metadata.variables = std::move(vars);
        }
        out.push_back(std::move(run));
        m.spans.emplace_back();
        Impl::Span& fresh = m.spans.back();
        fresh.begin = fresh.end = size_t(start - reinterpret_cast<const uint8_t*>(batch.data()));
        fresh.copied = false;
        it = m.runs.emplace(m.identity, out.size() - 1).first;
      }
      index = it->second;
      last = index;
      last_identity = m.identity;
    }
    Impl::Span& span = m.spans[index - first];
    const size_t from = size_t(start - reinterpret_cast<const uint8_t*>(batch.data()));
    const size_t to = from + size_t(p - start);
    if (span.copied) {
      span.copy.append(batch.substr(from, to - from));
    } else if (span.end == from) {
      span.end = to;
    } else {
      // Interleaved with another run: this one needs its own bytes.
      span.copy.assign(batch.substr(span.begin, span.end - span.begin));
      span.copy.append(batch.substr(from, to - from));
      span.copied = true;
    }
    ++out[index].count;
    ++seen;
  }
  for (size_t i = first; i < out.size(); ++i) {
    Impl::Span& span = m.spans[i - first];
    if (span.copied)
      out[i].own(std::move(span.copy));
    else
      out[i].events = batch.substr(span.begin, span.end - span.begin);
  }
  return true;
}

}  // namespace ferry::buffer
