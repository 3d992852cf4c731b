#include "extractor.hpp"

#include <cstring>
#include <stdexcept>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "msgpack_doc.hpp"

namespace ferry::json_extract {
namespace {

using format::MpValue;

constexpr std::string_view kNilValue("\xc0", 1);

std::string where(const std::string& location) {
  return location.empty() ? std::string() : location + ": ";
}

std::string_view span(const uint8_t* b, const uint8_t* e) {
  return {reinterpret_cast<const char*>(b), size_t(e - b)};
}

uint64_t length_bit(size_t len) {
  return uint64_t(1) << (len & 63);
}

// Ruby's dig: each step a key of a map or an index of an array; anything
// else (a missing key, a step into a scalar) finds nothing.
template <class Doc>
bool find_path(const Doc& doc, typename Doc::Node root, const Path& path, typename Doc::Node& out) {
  typename Doc::Node cur = root;
  for (const PathStep& step : path.steps) {
    typename Doc::Node next;
    if (step.is_index ? !doc.at_index(cur, step.index, next) : !doc.find_key(cur, step.key, next))
      return false;
    cur = next;
  }
  out = cur;
  return true;
}

// Found and not null: Fluentd's "present".
template <class Doc>
bool present(const Doc& doc, typename Doc::Node root, const Path& path) {
  typename Doc::Node v;
  return find_path(doc, root, path, v) && doc.scalar(v).kind != Scalar::kNil;
}

void write_scalar(const Scalar& s, std::string& out) {
  switch (s.kind) {
    case Scalar::kInt:
      format::mp_int(out, s.i);
      return;
    case Scalar::kUint:
      format::mp_uint(out, s.u);
      return;
    case Scalar::kFloat:
      format::mp_double(out, s.f);
      return;
    case Scalar::kStr:
      format::mp_str(out, s.s);
      return;
    case Scalar::kBool:
      format::mp_bool(out, s.boolean);
      return;
    default:
      format::mp_nil(out);
      return;
  }
}

}  // namespace

Extractor::Extractor(const Settings& s) {
  std::vector<std::string> errors;
  const std::string at = where(s.location);
  auto path_of = [&](const std::string& text, const std::string& prefix) -> std::optional<Path> {
    try {
      return parse_path(text);
    } catch (const std::invalid_argument& e) {
      errors.push_back(prefix + e.what());
      return std::nullopt;
    }
  };

  if (s.source_key) source_ = path_of(*s.source_key, at + "source_key: ");
  remove_source_key_ = s.remove_source_key;
  if (remove_source_key_) {
    if (!s.source_key)
      errors.push_back(at + "remove_source_key needs source_key");
    else if (s.renew_record)
      errors.push_back(at +
                       "remove_source_key applies only with renew_record false (a renewed record "
                       "holds nothing but keep_keys and fields)");
    else if (source_ && source_->steps.size() != 1)
      errors.push_back(at + "remove_source_key needs a top-level source_key, not the path " +
                       *s.source_key);
  }
  for (const std::string& key : s.require_keys)
    if (auto p = path_of(key, at + "require_keys: ")) require_.push_back(std::move(*p));

  renew_record_ = s.renew_record;
  if (!renew_record_ && !s.keep_keys.empty())
    errors.push_back(at + "`renew_record` must be true to use `keep_keys`");
  for (const std::string& key : s.keep_keys) {
    bool seen = false;
    for (const std::string& k : keep_keys_) seen = seen || k == key;
    if (seen)
      errors.push_back(at + "keep_keys lists `" + key + "` twice");
    else
      keep_keys_.push_back(key);
  }

  for (const FieldSettings& f : s.fields) {
    const std::string fat = where(f.location.empty() ? s.location : f.location);
    if (f.name.empty()) {
      errors.push_back(fat + "<field> needs a name: <field NAME>");
      continue;
    }
    for (const Field& seen : fields_)
      if (seen.name == f.name) errors.push_back(fat + "<field " + f.name + "> is given twice");
    for (const std::string& keep : keep_keys_)
      if (keep == f.name)
        errors.push_back(fat + "<field " + f.name + "> would overwrite the keep_keys entry `" +
                         keep + "`");
    auto path = path_of(f.path, fat + "<field " + f.name + "> path: ");
    if (!path) continue;
    Field field{f.name, {}, std::move(*path), f.type, f.on_missing.value_or(s.on_missing)};
    format::mp_str(field.key_raw, f.name);
    fields_.push_back(std::move(field));
  }

  if (s.explode) {
    const ExplodeSettings& x = *s.explode;
    const std::string xat = where(x.location.empty() ? s.location : x.location);
    auto path = path_of(x.path, xat + "<explode> path: ");
    if (x.key_format == KeyFormat::kPlain && !x.key_field)
      errors.push_back(xat +
                       "<explode> key_format plain needs key_field (else the entry key is "
                       "lost)");
    if (path)
      explode_ =
          Explode{std::move(*path),  x.key_format, x.key_field.value_or(""), x.domain_key,
                  x.property_prefix, x.attributes, x.attribute_prefix,       x.flatten_separator};
  } else if (s.fields.empty()) {
    errors.push_back(at + "nothing to extract: add <field NAME> sections or an <explode> section");
  }

  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    throw std::invalid_argument(all);
  }
  keep_found_.resize(keep_keys_.size());
}

