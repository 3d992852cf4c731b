#include "buffer/file_chunk_resume.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <system_error>

#include "buffer/gzip_member.hpp"
#include "telemetry/log.hpp"

namespace ferry::buffer {

namespace fs = std::filesystem;

namespace {

struct Candidate {
  fs::path path;
  ChunkState state;
  ChunkId id;
};

// "<prefix><b|q><32 hex><suffix>" -> state and id.
std::optional<Candidate> parse_name(const FileChunkLocation& loc, const fs::path& path) {
  std::string name = path.filename().string();
  size_t fixed = loc.prefix.size() + loc.suffix.size() + 33;
  if (name.size() != fixed || name.compare(0, loc.prefix.size(), loc.prefix) != 0 ||
      name.compare(name.size() - loc.suffix.size(), loc.suffix.size(), loc.suffix) != 0) {
    return std::nullopt;
  }
  char state = name[loc.prefix.size()];
  if (state != 'b' && state != 'q') return std::nullopt;
  auto id = ChunkId::from_hex(std::string_view(name).substr(loc.prefix.size() + 1, 32));
  if (!id) return std::nullopt;
  return Candidate{path, state == 'b' ? ChunkState::kStaged : ChunkState::kQueued, *id};
}

std::optional<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool spit(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  return bool(out.flush());
}

int64_t file_mtime_sec(const fs::path& p) {
  struct stat st;
  if (::stat(p.c_str(), &st) != 0) return chunk_clock_now();
  return int64_t(st.st_mtime);
}

// Moves a file out of the buffer dir; never leaves it where resume would
// find it again.
void move_aside(const fs::path& file, const fs::path& backup_dir) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  fs::path target =
      backup_dir.empty() ? fs::path(file.string() + ".broken") : backup_dir / file.filename();
  if (!backup_dir.empty()) fs::create_directories(backup_dir, ec);
  fs::rename(file, target, ec);
  if (ec) {  // another file system: copy, then delete
    ec.clear();
    fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::remove(file, ec);
  }
  if (ec) {
    log::error("cannot move broken chunk file " + file.string() + " to " + target.string() + ": " +
               ec.message());
  } else {
    log::warn("moved broken chunk file " + file.string() + " to " + target.string());
  }
}

struct BodyCheck {
  uint64_t whole_bytes = 0;
  std::optional<uint64_t> records;
};

// A body that does not start with a MessagePack array holds text formatted
// before it was buffered (chunks left by Fluentd's out_file): check it line
// by line, or non-ASCII text would look like a torn MessagePack record.
BodyFraming framing_of(std::string_view body, BodyFraming configured) {
  if (configured != BodyFraming::kMsgpackStream || body.empty()) return configured;
  const auto b = uint8_t(body.front());
  const bool array = (b >= 0x90 && b <= 0x9f) || b == 0xdc || b == 0xdd;
  return array ? configured : BodyFraming::kLines;
}

BodyCheck check_body(std::string_view body, const ChunkOptions& opts) {
  BodyCheck check;
  if (!opts.gzip) {
    RecordScan scan = scan_records(body, framing_of(body, opts.framing));
    check.whole_bytes = scan.whole_bytes;
    check.records = scan.records;
    return check;
  }
  // Whole members only; each member is one whole append, so its records are
  // whole too (a member is CRC-checked before it counts).
  GzipScan gz = inflate_gzip_members(body);
  check.whole_bytes = gz.whole_bytes;
  check.records = scan_records(gz.inflated, framing_of(gz.inflated, opts.framing)).records;
  return check;
}

bool newer(const FileChunk& a, const FileChunk& b) {
  const ChunkMeta &x = a.meta(), &y = b.meta();
  if (x.modified_at != y.modified_at) return x.modified_at > y.modified_at;
  if (x.created_at != y.created_at) return x.created_at > y.created_at;
  return a.id().hex() > b.id().hex();
}

}  // namespace

