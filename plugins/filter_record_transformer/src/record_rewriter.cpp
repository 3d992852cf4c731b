#include "record_rewriter.hpp"

#include <cmath>
#include <stdexcept>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "msgpack_skip.hpp"
#include "ruby_parser.hpp"

namespace ferry::record_transformer {
namespace {

using format::MpValue;

std::string where(const std::string& location) {
  return location.empty() ? std::string() : location + ": ";
}

std::string_view span(const uint8_t* b, const uint8_t* e) {
  return {reinterpret_cast<const char*>(b), size_t(e - b)};
}

TimeValue time_of(std::string_view raw) {
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  MpValue v;
  TimeValue t;
  if (!format::read_item(p, p + raw.size(), v)) return t;
  if (format::is_event_time(v)) {
    t.sec = format::event_time_sec(v);
    t.nsec = format::event_time_nsec(v);
  } else if (v.type == MpValue::kUint) {
    t.sec = int64_t(v.u);
  } else if (v.type == MpValue::kInt) {
    t.sec = v.i;
  } else if (v.type == MpValue::kFloat) {
    event_time_from_float(v.f, t.sec, t.nsec);
  }
  return t;
}

void append_be32(std::string& out, uint32_t v) {
  const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.append(b, 4);
}

// Float#to_f as renew_time_key applies it to the new record's value.
double value_to_f(const Value& v, const TagParts& tag) {
  switch (v.type) {
    case Value::Type::kInt:
      return double(v.i);
    case Value::Type::kUint:
      return double(v.u);
    case Value::Type::kFloat:
      return v.f;
    case Value::Type::kStr:
    case Value::Type::kBin:
      return ruby_string_to_f(v.s);
    case Value::Type::kNil:
      return 0.0;
    case Value::Type::kExt: {
      const auto* p = reinterpret_cast<const uint8_t*>(v.s.data());
      MpValue m;
      if (format::read_item(p, p + v.s.size(), m) && format::is_event_time(m))
        return double(format::event_time_sec(m)) + format::event_time_nsec(m) / 1e9;
      break;
    }
    default:
      break;
  }
  throw EvalError("undefined method `to_f' for " + describe_receiver(v, &tag), "NoMethodError");
}

}  // namespace

bool event_time_from_float(double seconds, int64_t& sec, uint32_t& nsec) {
  if (!std::isfinite(seconds) || seconds >= 9.2e18 || seconds <= -9.2e18) return false;
  const double whole = std::floor(seconds);
  const double frac = seconds - whole;  // exact: the fraction of a double is a double
  sec = int64_t(whole);
  nsec = 0;
  if (frac > 0) {
    // Time.at(Float) keeps the float's exact value; Time#nsec truncates.
    int exp = 0;
    const double m = std::frexp(frac, &exp);  // frac = m * 2^exp, m in [0.5, 1)
    const auto mantissa = uint64_t(std::ldexp(m, 53));
    const int shift = 53 - exp;
    if (shift < 128) {
      const unsigned __int128 scaled = static_cast<unsigned __int128>(mantissa) * 1000000000u;
      nsec = uint32_t(scaled >> shift);
    }
  }
  return true;
}

RecordRewriter::RecordRewriter(const Settings& s, std::vector<std::string>& warnings)
    : renew_record_(s.renew_record), renew_time_key_(s.renew_time_key), hostname_(s.hostname) {
  std::vector<std::string> errors;
  const CompileOptions options{s.enable_ruby, s.auto_typecast};

  // Fluentd fills one Hash from every <record>: a repeated key keeps its
  // first place and takes the last value.
  std::vector<const Settings::Field*> merged;
  for (const Settings::Field& f : s.record) {
    bool replaced = false;
    for (auto& m : merged) {
      if (m->key == f.key) {
        m = &f;
        replaced = true;
        break;
      }
    }
    if (!replaced) merged.push_back(&f);
  }
  bool ruby_error = false;
  for (const Settings::Field* f : merged) {
    try {
      Field field{StringTemplate::compile(f->key, true, options), {}, {}};
      if (field.key.is_constant()) format::mp_str(field.key_bytes, field.key.text());
      std::string json_error;
      field.value = ValueTemplate::compile(f->value, options, json_error);
      if (!json_error.empty())
        warnings.push_back(
            where(f->location) + "failed to parse " + f->value + " as json. Assuming " + f->value +
            " is a string error_class=JSON::ParserError error=\"" + json_error + "\"");
      fields_.push_back(std::move(field));
    } catch (const std::invalid_argument& e) {
      errors.push_back(where(f->location) + "<record> " + f->key + ": " + e.what());
      ruby_error = true;
    }
  }
  if (ruby_error) errors.push_back(std::string(supported_ruby_summary()));

  if (s.keep_keys) {
    if (!s.renew_record) {
      errors.push_back(where(s.keep_keys_location) +
                       "`renew_record` must be true to use `keep_keys`");
    } else {
      for (const std::string& k : *s.keep_keys) {
        bool seen = false;
        for (const std::string& have : keep_keys_) seen = seen || have == k;
        if (!seen) keep_keys_.push_back(k);
      }
    }
  }
  if (s.remove_keys) {
    for (const std::string& k : *s.remove_keys) {
      std::string error;
      if (auto path = format::RecordAccessor::parse(k, &error)) {
        deleters_.push_back(std::move(*path));
      } else {
        errors.push_back(where(s.remove_keys_location) + "remove_keys `" + k + "`: " + error);
      }
    }
  }
  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    throw std::invalid_argument(all);
  }
  noop_ = fields_.empty() && !renew_record_ && !renew_time_key_ && deleters_.empty();
}

