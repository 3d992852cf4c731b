#include "router/event_inspect.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "router_test_support.hpp"

namespace ferry::router {
namespace {

TEST(EventInspect, Event) {
  setenv("TZ", "UTC", 1);
  tzset();
  msgpack_sbuffer sbuf;
  msgpack_sbuffer_init(&sbuf);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
  msgpack_pack_array(&pk, 2);
  std::string t;
  append_event_time(t, EventTime{1700000000, 5});
  msgpack_sbuffer_write(&sbuf, t.data(), t.size());
  msgpack_pack_map(&pk, 4);
  msgpack_pack_str_with_body(&pk, "a", 1);
  msgpack_pack_int(&pk, -1);
  msgpack_pack_str_with_body(&pk, "b", 1);
  msgpack_pack_array(&pk, 3);
  msgpack_pack_nil(&pk);
  msgpack_pack_true(&pk);
  msgpack_pack_double(&pk, 1.5);
  msgpack_pack_str_with_body(&pk, "c", 1);
  msgpack_pack_map(&pk, 1);
  msgpack_pack_str_with_body(&pk, "d", 1);
  msgpack_pack_str_with_body(&pk, "\xc3\xa9", 2);
  msgpack_pack_str_with_body(&pk, "e", 1);
  msgpack_pack_bin_with_body(&pk, "\x01", 1);
  std::string event(sbuf.data, sbuf.size);
  msgpack_sbuffer_destroy(&sbuf);

  std::string time, record;
  ASSERT_TRUE(inspect_event(event, time, record));
  EXPECT_EQ(time, "2023-11-14 22:13:20.000000005 +0000");
  EXPECT_EQ(record,
            "{\"a\"=>-1, \"b\"=>[nil, true, 1.5], \"c\"=>{\"d\"=>\"\xc3\xa9\"}, \"e\"=>\"\\x01\"}");
  EXPECT_EQ(next_event_size(event + event), event.size());
  EXPECT_FALSE(inspect_event("\x93\x01\x02\x03", time, record));
  EXPECT_EQ(next_event_size("\x92"), 0u);
}

TEST(EventInspect, ForEachEventSplitsAStream) {
  EventBatch b = testing::make_batch(3, 10);
  std::vector<size_t> sizes;
  for_each_event(b.view(), [&](std::string_view e) { sizes.push_back(e.size()); });
  ASSERT_EQ(sizes.size(), 3u);
  EXPECT_EQ(sizes[0] + sizes[1] + sizes[2], b.size());
}

}  // namespace
}  // namespace ferry::router
