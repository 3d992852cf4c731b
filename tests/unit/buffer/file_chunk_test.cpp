#include "buffer/file_chunk.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "buffer_test_support.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

class FileChunkTest : public ::testing::Test {
 protected:
  std::unique_ptr<FileChunk> create(bool gzip = false) {
    ChunkMetadata md;
    md.tag = "app.log";
    md.timekey = 1700000000;
    FileChunkOptions opts;
    opts.chunk.gzip = gzip;
    std::string error;
    auto chunk = FileChunk::create(FileChunkLocation{dir_.path()}, md, opts, &error);
    EXPECT_TRUE(chunk) << error;
    return chunk;
  }
  ChunkMeta meta_on_disk(const FileChunk& chunk) {
    std::string error;
    auto d = decode_chunk_meta(read_bytes(FileChunkLocation::meta_path(chunk.path())), &error);
    EXPECT_TRUE(d) << error;
    return d ? d->meta : ChunkMeta{};
  }
  TempDir dir_;
};

TEST_F(FileChunkTest, CreateNamesFilesLikeFluentdAndWritesMeta) {
  auto chunk = create();
  std::string name = "buffer.b" + chunk->id().hex() + ".log";
  EXPECT_EQ(dir_names(dir_.path()), (std::vector<std::string>{name, name + ".meta"}));
  ChunkMeta meta = meta_on_disk(*chunk);
  EXPECT_EQ(meta.records, 0u);
  EXPECT_EQ(meta.id, chunk->id());
  EXPECT_EQ(meta.metadata.tag, std::optional<std::string>("app.log"));
  EXPECT_EQ(meta.metadata.timekey, std::optional<int64_t>(1700000000));
}

TEST_F(FileChunkTest, CommitRewritesMetaRollbackTruncatesBody) {
  auto chunk = create();
  std::string error;
  std::string e1 = event_bytes(1, 0, R"({"n":1})");
  ASSERT_TRUE(chunk->append(e1, 1, &error)) << error;
  EXPECT_EQ(meta_on_disk(*chunk).records, 0u);  // not committed yet
  ASSERT_TRUE(chunk->commit(&error)) << error;
  EXPECT_EQ(meta_on_disk(*chunk).records, 1u);
  ASSERT_TRUE(chunk->append(event_bytes(2, 0, R"({"n":2,"pad":"xxxxxxxxxxxxxxxx"})"), 1, &error));
  EXPECT_GT(fs::file_size(chunk->path()), e1.size());
  ASSERT_TRUE(chunk->rollback(&error)) << error;
  EXPECT_EQ(read_bytes(chunk->path()), e1);
  EXPECT_EQ(meta_on_disk(*chunk).records, 1u);
}

TEST_F(FileChunkTest, MetaIsRewrittenInPlaceNotTruncated) {
  auto chunk = create();
  fs::path meta_path = FileChunkLocation::meta_path(chunk->path());
  std::string stale(200, '\x7f');  // pretend an older, longer meta was there
  write_bytes(meta_path, stale);
  std::string error;
  ASSERT_TRUE(chunk->append(event_bytes(1, 0, "{}"), 1, &error));
  ASSERT_TRUE(chunk->commit(&error)) << error;
  std::string bytes = read_bytes(meta_path);
  EXPECT_EQ(bytes.size(), 200u);  // same file, overwritten from offset 0
  EXPECT_EQ(meta_on_disk(*chunk).records, 1u);
}

TEST_F(FileChunkTest, GzipWritesOneMemberPerAppend) {
  auto chunk = create(/*gzip=*/true);
  std::string error;
  ASSERT_TRUE(chunk->append(event_bytes(1, 0, R"({"n":1})"), 1, &error));
  ASSERT_TRUE(chunk->append(event_bytes(2, 0, R"({"n":2})"), 1, &error));
  ASSERT_TRUE(chunk->commit(&error));
  std::string raw = read_bytes(chunk->path());
  size_t members = 0;
  for (size_t i = 0; i + 3 < raw.size(); ++i)
    if (raw.compare(i, 4, std::string("\x1f\x8b\x08\x00", 4)) == 0) ++members;
  EXPECT_EQ(members, 2u);
  std::string body;
  ASSERT_TRUE(chunk->read(body, &error)) << error;
  EXPECT_EQ(split_events(body).size(), 2u);
}

TEST_F(FileChunkTest, EnqueueRenamesBothFilesAndPurgeDeletesThem) {
  auto chunk = create();
  std::string error;
  ASSERT_TRUE(chunk->append(event_bytes(1, 0, "{}"), 1, &error));
  ASSERT_TRUE(chunk->commit(&error));
  ASSERT_TRUE(chunk->enqueue(&error)) << error;
  std::string name = "buffer.q" + chunk->id().hex() + ".log";
  EXPECT_EQ(dir_names(dir_.path()), (std::vector<std::string>{name, name + ".meta"}));
  EXPECT_EQ(chunk->path().filename(), name);
  EXPECT_EQ(meta_on_disk(*chunk).records, 1u);
  ASSERT_TRUE(chunk->purge(&error)) << error;
  EXPECT_TRUE(dir_names(dir_.path()).empty());
}

TEST_F(FileChunkTest, EveryFsyncPolicyCommitsAndEnqueues) {
  for (FsyncPolicy p : {FsyncPolicy::kNever, FsyncPolicy::kOnEnqueue, FsyncPolicy::kOnCommit}) {
    FileChunkOptions opts;
    opts.fsync = p;
    std::string error;
    auto chunk = FileChunk::create(FileChunkLocation{dir_.path()}, ChunkMetadata{}, opts, &error);
    ASSERT_TRUE(chunk) << error;
    ASSERT_TRUE(chunk->append(event_bytes(1, 0, "{}"), 1, &error));
    ASSERT_TRUE(chunk->commit(&error)) << error;
    ASSERT_TRUE(chunk->enqueue(&error)) << error;
    ASSERT_TRUE(chunk->purge(&error)) << error;
  }
}

size_t open_descriptors() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// A full file buffer may hold thousands of queued chunks: they must not
// each keep descriptors open, yet stay readable and deletable.
TEST_F(FileChunkTest, QueuedChunksHoldNoDescriptorsAndStayReadable) {
  const size_t before = open_descriptors();
  std::vector<std::unique_ptr<FileChunk>> chunks;
  std::string error;
  for (int i = 0; i < 50; ++i) {
    chunks.push_back(create(i % 2 == 1));
    ASSERT_TRUE(chunks.back()->append("chunk " + std::to_string(i), 1, &error)) << error;
    ASSERT_TRUE(chunks.back()->commit(&error)) << error;
    ASSERT_TRUE(chunks.back()->enqueue(&error)) << error;
  }
  EXPECT_EQ(open_descriptors(), before);
  for (int i = 0; i < 50; ++i) {
    std::string body;
    ASSERT_TRUE(chunks[i]->read(body, &error)) << error;
    EXPECT_EQ(body, "chunk " + std::to_string(i));
    ASSERT_TRUE(chunks[i]->purge(&error)) << error;
  }
  EXPECT_EQ(open_descriptors(), before);
  EXPECT_TRUE(dir_names(dir_.path()).empty());
}

}  // namespace
}  // namespace ferry::buffer