uint32_t RecordRewriter::rewrite(std::string_view tag, std::string_view events, std::string& out,
                                 RecordSink& sink) {
  tag_.reset(tag);
  const auto* begin = reinterpret_cast<const uint8_t*>(events.data());
  const uint8_t* p = begin;
  const uint8_t* end = p + events.size();
  uint32_t written = 0;
  while (p < end) {
    const uint8_t* event_begin = p;
    // [time, record]: almost always 0x92 then an EventTime; read the
    // record once, straight into record_.
    bool ok = *p == 0x92;
    if (ok)
      ++p;
    else {
      MpValue head;
      ok = format::read_item(p, end, head) && head.type == MpValue::kArray && head.size == 2;
    }
    const uint8_t* time_begin = p;
    ok = ok && p < end && skip_field(p, end) && p < end;
    const uint8_t* record_begin = p;
    const RecordView::Parse parsed = ok ? record_.parse(p, end) : RecordView::Parse::kMalformed;
    if (parsed == RecordView::Parse::kNotMap) {
      p = record_begin;
      if (format::skip_value(p, end)) {
        sink.error_event(span(event_begin, p), "the record is not a map", nullptr);
        continue;
      }
    }
    if (parsed != RecordView::Parse::kOk)
      throw std::runtime_error("malformed event stream: no [time, record] event at byte " +
                               std::to_string(event_begin - begin));
    try {
      rewrite_one(span(time_begin, record_begin), out, sink);
      ++written;
    } catch (const EvalError& e) {
      sink.error_event(span(event_begin, p), e.what(), e.ruby_class());
    }
  }
  return written;
}

RecordRewriter::Slot RecordRewriter::find_slot(std::string_view key) const {
  const auto& in = record_.entries();
  for (size_t i = 0; i < in.size(); ++i)
    if (input_state_[i] != kDrop && in[i].key_is_string && in[i].key() == key)
      return Slot{int32_t(i), -1};
  for (size_t i = 0; i < added_.size(); ++i)
    if (!added_[i].dead && view(added_[i].key_text) == key) return Slot{-1, int32_t(i)};
  return Slot{};
}

RecordRewriter::Ref RecordRewriter::value_of(const Slot& slot) const {
  if (slot.added >= 0) return added_[size_t(slot.added)].value;
  const int32_t state = input_state_[size_t(slot.input)];
  if (state >= 0) return replaced_[size_t(state)];
  return abs_ref(record_.entries()[size_t(slot.input)].raw_value());
}

void RecordRewriter::set_value(const Slot& slot, const Ref& value) {
  if (slot.added >= 0) {
    added_[size_t(slot.added)].value = value;
    return;
  }
  int32_t& state = input_state_[size_t(slot.input)];
  if (state >= 0) {
    replaced_[size_t(state)] = value;
  } else {
    state = int32_t(replaced_.size());
    replaced_.push_back(value);
  }
}

void RecordRewriter::set_entry(std::string_view key, const Ref& key_raw, const Ref& key_text,
                               const Ref& value) {
  // Hash#merge!: an existing key keeps its place and takes the new value.
  // Later duplicates of it (possible in MessagePack, never in a Ruby Hash)
  // are dropped so the output has the key once.
  bool found = false;
  const auto& in = record_.entries();
  for (size_t i = 0; i < in.size(); ++i) {
    if (input_state_[i] == kDrop || !in[i].key_is_string || in[i].key() != key) continue;
    if (found) {
      input_state_[i] = kDrop;
    } else {
      set_value(Slot{int32_t(i), -1}, value);
      found = true;
    }
  }
  for (Added& a : added_) {
    if (a.dead || view(a.key_text) != key) continue;
    if (found) {
      a.dead = true;
    } else {
      a.value = value;
      found = true;
    }
  }
  if (!found) added_.push_back(Added{key_raw, key_text, value, false});
}

