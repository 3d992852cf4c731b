// Fluentd's placeholder rules for output parameters (output.rb:
// placeholder_validators, PlaceholderValidator, get_placeholders_*,
// extract_placeholders), compiled once into pieces.
#include "buffer/placeholders.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "format/ruby_value.hpp"
#include "format/strftime.hpp"

namespace ferry::buffer {

struct Placeholder::Piece {
  enum Kind {
    kText,     // literal text (strftime applies when `time` is a key)
    kTag,      // ${tag}
    kTagPart,  // ${tag[N]}
    kChunkId,  // ${chunk_id}, the first one (Ruby's String#sub)
    kKey,      // ${NAME} of CHUNK_KEY_PLACEHOLDER_PATTERN (also a later ${chunk_id})
  };
  Kind kind = kText;
  std::string text;                                  // literal, or the placeholder as written
  std::string name;                                  // kKey: NAME
  int64_t index = 0;                                 // kTagPart
  std::shared_ptr<const format::Strftime> strftime;  // kText with a time key
};

Placeholder::~Placeholder() = default;

namespace {

bool key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '@' || c == '$';
}

// At s[i] == '$': the length of a `${tag}` / `${tag[-N]}` match
// (CHUNK_TAG_PLACEHOLDER_PATTERN), 0 if none; *index gets N (-1: whole tag
// is reported as kTag by the caller).
size_t match_tag(std::string_view s, size_t i, bool* whole, int64_t* index) {
  if (s.compare(i, 6, "${tag}") == 0) {
    *whole = true;
    return 6;
  }
  if (s.compare(i, 6, "${tag[") != 0) return 0;
  size_t j = i + 6;
  bool neg = false;
  if (j < s.size() && s[j] == '-') {
    neg = true;
    ++j;
  }
  size_t digits = j;
  int64_t v = 0;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
    if (v < (int64_t(1) << 40)) v = v * 10 + (s[j] - '0');
    ++j;
  }
  if (j == digits || s.compare(j, 2, "]}") != 0) return 0;
  *whole = false;
  *index = neg ? -v : v;
  return j + 2 - i;
}

// At s[i] == '$': the length of a `${NAME}` match (CHUNK_KEY_PLACEHOLDER_PATTERN).
size_t match_key(std::string_view s, size_t i) {
  if (s.compare(i, 2, "${") != 0) return 0;
  size_t j = i + 2;
  while (j < s.size() && key_char(s[j])) ++j;
  if (j == i + 2 || j >= s.size() || s[j] != '}') return 0;
  return j + 1 - i;
}

// Ruby's INVALID_PATH_COMPONENT_PATTERN %r{\.\.[/\\]|^[/\\]}: "../" or
// "..\" anywhere, or "/" or "\" at the start of any line.
bool invalid_path_component(std::string_view v) {
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if ((c == '/' || c == '\\') && (i == 0 || v[i - 1] == '\n')) return true;
    if (c == '.' && i + 2 < v.size() && v[i + 1] == '.' && (v[i + 2] == '/' || v[i + 2] == '\\'))
      return true;
  }
  return false;
}

// Non-overlapping matches of PARENT_DIRECTORY_PATTERN %r{\.\.[/\\]}.
size_t parent_dirs(std::string_view v) {
  size_t n = 0;
  for (size_t i = 0; i + 2 < v.size(); ++i) {
    if (v[i] == '.' && v[i + 1] == '.' && (v[i + 2] == '/' || v[i + 2] == '\\')) {
      ++n;
      i += 2;
    }
  }
  return n;
}

// get_placeholders_time: the finest of second/minute/hour/day that changes
// the rendered text, checked from 2016-01-01 00:00:00 UTC.
struct TimeGrain {
  int64_t sec;
  const char* title;
  const char* example;
};
std::optional<TimeGrain> time_grain(std::string_view text) {
  static constexpr TimeGrain kGrains[] = {
      {1, "second", "%S"}, {60, "minute", "%M"}, {3600, "hour", "%H"}, {86400, "day", "%d"}};
  constexpr int64_t kBase = 1451606400;  // 2016-01-01T00:00:00Z
  format::Strftime f(text);
  auto render = [&](int64_t t) {
    format::CivilTime c;
    format::civil_from_epoch(t, 0, c);
    c.utc = true;
    std::string out;
    f.append(out, c, 0);
    return out;
  };
  const std::string base = render(kBase);
  for (const TimeGrain& g : kGrains)
    if (render(kBase + g.sec) != base) return g;
  return std::nullopt;
}

