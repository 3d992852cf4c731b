#include "buffer/file_chunk_resume.hpp"

#include <gtest/gtest.h>

#include <map>

#include "buffer_test_support.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

// Copies a fixture's buffer/ (the fixtures themselves stay untouched).
fs::path copy_buffer(const fs::path& from, const TempDir& tmp) {
  fs::path dir = tmp.path() / "buffer";
  fs::copy(from, dir, fs::copy_options::recursive);
  for (auto& e : fs::directory_iterator(dir))
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add);
  return dir;
}

ResumeOptions options(bool gzip, const TempDir& tmp) {
  ResumeOptions o;
  o.file.chunk.gzip = gzip;
  o.backup_dir = tmp.path() / "backup";
  return o;
}

// The events of every resumed chunk, in flush order (queued, then staged),
// keyed "buffer/<file name as recorded>".
struct Found {
  std::string chunk;
  std::string state;
  Event event;
};
std::vector<Found> collect(const ResumedChunks& r) {
  std::vector<Found> out;
  auto add = [&](const FileChunk& c, const char* state) {
    std::string body, error;
    EXPECT_TRUE(c.read(body, &error)) << error;
    for (Event& e : split_events(body))
      out.push_back({"buffer/" + c.path().filename().string(), state, e});
  };
  for (auto& c : r.queued) add(*c, "queued");
  for (auto& c : r.staged) add(*c, "staged");
  return out;
}

void expect_records_jsonl(const std::vector<Found>& found, const fs::path& records_jsonl) {
  std::vector<std::string> lines = read_lines(records_jsonl);
  ASSERT_FALSE(lines.empty());
  // Match per chunk (queue order among equal "m" is not part of the format).
  std::map<std::string, std::vector<const Found*>> by_chunk;
  for (const Found& f : found) by_chunk[f.chunk].push_back(&f);
  size_t matched = 0;
  for (const std::string& line : lines) {
    auto exp = from_json(line);
    const msgpack_object& o = exp->get();
    std::string chunk = str(field(o, "chunk"));
    size_t index = field(o, "index")->via.u64;
    auto& events = by_chunk[chunk];
    ASSERT_LT(index, events.size()) << line;
    const Found& f = *events[index];
    EXPECT_EQ(f.state, str(field(o, "state"))) << line;
    EXPECT_EQ(f.event.sec, field(o, "time_sec")->via.u64) << line;
    EXPECT_EQ(f.event.nsec, field(o, "time_nsec")->via.u64) << line;
    EXPECT_EQ(f.event.record_msgpack, pack(*field(o, "record"))) << line;
    ++matched;
  }
  EXPECT_EQ(matched, found.size()) << "Ferry found events records.jsonl does not list";
}

// The identity of every chunk matches chunks.jsonl's decoded .meta.
void expect_chunks_jsonl(const ResumedChunks& r, const fs::path& chunks_jsonl) {
  std::map<std::string, const FileChunk*> by_name;
  for (auto& c : r.queued) by_name["buffer/" + c->path().filename().string()] = c.get();
  for (auto& c : r.staged) by_name["buffer/" + c->path().filename().string()] = c.get();
  std::vector<std::string> lines = read_lines(chunks_jsonl);
  EXPECT_EQ(lines.size(), by_name.size());
  for (const std::string& line : lines) {
    auto exp = from_json(line);
    const msgpack_object& o = exp->get();
    const FileChunk* c = by_name[str(field(o, "chunk"))];
    ASSERT_TRUE(c) << line;
    const msgpack_object& meta = *field(o, "meta");
    EXPECT_EQ(c->state() == ChunkState::kQueued ? "queued" : "staged", str(field(o, "state")));
    const msgpack_object* tag = field(meta, "tag");
    if (tag->type == MSGPACK_OBJECT_NIL) {
      EXPECT_FALSE(c->metadata().tag);
    } else {
      EXPECT_EQ(c->metadata().tag, std::optional<std::string>(str(tag)));
    }
    const msgpack_object* timekey = field(meta, "timekey");
    if (timekey->type == MSGPACK_OBJECT_NIL) {
      EXPECT_FALSE(c->metadata().timekey);
    } else {
      EXPECT_EQ(c->metadata().timekey, std::optional<int64_t>(timekey->via.i64));
    }
    const msgpack_object* vars = field(meta, "variables");
    if (vars->type == MSGPACK_OBJECT_NIL) {
      EXPECT_FALSE(c->metadata().variables);
    } else {
      ASSERT_TRUE(c->metadata().variables);
      ASSERT_EQ(c->metadata().variables->size(), vars->via.map.size);
      for (uint32_t i = 0; i < vars->via.map.size; ++i) {
        EXPECT_EQ((*c->metadata().variables)[i].value_msgpack, pack(vars->via.map.ptr[i].val));
      }
    }
    EXPECT_EQ(c->records(), field(meta, "s")->via.u64);
    EXPECT_EQ(c->meta().created_at, field(meta, "c")->via.i64);
    EXPECT_EQ(c->meta().modified_at, field(meta, "m")->via.i64);
  }
}

class FluentdFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(FluentdFixture, ResumesEveryRecordAndMetaUnchanged) {
  TempDir tmp;
  fs::path fixture = fixture_dir(GetParam());
  fs::path dir = copy_buffer(fixture / "buffer", tmp);
  std::map<std::string, std::string> before;
  for (auto& name : dir_names(dir)) before[name] = read_bytes(dir / name);

  ResumedChunks r =
      resume_file_chunks(FileChunkLocation{dir}, options(GetParam() == "fluentd-gzip", tmp));

  EXPECT_EQ(
      r.torn_tails_cut + r.metas_rebuilt + r.counts_fixed + r.chunks_backed_up + r.empty_removed,
      0u);
  expect_records_jsonl(collect(r), fixture / "records.jsonl");
  expect_chunks_jsonl(r, fixture / "chunks.jsonl");
  // A healthy Fluentd buffer is left byte for byte as it was.
  std::map<std::string, std::string> after;
  for (auto& name : dir_names(dir)) after[name] = read_bytes(dir / name);
  EXPECT_EQ(before, after);
  EXPECT_FALSE(fs::exists(tmp.path() / "backup"));
}

INSTANTIATE_TEST_SUITE_P(All, FluentdFixture,
                         ::testing::Values("fluentd-staged-and-queued", "fluentd-tag-time-timekey",
                                           "fluentd-record-key-host", "fluentd-gzip"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

// A staged chunk whose last record was cut (power loss): every whole record
// is kept, the torn bytes are cut off (and saved), and a later append lands
// right after the last whole record, so it is read back intact.
class TruncatedTail : public ::testing::TestWithParam<std::string> {};

TEST_P(TruncatedTail, KeepsWholeRecordsAndAppendsNothingAfterGarbage) {
  const bool gzip = GetParam() == "gzip";
  TempDir tmp;
  fs::path fixture = fixture_dir("truncated-tail") / GetParam();
  fs::path dir = copy_buffer(fixture / "buffer", tmp);
  const std::string name = gzip ? "buffer.b6610ed2d73cd231191774637f222c060.log"
                                : "buffer.b6610ed24de793df2a8bc3cc468f5f75c.log";
  const size_t whole = gzip ? 57 : 48;
  const size_t cut = gzip ? 102 - 57 : 83 - 48;

  ResumedChunks r = resume_file_chunks(FileChunkLocation{dir}, options(gzip, tmp));

  EXPECT_EQ(r.torn_tails_cut, 1u);
  EXPECT_EQ(r.counts_fixed, 1u);  // the meta said 2
  EXPECT_EQ(r.chunks_backed_up, 0u);
  ASSERT_EQ(r.staged.size(), 1u);
  ASSERT_TRUE(r.queued.empty());
  expect_records_jsonl(collect(r), fixture / "records.jsonl");
  EXPECT_EQ(fs::file_size(dir / name), whole);
  EXPECT_EQ(r.staged[0]->records(), 1u);
  EXPECT_EQ(read_bytes(tmp.path() / "backup" / (name + ".tail")).size(), cut);
  std::string error;
  auto meta = decode_chunk_meta(read_bytes(dir / (name + ".meta")), &error);
  ASSERT_TRUE(meta) << error;
  EXPECT_EQ(meta->meta.records, 1u);  // fixed on disk too

  // Fluentd would append these after the torn bytes and lose them.
  FileChunk& chunk = *r.staged[0];
  ASSERT_TRUE(chunk.append(
      event_bytes(1700000100, 0, R"({"n":100})") + event_bytes(1700000101, 0, R"({"n":101})"), 2,
      &error))
      << error;
  ASSERT_TRUE(chunk.commit(&error)) << error;
  std::string body;
  ASSERT_TRUE(chunk.read(body, &error)) << error;
  auto events = split_events(body);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].sec, 1700000004u);
  EXPECT_EQ(events[1].sec, 1700000100u);
  EXPECT_EQ(events[2].sec, 1700000101u);
  EXPECT_EQ(chunk.records(), 3u);

  // And a second start sees a healthy chunk: nothing left to repair.
  r = {};
  ResumedChunks again = resume_file_chunks(FileChunkLocation{dir}, options(gzip, tmp));
  EXPECT_EQ(
      again.torn_tails_cut + again.counts_fixed + again.metas_rebuilt + again.chunks_backed_up, 0u);
  ASSERT_EQ(again.staged.size(), 1u);
  EXPECT_EQ(again.staged[0]->records(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Both, TruncatedTail, ::testing::Values("plain", "gzip"));

class ResumeDamage : public ::testing::Test {
 protected:
  fs::path fixture_copy() {
    return copy_buffer(fixture_dir("fluentd-staged-and-queued") / "buffer", tmp_);
  }
  ResumedChunks resume(const fs::path& dir) {
    return resume_file_chunks(FileChunkLocation{dir}, options(false, tmp_));
  }
  TempDir tmp_;
  const std::string staged_a_ = "buffer.b6610ed24de793df2a8bc3cc468f5f75c.log";
};

TEST_F(ResumeDamage, MissingMetaIsRebuiltFromDataAndTheChunkQueued) {
  fs::path dir = fixture_copy();
  fs::remove(dir / (staged_a_ + ".meta"));
  ResumedChunks r = resume(dir);
  EXPECT_EQ(r.metas_rebuilt, 1u);
  EXPECT_EQ(r.staged.size(), 1u);
  ASSERT_EQ(r.queued.size(), 3u);
  std::string queued_name = "buffer.q6610ed24de793df2a8bc3cc468f5f75c.log";
  ASSERT_TRUE(fs::exists(dir / queued_name));
  std::string error;
  auto meta = decode_chunk_meta(read_bytes(dir / (queued_name + ".meta")), &error);
  ASSERT_TRUE(meta) << error;
  EXPECT_EQ(meta->meta.records, 2u);
  EXPECT_EQ(meta->meta.id.hex(), "6610ed24de793df2a8bc3cc468f5f75c");
  EXPECT_FALSE(meta->meta.metadata.tag);
  // Every record is still there.
  EXPECT_EQ(collect(r).size(), 7u);
}

TEST_F(ResumeDamage, CorruptMetaIsRebuiltAndTheOldOneSaved) {
  fs::path dir = fixture_copy();
  write_bytes(dir / (staged_a_ + ".meta"), "\xc1\x00\x00\x00\x10\x00garbage");
  ResumedChunks r = resume(dir);
  EXPECT_EQ(r.metas_rebuilt, 1u);
  EXPECT_TRUE(fs::exists(tmp_.path() / "backup" / (staged_a_ + ".meta")));
  EXPECT_EQ(collect(r).size(), 7u);
  ResumedChunks again = resume(dir);
  EXPECT_EQ(again.metas_rebuilt + again.chunks_backed_up, 0u);
  EXPECT_EQ(collect(again).size(), 7u);
}

TEST_F(ResumeDamage, ChunkWithNoWholeRecordGoesToBackupOnce) {
  fs::path dir = fixture_copy();
  write_bytes(dir / staged_a_, "\xc1\xc1\xc1 not msgpack");
  ResumedChunks r = resume(dir);
  EXPECT_EQ(r.chunks_backed_up, 1u);
  EXPECT_TRUE(fs::exists(tmp_.path() / "backup" / staged_a_));
  EXPECT_TRUE(fs::exists(tmp_.path() / "backup" / (staged_a_ + ".meta")));
  EXPECT_FALSE(fs::exists(dir / staged_a_));
  EXPECT_EQ(collect(r).size(), 5u);
  ResumedChunks again = resume(dir);  // no loop: nothing broken is left
  EXPECT_EQ(again.chunks_backed_up, 0u);
}

TEST_F(ResumeDamage, EmptyChunkWithGoodMetaIsRemoved) {
  fs::path dir = fixture_copy();
  write_bytes(dir / staged_a_, "");
  ResumedChunks r = resume(dir);
  EXPECT_EQ(r.empty_removed, 1u);
  EXPECT_FALSE(fs::exists(dir / (staged_a_ + ".meta")));
  EXPECT_EQ(r.staged.size(), 1u);
}

TEST_F(ResumeDamage, CrashBetweenEnqueueRenamesIsFinished) {
  fs::path dir = fixture_copy();
  fs::rename(dir / (staged_a_ + ".meta"),
             dir / "buffer.q6610ed24de793df2a8bc3cc468f5f75c.log.meta");
  ResumedChunks r = resume(dir);
  EXPECT_EQ(r.metas_rebuilt, 0u);
  EXPECT_EQ(r.queued.size(), 3u);
  EXPECT_TRUE(fs::exists(dir / "buffer.q6610ed24de793df2a8bc3cc468f5f75c.log"));
  EXPECT_EQ(collect(r).size(), 7u);
}

TEST_F(ResumeDamage, SecondStagedChunkWithSameMetadataIsEnqueued) {
  TempDir dir;
  FileChunkOptions opts;
  ChunkMetadata md;
  md.tag = "same";
  std::string error;
  auto older = FileChunk::create(FileChunkLocation{dir.path()}, md, opts, &error);
  ASSERT_TRUE(older) << error;
  ASSERT_TRUE(older->append(event_bytes(1, 0, "{}"), 1, &error));
  ASSERT_TRUE(older->commit(&error));
  auto newer = FileChunk::create(FileChunkLocation{dir.path()}, md, opts, &error);
  ASSERT_TRUE(newer) << error;
  ASSERT_TRUE(newer->append(event_bytes(2, 0, "{}"), 1, &error));
  ASSERT_TRUE(newer->commit(&error));
  // Make "m" differ without sleeping: rewrite the older one's meta.
  ChunkMeta m = older->meta();
  m.modified_at -= 10;
  write_bytes(FileChunkLocation::meta_path(older->path()), encode_chunk_meta(m));
  ChunkId older_id = older->id(), newer_id = newer->id();
  older.reset();
  newer.reset();
  ResumedChunks r = resume_file_chunks(FileChunkLocation{dir.path()}, ResumeOptions{});
  ASSERT_EQ(r.staged.size(), 1u);
  ASSERT_EQ(r.queued.size(), 1u);
  EXPECT_EQ(r.staged[0]->id(), newer_id);
  EXPECT_EQ(r.queued[0]->id(), older_id);
  EXPECT_TRUE(fs::exists(dir.path() / ("buffer.q" + older_id.hex() + ".log")));
}

TEST_F(ResumeDamage, IgnoresFilesThatAreNotChunks) {
  fs::path dir = fixture_copy();
  write_bytes(dir / "buffer.x6610ed24de793df2a8bc3cc468f5f75c.log", "junk");
  write_bytes(dir / "buffer.b123.log", "junk");
  write_bytes(dir / "notes.txt", "junk");
  ResumedChunks r = resume(dir);
  EXPECT_EQ(collect(r).size(), 7u);
  EXPECT_EQ(r.chunks_backed_up, 0u);
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
}

}  // namespace
}  // namespace ferry::buffer