void RecordRewriter::apply_deleter(const format::RecordAccessor& path) {
  const format::RecordAccessor::Step& top = path.steps()[0];
  if (top.is_index) return;  // an Integer key: never a key of a record from JSON/MessagePack str
  if (!path.nested()) {
    const auto& in = record_.entries();
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i].key_is_string && in[i].key() == top.key) input_state_[i] = kDrop;
    for (Added& a : added_)
      if (view(a.key_text) == top.key) a.dead = true;
    return;
  }
  const Slot slot = find_slot(top.key);
  if (!slot.found()) return;
  tmp_.clear();
  if (!path.delete_from(view(value_of(slot)), 1, tmp_)) return;
  const size_t b = scratch_.size();
  scratch_ += tmp_;
  set_value(slot, scratch_ref(b));
}

void RecordRewriter::rewrite_one(std::string_view time_raw, std::string& out, RecordSink& sink) {
  arena_.reset();
  scratch_.clear();
  replaced_.clear();
  added_.clear();
  const auto& in = record_.entries();
  input_state_.assign(in.size(), renew_record_ ? kDrop : kKeep);
  const EvalContext ctx{&tag_, hostname_, time_of(time_raw), &record_, &arena_, &time_text_};

  if (renew_record_) {
    for (const std::string& k : keep_keys_) {
      if (const RecordEntry* e = record_.find(k))
        added_.push_back(
            Added{abs_ref(e->raw_key()), abs_ref(e->key()), abs_ref(e->raw_value()), false});
    }
  }

  for (const Field& f : fields_) {
    Ref key_raw, key_text;
    if (f.key.is_constant()) {
      key_raw = abs_ref(f.key_bytes);
      key_text = abs_ref(f.key.text());
    } else {
      text_.clear();
      f.key.append_text(text_, ctx, sink);
      const size_t b = scratch_.size();
      format::mp_str(scratch_, text_);
      key_raw = scratch_ref(b);
      key_text = Ref{nullptr, uint32_t(scratch_.size() - text_.size()), uint32_t(text_.size())};
    }
    Ref value;
    if (f.value.is_constant()) {
      value = abs_ref(f.value.constant_bytes());
    } else {
      const size_t b = scratch_.size();
      f.value.write_msgpack(scratch_, ctx, sink, text_);
      value = scratch_ref(b);
    }
    set_entry(view(key_text), key_raw, key_text, value);
  }

  // renew_time_key reads the new record before remove_keys runs.
  bool renewed = false;
  int64_t sec = 0;
  uint32_t nsec = 0;
  if (renew_time_key_) {
    if (const Slot slot = find_slot(*renew_time_key_); slot.found()) {
      const double f = value_to_f(value_from_msgpack(view(value_of(slot))), tag_);
      if (!event_time_from_float(f, sec, nsec))
        // Time.at raises FloatDomainError for NaN and the infinities; a
        // time beyond EventTime's range is Ferry's own refusal.
        throw EvalError(std::isnan(f)   ? "NaN"
                        : std::isinf(f) ? (f > 0 ? "Infinity" : "-Infinity")
                                        : "time out of range",
                        std::isfinite(f) ? nullptr : "FloatDomainError");
      renewed = true;
    }
  }

  for (const format::RecordAccessor& path : deleters_) apply_deleter(path);

  // Nothing can fail past this point: the event goes out whole.
  out += '\x92';
  if (renewed) {
    out += '\xd7';
    out += '\x00';
    append_be32(out, uint32_t(sec));  // EventTime's 32-bit seconds, as Fluentd packs them
    append_be32(out, nsec);
  } else {
    out += time_raw;
  }
  write_record(out);
}

void RecordRewriter::write_record(std::string& out) const {
  const auto& in = record_.entries();
  uint32_t count = 0;
  for (int32_t state : input_state_) count += state != kDrop;
  for (const Added& a : added_) count += !a.dead;
  format::mp_map_header(out, count);
  // Kept input entries are contiguous in the batch: copy runs of them at once.
  const char* run_begin = nullptr;
  const char* run_end = nullptr;
  for (size_t i = 0; i < in.size(); ++i) {
    const int32_t state = input_state_[i];
    if (state == kKeep) {
      if (run_end != in[i].begin) {
        if (run_begin) out.append(run_begin, size_t(run_end - run_begin));
        run_begin = in[i].begin;
      }
      run_end = in[i].end();
      continue;
    }
    if (run_begin) out.append(run_begin, size_t(run_end - run_begin));
    run_begin = run_end = nullptr;
    if (state >= 0) {
      out += in[i].raw_key();
      out += view(replaced_[size_t(state)]);
    }
  }
  if (run_begin) out.append(run_begin, size_t(run_end - run_begin));
  for (const Added& a : added_) {
    if (a.dead) continue;
    out += view(a.key_raw);
    out += view(a.value);
  }
}

}  // namespace ferry::record_transformer