std::string join_sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Ruby Array#- : the elements of a not in b.
std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  return out;
}

// Ruby's `str != Time.now.strftime(str)`: any conversion (even %%) counts.
bool has_time_format(std::string_view text) {
  format::CivilTime c;
  format::civil_from_epoch(1451606400, 0, c);  // any time will do
  c.utc = true;
  std::string rendered;
  format::Strftime(text).append(rendered, c, 0);
  return rendered != text;
}

// output.rb#placeholder_validators, in Fluentd's order (time, tag, keys):
// what is wrong with `text` for Check::kStrict, "" when nothing.
std::string strict_mismatch(std::string_view text, const BufferOptions* buffer,
                            const std::vector<std::string>& tag_texts,
                            const std::vector<std::string>& keys) {
  const std::optional<TimeGrain> grain = time_grain(text);
  const std::optional<int64_t> timekey =
      buffer && buffer->keys.time ? buffer->timekey : std::nullopt;
  if (grain || timekey) {
    if (!grain && timekey)
      return "doesn't have timestamp placeholders for timekey " + std::to_string(*timekey) +
             " (add strftime placeholders such as %Y%m%d%H, or remove 'time' from the "
             "<buffer> chunk keys)";
    if (grain && !timekey)
      return "has timestamp placeholders, but chunk key 'time' is not configured (write <buffer "
             "time> with a timekey, e.g. 'timekey 1h')";
    if (*timekey < grain->sec)
      return "doesn't have timestamp placeholder for " + std::string(grain->title) + "('" +
             grain->example + "') for timekey " + std::to_string(*timekey) +
             " (use a timekey of at least " + std::to_string(grain->sec) +
             "s, or add finer placeholders)";
  }
  const bool tag_key = buffer && buffer->keys.tag;
  if (tag_key && tag_texts.empty())
    return "doesn't have tag placeholder (add ${tag} or ${tag[N]}, or remove 'tag' from the "
           "<buffer> chunk keys)";
  if (!tag_key && !tag_texts.empty())
    return "has tag placeholders, but chunk key 'tag' is not configured (add 'tag' to the "
           "<buffer> chunk keys, e.g. <buffer tag>)";
  const std::vector<std::string> chunk_keys =
      buffer ? buffer->keys.record_keys : std::vector<std::string>{};
  if (!chunk_keys.empty() || !keys.empty()) {
    if (auto missing = minus(chunk_keys, keys); !missing.empty())
      return "doesn't have enough placeholders for keys " + join_sorted(missing) +
             " (add ${KEY} for each record chunk key)";
    if (auto extra = minus(keys, chunk_keys); !extra.empty())
      return "has placeholders, but chunk keys doesn't have keys " + join_sorted(extra) +
             " (add them to the <buffer> chunk keys, e.g. <buffer " + join_sorted(minus(keys, {})) +
             ">)";
  }
  return {};
}

// "<buffer KEYS,key>": the buffer's chunk keys with `key` added, for the
// fix in a message.
std::string buffer_with(const BufferOptions* buffer, const std::string& key) {
  std::string arg;
  auto add = [&](const std::string& k) { arg += (arg.empty() ? "" : ",") + k; };
  if (buffer && buffer->keys.tag) add("tag");
  if (buffer && buffer->keys.time) add("time");
  if (buffer)
    for (const std::string& k : buffer->keys.record_keys) add(k);
  add(key);
  return "<buffer " + arg + ">";
}

