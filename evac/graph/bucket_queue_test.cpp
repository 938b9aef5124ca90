// The buckets of the route searches (bucket_queue.hpp) against the binary heap they replace,
// ordered by (key, order of pushing, latest first): the same nodes come out in the same order,
// keys beyond the buckets included.

#include "evac/graph/bucket_queue.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <queue>
#include <random>
#include <tuple>
#include <vector>

namespace qorgan::evac {
namespace {

TEST(BucketQueue, GivesTheOrderOfAHeapByKeyThenLatestPushed) {
  using Entry = std::tuple<std::int64_t, std::int64_t, NodeIndex>;
  std::mt19937 rng(11);
  BucketQueue buckets;
  for (int round = 0; round < 50; ++round) {
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    std::int64_t order = 0;
    buckets.clear();
    std::int64_t least = std::uniform_int_distribution<std::int64_t>(0, 100)(rng);
    std::vector<NodeIndex> from_heap, from_buckets;
    for (int step = 0; step < 2'000; ++step) {
      // Pushes at or above the last key popped, as a search with a consistent estimate makes
      // (some far beyond the buckets), with many equal keys; pops in between.
      if (heap.empty() || std::uniform_int_distribution<int>(0, 2)(rng) > 0) {
        const int far = std::uniform_int_distribution<int>(0, 20)(rng);
        const std::int64_t key =
            far == 0 ? BucketQueue::kSpan + std::uniform_int_distribution<std::int64_t>(0, 5)(rng)
                     : least + std::uniform_int_distribution<std::int64_t>(0, 6)(rng);
        const auto v = static_cast<NodeIndex>(step);
        heap.emplace(key, --order, v);
        buckets.push(key, v);
        continue;
      }
      ASSERT_FALSE(buckets.empty());
      ASSERT_EQ(buckets.top_key(), std::get<0>(heap.top()));
      least = std::get<0>(heap.top());
      from_heap.push_back(std::get<2>(heap.top()));
      heap.pop();
      from_buckets.push_back(buckets.pop());
    }
    while (!heap.empty()) {
      ASSERT_EQ(buckets.top_key(), std::get<0>(heap.top()));
      from_heap.push_back(std::get<2>(heap.top()));
      heap.pop();
      from_buckets.push_back(buckets.pop());
    }
    EXPECT_TRUE(buckets.empty());
    ASSERT_EQ(from_buckets, from_heap) << "round " << round;
  }
}

TEST(BucketQueue, AKeyBelowTheLastPoppedComesNext) {
  BucketQueue q;
  q.push(10, 1);
  q.push(12, 2);
  EXPECT_EQ(q.pop(), 1u);
  q.push(3, 3);
  EXPECT_EQ(q.top_key(), 3);
  EXPECT_EQ(q.pop(), 3u);
  EXPECT_EQ(q.pop(), 2u);
  EXPECT_TRUE(q.empty());
}

// A search in a timeline where people wait long queues a few keys far apart: the queue finds the
// next one, and empties itself, without reading every bucket between them (a word of marks for
// each 4,096 empty buckets), in the order of the heap.
TEST(BucketQueue, SkipsLongRunsOfEmptyBuckets) {
  BucketQueue q;
  constexpr int kSearches = 1'000;
  for (int search = 0; search < kSearches; ++search) {
    q.clear();
    q.push(search, 1);
    q.push(search + 40'000, 2);
    q.push(search + 40'000, 3);
    q.push(search + 90'000, 4);
    q.push(search + 200'000, 5);
    EXPECT_EQ(q.pop(), 1u);
    EXPECT_EQ(q.top_key(), search + 40'000);
    EXPECT_EQ(q.pop(), 3u);
    EXPECT_EQ(q.pop(), 2u);
    EXPECT_EQ(q.top_key(), search + 90'000);
    EXPECT_EQ(q.pop(), 4u);
  }  // each search leaves one key queued for clear() to take out
  EXPECT_LE(q.reads(), std::uint64_t{kSearches} * 200);
}

}  // namespace
}  // namespace qorgan::evac