uint32_t Extractor::run(std::string_view events, std::string& out, ExtractSink& sink) {
  sink_ = &sink;
  out_ = &out;
  written_ = 0;
  const auto* begin = reinterpret_cast<const uint8_t*>(events.data());
  const uint8_t* p = begin;
  const uint8_t* end = p + events.size();
  while (p < end) {
    const uint8_t* event = p;
    MpValue head;
    bool ok = format::read_item(p, end, head) && head.type == MpValue::kArray && head.size == 2;
    const uint8_t* time = p;
    ok = ok && format::skip_value(p, end);
    const uint8_t* record = p;
    // Skipping validates the whole record: reads inside it cannot run off.
    ok = ok && format::skip_value(p, end);
    if (!ok)
      throw std::runtime_error("malformed event stream: no [time, record] event at byte " +
                               std::to_string(event - begin));
    ++stats_.events_in;
    one_event(span(event, p), span(time, record), record, p);
  }
  stats_.records_out += written_;
  return written_;
}

void Extractor::one_event(std::string_view event, std::string_view time_raw, const uint8_t* record,
                          const uint8_t* end) {
  const MsgpackDoc rec(end);
  if (rec.scalar(record).kind != Scalar::kMap) {
    ++stats_.errors;
    sink_->error_event(event, "the record is not a map");
    return;
  }
  if (!source_) return extract(rec, record, time_raw, record, end);

  MsgpackDoc::Node src = nullptr;
  const Scalar s = find_path(rec, record, *source_, src) ? rec.scalar(src) : Scalar{};
  if (s.kind == Scalar::kStr) {
    JsonDoc::Node root;
    std::string error;
    if (json_.parse(s.s, root, &error)) return extract(JsonDoc{}, root, time_raw, record, end);
    ++stats_.errors;
    sink_->error_event(event, "source_key `" + source_->text + "`: " + error);
    return;
  }
  if (s.kind == Scalar::kMap || s.kind == Scalar::kArray)
    return extract(rec, src, time_raw, record, end);
  ++stats_.errors;
  sink_->error_event(
      event, s.kind == Scalar::kNil
                 ? "source_key `" + source_->text + "` does not exist"
                 : "source_key `" + source_->text + "` holds neither a JSON text nor a map");
}

template <class Doc>
void Extractor::extract(const Doc& doc, typename Doc::Node root, std::string_view time_raw,
                        const uint8_t* record, const uint8_t* end) {
  for (const Path& required : require_)
    if (!present(doc, root, required))
      return drop(stats_.dropped_required, "dropped a record lacking the required key",
                  required.text);
  collect_record_entries(record, end);
  const Field* dropped_by = nullptr;
  if (!add_fields(doc, root, &dropped_by))
    return drop(stats_.dropped_missing, "dropped a record with nothing for the field",
                dropped_by->name);
  finish_common();

  std::string& out = *out_;
  if (!explode_) {
    out.push_back('\x92');
    out.append(time_raw);
    format::mp_map_header(out, common_count_);
    out.append(common_);
    ++written_;
    return;
  }
  typename Doc::Node target;
  if (!find_path(doc, root, explode_->path, target) || doc.scalar(target).kind != Scalar::kMap)
    return drop(stats_.dropped_missing, "dropped a record with no map at", explode_->path.text);
  doc.for_each_entry(target, [&](std::string_view key, typename Doc::Node value) {
    explode_entry(doc, key, value, time_raw);
  });
}