ResumedChunks resume_file_chunks(const FileChunkLocation& location, const ResumeOptions& options) {
  ResumedChunks out;
  std::error_code ec;
  std::vector<Candidate> candidates;
  for (const fs::directory_entry& e : fs::directory_iterator(location.dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    if (auto c = parse_name(location, e.path())) candidates.push_back(*c);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.path < b.path; });

  const ChunkOptions& copts = options.file.chunk;
  for (Candidate& c : candidates) {
    const std::string name = c.path.string();
    fs::path meta_path = FileChunkLocation::meta_path(c.path);
    if (c.state == ChunkState::kStaged && !fs::exists(meta_path)) {
      // Ferry's enqueue renames the meta first: a crash between the two
      // renames leaves b.log + q.log.meta. Finish the rename.
      fs::path queued = location.chunk_path(ChunkState::kQueued, c.id);
      if (fs::exists(FileChunkLocation::meta_path(queued))) {
        fs::rename(c.path, queued, ec);
        if (!ec) {
          c.path = queued;
          c.state = ChunkState::kQueued;
          meta_path = FileChunkLocation::meta_path(queued);
        }
      }
    }
    std::optional<std::string> body = slurp(c.path);
    if (!body) {
      log::error("cannot read chunk file " + name + " during resume");
      move_aside(c.path, options.backup_dir);
      move_aside(meta_path, options.backup_dir);
      ++out.chunks_backed_up;
      continue;
    }
    std::optional<DecodedChunkMeta> decoded;
    std::string meta_error = "missing";
    if (auto meta_bytes = slurp(meta_path)) decoded = decode_chunk_meta(*meta_bytes, &meta_error);

    BodyCheck check = check_body(*body, copts);
    if (body->empty() && decoded) {
      // Nothing was ever committed to it: nothing to lose.
      log::info("removing empty chunk " + name + " during resume");
      fs::remove(c.path, ec);
      fs::remove(meta_path, ec);
      ++out.empty_removed;
      continue;
    }
    if (check.whole_bytes == 0) {
      log::warn("found broken chunk file during resume: no whole record in " + name);
      move_aside(c.path, options.backup_dir);
      move_aside(meta_path, options.backup_dir);
      ++out.chunks_backed_up;
      continue;
    }
    if (check.whole_bytes < body->size()) {
      // A torn last append (power loss, disk full): keep every whole record,
      // cut the rest so nothing is ever appended after garbage. The cut bytes
      // are saved, never silently thrown away.
      std::string tail = body->substr(check.whole_bytes);
      if (!options.backup_dir.empty()) {
        fs::create_directories(options.backup_dir, ec);
        spit(options.backup_dir / (c.path.filename().string() + ".tail"), tail);
      }
      fs::resize_file(c.path, check.whole_bytes, ec);
      if (ec) {
        log::error("cannot cut torn tail of " + name + ": " + ec.message());
        move_aside(c.path, options.backup_dir);
        move_aside(meta_path, options.backup_dir);
        ++out.chunks_backed_up;
        continue;
      }
      log::warn(
          "chunk " + name + ": cut " + std::to_string(tail.size()) +
          " bytes of a torn last record, kept " + std::to_string(check.whole_bytes) + " bytes" +
          (check.records ? " (" + std::to_string(*check.records) + " records)" : std::string()));
      ++out.torn_tails_cut;
    }

    ChunkMeta meta;
    bool rewrite_meta = false;
    if (decoded) {
      meta = decoded->meta;
      meta.id = c.id;  // the name is what the file is known by
      if (check.records && *check.records != meta.records) {
        log::warn("chunk " + name + ": meta says " + std::to_string(meta.records) +
                  " records, data holds " + std::to_string(*check.records) + "; using the data");
        meta.records = *check.records;
        rewrite_meta = true;
        ++out.counts_fixed;
      }
    } else {
      // Identity (tag, timekey, variables) is only in the meta: without it
      // the chunk can still be delivered, but must not take new appends.
      meta.id = c.id;
      meta.records = check.records.value_or(0);
      meta.created_at = meta.modified_at = file_mtime_sec(c.path);
      log::warn("chunk " + name + ": meta " + meta_error + "; rebuilt from the data (" +
                std::to_string(meta.records) + " records), chunk queued with empty metadata");
      if (decoded == std::nullopt && fs::exists(meta_path))
        move_aside(meta_path, options.backup_dir);
      if (c.state == ChunkState::kStaged) {
        fs::path queued = location.chunk_path(ChunkState::kQueued, c.id);
        fs::rename(c.path, queued, ec);
        if (!ec) {
          c.path = queued;
          c.state = ChunkState::kQueued;
          meta_path = FileChunkLocation::meta_path(queued);
        }
      }
      rewrite_meta = true;
      ++out.metas_rebuilt;
    }
    if (rewrite_meta && !spit(meta_path, encode_chunk_meta(meta))) {
      log::error("cannot write meta " + meta_path.string() + " during resume");
    }
    std::string error;
    auto chunk = FileChunk::adopt(location, c.state, std::move(meta), check.whole_bytes,
                                  options.file, &error);
    if (!chunk) {
      log::error("cannot resume chunk " + name + ": " + error);
      continue;
    }
    (c.state == ChunkState::kStaged ? out.staged : out.queued).push_back(std::move(chunk));
  }

  // One staged chunk per metadata (as Fluentd): the newest stays staged, the
  // others are enqueued, so queue order stays creation order.
  std::sort(out.staged.begin(), out.staged.end(),
            [](const auto& a, const auto& b) { return newer(*a, *b); });
  std::vector<std::unique_ptr<FileChunk>> staged;
  for (auto& chunk : out.staged) {
    bool dup = std::any_of(staged.begin(), staged.end(),
                           [&](const auto& s) { return s->metadata() == chunk->metadata(); });
    std::string error;
    if (dup && chunk->enqueue(&error)) {
      out.queued.push_back(std::move(chunk));
    } else {
      if (dup) log::error("cannot enqueue duplicate staged chunk: " + error);
      staged.push_back(std::move(chunk));
    }
  }
  out.staged = std::move(staged);
  std::sort(out.queued.begin(), out.queued.end(),
            [](const auto& a, const auto& b) { return newer(*b, *a); });
  return out;
}

}  // namespace ferry::buffer