// Check::kAvailable: the first placeholder no chunk key backs (time, tag,
// then keys, as out_secondary_file.rb checks), "" when none.
std::string unavailable_placeholder(std::string_view text, const BufferOptions* buffer,
                                    const std::vector<std::string>& tag_texts,
                                    const std::vector<std::string>& keys) {
  if (!(buffer && buffer->keys.time) && has_time_format(text))
    return "has time formats (such as %Y%m%d), but chunk key 'time' is not configured (add "
           "'time' to the <buffer> chunk keys with a timekey, e.g. " +
           buffer_with(buffer, "time") + " and 'timekey 1h', or remove the time formats)";
  if (!(buffer && buffer->keys.tag) && !tag_texts.empty())
    return "has tag placeholder " + tag_texts.front() +
           ", but chunk key 'tag' is not configured (add 'tag' to the <buffer> chunk keys, e.g. " +
           buffer_with(buffer, "tag") + ", or remove the placeholder)";
  const std::vector<std::string> chunk_keys =
      buffer ? buffer->keys.record_keys : std::vector<std::string>{};
  if (auto extra = minus(keys, chunk_keys); !extra.empty())
    return "has placeholder ${" + extra.front() + "}, but '" + extra.front() +
           "' is not a chunk key (add it to the <buffer> chunk keys, e.g. " +
           buffer_with(buffer, extra.front()) + ", or remove the placeholder)";
  return {};
}

}  // namespace

std::unique_ptr<Placeholder> Placeholder::compile(std::string_view param_name,
                                                  std::string_view text,
                                                  const BufferOptions* buffer, std::string* error,
                                                  Check check) {
  std::unique_ptr<Placeholder> p(new Placeholder);
  p->text_ = std::string(text);
  if (buffer) {
    p->time_key_ = buffer->keys.time;
    p->tag_key_ = buffer->keys.tag;
    p->record_keys_ = buffer->keys.record_keys;
    p->timekey_use_utc_ = buffer->timekey_use_utc;
    p->zone_ = buffer->timekey_use_utc ? format::TimeZone::utc() : buffer->timekey_time_zone;
  }

  // --- pieces
  std::vector<std::string> tag_texts;  // get_placeholders_tag, as written
  std::vector<std::string> keys;       // get_placeholders_keys
  bool chunk_id_seen = false;
  std::string literal;
  auto flush_literal = [&]() {
    if (literal.empty()) return;
    Piece piece;
    piece.kind = Piece::kText;
    piece.text = std::move(literal);
    literal.clear();
    p->pieces_.push_back(std::move(piece));
  };
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '$') {
      bool whole = false;
      int64_t index = 0;
      if (size_t n = match_tag(text, i, &whole, &index)) {
        flush_literal();
        Piece piece;
        piece.kind = whole ? Piece::kTag : Piece::kTagPart;
        piece.index = index;
        piece.text = std::string(text.substr(i, n));
        tag_texts.push_back(piece.text);
        p->pieces_.push_back(std::move(piece));
        i += n;
        continue;
      }
      if (size_t n = match_key(text, i)) {
        flush_literal();
        Piece piece;
        piece.text = std::string(text.substr(i, n));
        piece.name = std::string(text.substr(i + 2, n - 3));
        if (piece.name == "chunk_id" && !chunk_id_seen) {
          piece.kind = Piece::kChunkId;
          chunk_id_seen = true;
        } else {
          piece.kind = Piece::kKey;
        }
        if (piece.name != "tag" && piece.name != "chunk_id") keys.push_back(piece.name);
        p->pieces_.push_back(std::move(piece));
        i += n;
        continue;
      }
    }
    literal += text[i++];
  }
  flush_literal();

  const std::string subject = "Parameter '" + std::string(param_name) + ": " + p->text_ + "'";
  const std::string problem = check == Check::kAvailable
                                  ? unavailable_placeholder(text, buffer, tag_texts, keys)
                                  : strict_mismatch(text, buffer, tag_texts, keys);
  if (!problem.empty()) {
    if (error) *error = subject + " " + problem;
    return nullptr;
  }

  // Strftime only matters when `time` is a key (extract_placeholders).
  if (p->time_key_) {
    for (Piece& piece : p->pieces_)
      if (piece.kind == Piece::kText)
        piece.strftime = std::make_shared<const format::Strftime>(piece.text);
  }
  p->plain_ = std::all_of(p->pieces_.begin(), p->pieces_.end(), [&](const Piece& piece) {
    return piece.kind == Piece::kText && !p->time_key_;
  });
  return p;
}

