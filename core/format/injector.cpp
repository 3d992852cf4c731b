#include "format/injector.hpp"

#include "format/event_stream.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::format {
namespace {

bool ascii_only(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Ruby Hash key equality between a record key and an injected (UTF-8) key:
// a str key by its bytes; a bin key (an ASCII-8BIT String) only when both
// are ASCII, as String#eql? compares strings of different encodings.
bool same_key(const MpValue& k, std::string_view key) {
  if (k.type == MpValue::kStr) return k.bytes() == key;
  if (k.type == MpValue::kBin) return k.bytes() == key && ascii_only(key);
  return false;
}

}  // namespace

std::unique_ptr<Injector> Injector::create(const InjectOptions& o, std::string* error) {
  std::unique_ptr<Injector> x(new Injector());
  if (o.hostname_key) {
    x->add_slot(*o.hostname_key, Source::kHostname);
    mp_str(x->hostname_value_, o.hostname);
  }
  if (o.worker_id_key) {
    x->add_slot(*o.worker_id_key, Source::kWorkerId);
    mp_uint(x->worker_id_value_, o.worker_id);
  }
  if (o.tag_key) x->add_slot(*o.tag_key, Source::kTag);
  if (o.time_key) {
    x->add_slot(*o.time_key, Source::kTime);
    x->time_type_ = o.time_type;
    if (o.time_type == InjectOptions::TimeType::kString) {
      TimeFormatOptions t = o.time;
      t.type = TimeFormatOptions::Type::kString;
      x->time_formatter_ = TimeFormatter::create(t, error);
      if (!x->time_formatter_) return nullptr;
    }
  }
  return x;
}

// Two inject keys of the same name are one Hash entry: the later assignment
// wins the value, the first one placed it.
void Injector::add_slot(const std::string& key, Source source) {
  for (Slot& s : slots_) {
    if (s.key == key) {
      s.source = source;
      return;
    }
  }
  slots_.push_back(Slot{key, source});
}

std::string_view Injector::value_of(Source source) const {
  switch (source) {
    case Source::kHostname:
      return hostname_value_;
    case Source::kWorkerId:
      return worker_id_value_;
    case Source::kTag:
      return tag_value_;
    case Source::kTime:
      return time_value_;
  }
  return {};
}

void Injector::encode_time(EventTime t) {
  using T = InjectOptions::TimeType;
  time_value_.clear();
  const uint64_t sec = t.sec;
  switch (time_type_) {
    case T::kFloat:
      // time.to_r.truncate(6).to_f: the exact microsecond count (< 2^53, so
      // exact as a double) divided once, i.e. the nearest double.
      mp_double(time_value_, double(sec * 1000000 + t.nsec / 1000) / 1e6);
      return;
    case T::kUnixtime:
      mp_uint(time_value_, sec);
      return;
    case T::kUnixtimeMillis:
      mp_uint(time_value_, sec * 1000 + t.nsec / 1000000);
      return;
    case T::kUnixtimeMicros:
      mp_uint(time_value_, sec * 1000000 + t.nsec / 1000);
      return;
    case T::kUnixtimeNanos:
      mp_uint(time_value_, sec * 1000000000 + t.nsec);
      return;
    case T::kString:
      time_text_.clear();
      time_formatter_->append(time_text_, t);
      mp_str(time_value_, time_text_);
      return;
  }
}

bool Injector::apply(std::string_view tag, std::string_view event, std::string& out) {
  EventTime time;
  std::string_view record;
  if (!split_event(event, time, record)) return false;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(record.data());
  const uint8_t* end = p + record.size();
  MpValue v;
  if (!read_item(p, end, v) || v.type != MpValue::kMap) return false;
  const uint32_t pairs = v.size;

  for (const Slot& s : slots_) {
    if (s.source == Source::kTag && (!have_tag_ || last_tag_ != tag)) {
      last_tag_.assign(tag);
      have_tag_ = true;
      tag_value_.clear();
      mp_str(tag_value_, tag);
    } else if (s.source == Source::kTime) {
      encode_time(time);
    }
  }

  // The time exactly as it came (EventTime, or a legacy integer), behind a
  // minimal array header whatever header the input used.
  const uint8_t* time_start = reinterpret_cast<const uint8_t*>(event.data());
  read_item(time_start, time_start + event.size(), v);
  const size_t start = out.size();
  out.push_back(char(0x92));
  out.append(reinterpret_cast<const char*>(time_start),
             size_t(reinterpret_cast<const uint8_t*>(record.data()) - time_start));
  const size_t mark = mp_begin_container(out);

  bool found[4] = {false, false, false, false};  // at most one slot per source
  const uint8_t* run = p;                        // bytes copied as they are
  for (uint32_t i = 0; i < pairs; ++i) {
    const uint8_t* key_start = p;
    MpValue key;
    if (!read_item(p, end, key)) return out.resize(start), false;
    if (key.type == MpValue::kArray || key.type == MpValue::kMap) {
      p = key_start;
      if (!skip_value(p, end)) return out.resize(start), false;
    }
    size_t hit = slots_.size();
    for (size_t s = 0; s < slots_.size(); ++s) {
      if (same_key(key, slots_[s].key)) {
        hit = s;
        break;
      }
    }
    if (hit == slots_.size()) {
      if (!skip_value(p, end)) return out.resize(start), false;
      continue;
    }
    out.append(reinterpret_cast<const char*>(run), size_t(p - run));
    out.append(value_of(slots_[hit].source));
    found[hit] = true;
    if (!skip_value(p, end)) return out.resize(start), false;
    run = p;
  }
  out.append(reinterpret_cast<const char*>(run), size_t(p - run));
  uint32_t count = pairs;
  for (size_t s = 0; s < slots_.size(); ++s) {
    if (found[s]) continue;
    mp_str(out, slots_[s].key);
    out.append(value_of(slots_[s].source));
    ++count;
  }
  mp_end_map(out, mark, count);
  return true;
}

}  // namespace ferry::format