void Extractor::collect_record_entries(const uint8_t* record, const uint8_t* end) {
  entries_.clear();
  scratch_.clear();
  for (Entry& e : keep_found_) e.named = false;
  const uint8_t* p = record;
  MpValue m;
  format::read_item(p, end, m);  // a map: checked by the caller
  for (uint32_t i = 0; i < m.size; ++i) {
    const uint8_t* key_begin = p;
    MpValue k;
    format::read_item(p, end, k);
    const bool named = k.type == MpValue::kStr || k.type == MpValue::kBin;
    if (!named) p = key_begin, format::skip_value(p, end);
    const uint8_t* value_begin = p;
    format::skip_value(p, end);
    Entry e{named ? k.bytes() : std::string_view(), named, abs_ref(span(key_begin, value_begin)),
            abs_ref(span(value_begin, p))};
    if (renew_record_) {
      if (!named) continue;
      for (size_t j = 0; j < keep_keys_.size(); ++j)
        if (keep_keys_[j] == e.key) keep_found_[j] = e;  // the last of repeated keys wins
    } else if (!(remove_source_key_ && named && e.key == source_->steps[0].key)) {
      entries_.push_back(e);
    }
  }
  for (const Entry& e : keep_found_)
    if (e.named) entries_.push_back(e);
}

template <class Doc>
bool Extractor::add_fields(const Doc& doc, typename Doc::Node root, const Field** dropped_by) {
  for (const Field& f : fields_) {
    typename Doc::Node v;
    bool ok = find_path(doc, root, f.path, v);
    const Scalar s = ok ? doc.scalar(v) : Scalar{};
    ok = ok && s.kind != Scalar::kNil;
    const size_t begin = scratch_.size();
    if (ok) {
      if (f.type == FieldType::kAsIs) {
        doc.write(v, scratch_);
      } else if (s.kind == Scalar::kMap || s.kind == Scalar::kArray) {
        ok = f.type == FieldType::kString;
        if (ok) {
          container_.clear();
          doc.write(v, container_);
          ok = write_json_text(container_, scratch_, tmp_);
        }
      } else {
        ok = write_converted(s, f.type, scratch_, tmp_);
      }
    }
    Ref value{nullptr, uint32_t(begin), uint32_t(scratch_.size() - begin)};
    if (!ok) {
      scratch_.resize(begin);
      if (f.on_missing == OnMissing::kDrop) return *dropped_by = &f, false;
      if (f.on_missing == OnMissing::kSkip) continue;
      value = abs_ref(kNilValue);
    }
    bool replaced = false;
    if (!renew_record_) {
      // An existing key keeps its place and takes the new value (Hash#[]=).
      for (Entry& e : entries_)
        if (e.named && e.key == f.name) e.value = value, replaced = true;
    }
    if (!replaced) entries_.push_back(Entry{f.name, true, abs_ref(f.key_raw), value});
  }
  return true;
}

void Extractor::finish_common() {
  common_.clear();
  base_keys_.clear();
  base_mask_ = 0;
  for (const Entry& e : entries_) {
    common_.append(view(e.key_raw));
    common_.append(view(e.value));
    if (e.named) {
      base_keys_.push_back(e.key);
      base_mask_ |= length_bit(e.key.size());
    }
  }
  common_count_ = uint32_t(entries_.size());
}

// The first writer of a key wins: the shared entries (keep_keys, fields),
// then key_field, domain, properties, attributes in that order.
bool Extractor::add_key(std::string_view key) {
  const uint64_t bit = length_bit(key.size());
  std::string& out = *out_;
  if (base_mask_ & bit) {
    for (std::string_view k : base_keys_) {
      if (k != key) continue;
      if (!warned_shadow_) {
        warned_shadow_ = true;
        sink_->warn("<explode>: `" + std::string(key) + "` of entry `" + std::string(entry_key_) +
                    "` is shadowed by the kept or extracted field of that name (the first "
                    "one wins; a property_prefix or attribute_prefix keeps both). Warned once.");
      }
      return false;
    }
  }
  if (dyn_mask_ & bit) {
    for (auto [off, len] : dyn_keys_)
      if (len == key.size() && std::memcmp(out.data() + off, key.data(), len) == 0) return false;
  }
  format::mp_str(out, key);
  dyn_keys_.emplace_back(uint32_t(out.size() - key.size()), uint32_t(key.size()));
  dyn_mask_ |= bit;
  return true;
}