bool Placeholder::expand(const ChunkMeta& chunk, std::string& out, std::string* error) const {
  const ChunkMetadata& m = chunk.metadata;
  auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    return false;
  };
  // metadata.empty?: only the first ${chunk_id} is replaced.
  if (!m.timekey && !m.tag && !m.variables) {
    for (const Piece& piece : pieces_)
      out += piece.kind == Piece::kChunkId ? chunk.id.hex() : piece.text;
    return true;
  }
  if (time_key_ && !m.timekey)
    return fail("chunk " + chunk.id.hex() + " has no timekey, but 'time' is a chunk key");
  const bool any_tag = std::any_of(pieces_.begin(), pieces_.end(), [](const Piece& p) {
    return p.kind == Piece::kTag || p.kind == Piece::kTagPart;
  });
  std::vector<std::string_view> tag_parts;
  if (tag_key_ && any_tag) {
    if (!m.tag) return fail("chunk " + chunk.id.hex() + " has no tag, but 'tag' is a chunk key");
    if (invalid_path_component(*m.tag))
      return fail("Invalid path component detected in tag: " + *m.tag);
    std::string_view t = *m.tag;
    // Ruby's String#split('.'): trailing empty parts are dropped.
    size_t start = 0;
    while (true) {
      size_t dot = t.find('.', start);
      tag_parts.push_back(t.substr(start, dot == std::string_view::npos ? t.npos : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    while (!tag_parts.empty() && tag_parts.back().empty()) tag_parts.pop_back();
  }
  const bool keys_branch = !record_keys_.empty() && m.variables.has_value();

  const size_t before = out.size();
  format::CivilTime civil;
  if (time_key_) {
    const int64_t t = *m.timekey;
    format::civil_from_epoch(t, timekey_use_utc_ ? 0 : zone_.offset_at(t), civil);
  }
  std::string value;
  for (const Piece& piece : pieces_) {
    switch (piece.kind) {
      case Piece::kText:
        if (piece.strftime)
          piece.strftime->append(out, civil, 0);
        else
          out += piece.text;
        break;
      case Piece::kTag:
        out += tag_key_ ? std::string_view(*m.tag) : std::string_view(piece.text);
        break;
      case Piece::kTagPart:
        if (!tag_key_) {
          out += piece.text;
        } else {
          const int64_t n = int64_t(tag_parts.size());
          const int64_t i = piece.index < 0 ? piece.index + n : piece.index;
          if (i >= 0 && i < n) out += tag_parts[size_t(i)];  // else "" (Hash miss in gsub)
        }
        break;
      case Piece::kChunkId:
        out += chunk.id.hex();
        break;
      case Piece::kKey: {
        if (!keys_branch) {
          out += piece.text;
          break;
        }
        auto key = std::find(record_keys_.begin(), record_keys_.end(), piece.name);
        if (key == record_keys_.end()) break;  // not a chunk key: '' (Fluentd warns)
        value.clear();
        for (const ChunkVariable& v : *m.variables) {
          if (v.key != piece.name) continue;
          const uint8_t* p = reinterpret_cast<const uint8_t*>(v.value_msgpack.data());
          std::string err;
          if (!format::append_ruby_to_s(value, p, p + v.value_msgpack.size(), 0, &err)) {
            out.resize(before);
            return fail("chunk " + chunk.id.hex() + ": bad value of chunk key " + piece.name +
                        ": " + err);
          }
          break;
        }
        if (invalid_path_component(value)) {
          out.resize(before);
          return fail("Invalid path component detected in " + piece.text + ": " + value);
        }
        out += value;
        break;
      }
    }
  }
  if (keys_branch) {
    std::string_view result(out.data() + before, out.size() - before);
    if (parent_dirs(result) > parent_dirs(text_)) {
      std::string replaced(result);
      out.resize(before);
      return fail("Invalid path component detected, replaced to: " + replaced);
    }
  }
  return true;
}

}  // namespace ferry::buffer