template <class Doc>
void Extractor::explode_entry(const Doc& doc, std::string_view key, typename Doc::Node value,
                              std::string_view time_raw) {
  std::string& out = *out_;
  const Explode& x = *explode_;
  const size_t record_begin = out.size();
  out.push_back('\x92');
  out.append(time_raw);
  const size_t mark = format::mp_begin_container(out);
  out.append(common_);
  dyn_keys_.clear();
  dyn_mask_ = 0;
  entry_key_ = key;

  if (!x.key_field.empty() && add_key(x.key_field)) format::mp_str(out, key);
  if (x.key_format == KeyFormat::kJmx) {
    if (!jmx_.parse(key)) {
      out.resize(record_begin);
      return drop(stats_.entries_bad_name, "skipped an entry that is not a JMX object name", key);
    }
    if (!x.domain_key.empty() && add_key(x.domain_key)) format::mp_str(out, jmx_.domain());
    for (const JmxName::Property& prop : jmx_.properties()) {
      std::string_view name = prop.key;
      if (!x.property_prefix.empty()) {
        keybuf_.assign(x.property_prefix).append(prop.key);
        name = keybuf_;
      }
      if (add_key(name)) format::mp_str(out, prop.value);
    }
  }

  const size_t before = dyn_keys_.size();
  keybuf_.assign(x.attribute_prefix);
  if (doc.scalar(value).kind == Scalar::kMap) {
    write_attributes(doc, value, keybuf_.size(), 0);
  } else {
    // A bare value (a read of a single attribute) is the attribute `value`.
    keybuf_.append("value");
    write_attribute(doc, keybuf_, value, 0);
  }
  if (dyn_keys_.size() == before) {
    out.resize(record_begin);
    return drop(stats_.entries_empty, "skipped an entry with no attribute to write", key);
  }
  format::mp_end_map(out, mark, common_count_ + uint32_t(dyn_keys_.size()));
  ++written_;
}

// keybuf_[0, base) holds the key of the enclosing map and the separator (or
// the attribute prefix at the top); base 0: the entry's own names as they are.
template <class Doc>
void Extractor::write_attributes(const Doc& doc, typename Doc::Node map, size_t base, int depth) {
  doc.for_each_entry(map, [&](std::string_view name, typename Doc::Node v) {
    if (base == 0) return write_attribute(doc, name, v, depth);
    keybuf_.resize(base);
    keybuf_.append(name);
    write_attribute(doc, keybuf_, v, depth);
  });
}

template <class Doc>
void Extractor::write_attribute(const Doc& doc, std::string_view key, typename Doc::Node v,
                                int depth) {
  const Scalar s = doc.scalar(v);
  const Attributes which = explode_->attributes;
  if (which == Attributes::kAll) {
    if (add_key(key)) doc.write(v, *out_);
    return;
  }
  if (s.kind == Scalar::kMap) {
    // Composite values (HeapMemoryUsage {used, max...}) flatten into
    // `HeapMemoryUsage.used`, filtered like the attributes around them.
    if (depth + 1 >= format::kMaxDepth) return;
    if (key.data() != keybuf_.data()) keybuf_.assign(key);
    keybuf_.resize(key.size());
    keybuf_.append(explode_->separator);
    write_attributes(doc, v, keybuf_.size(), depth + 1);
    return;
  }
  const bool wanted = s.is_number() || (which == Attributes::kScalar &&
                                        (s.kind == Scalar::kStr || s.kind == Scalar::kBool));
  if (wanted && add_key(key)) write_scalar(s, *out_);
}

void Extractor::drop(uint64_t& counter, std::string_view what, std::string_view name) {
  ++counter;
  if (!sink_->debug_enabled()) return;
  sink_->debug(std::string(what) + " `" + std::string(name) + "` (" + std::to_string(counter) +
               " so far)");
}

}  // namespace ferry::json_extract
