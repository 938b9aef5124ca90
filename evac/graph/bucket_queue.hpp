#pragma once
// The queue of a label-setting search over whole steps (Dijkstra, A* with a consistent
// estimate): one bucket per key (Dial's), so a push and a pop cost O(1) instead of a binary
// heap's O(log n) scattered reads. Among equal keys the node pushed last comes out first, as in
// a heap ordered by (key, -order of pushing), so a search gives the same labels and routes with
// either. Keys from kSpan up, which no evacuation of this project's limits reaches, wait in a
// binary heap of that order behind every bucket. Memory: 4 bytes a bucket up to the largest key
// pushed, 8 an entry queued at once (a popped entry's room is taken by the next push: a search
// pushes many times more than it holds); kept between searches. The buckets that hold entries are
// marked a bit each, and each word of those bits that has one set a bit again, so that the next
// key queued is found, and the queue emptied, in a word's read for every 4,096 empty buckets:
// a search in a timeline where people wait 40,000 steps queues a few keys that far apart, and
// looking at each bucket between them was most of the time of qorgan's passes over such a plan.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

class BucketQueue {
 public:
  static constexpr std::int64_t kSpan = std::int64_t{1} << 20;

  bool empty() const { return size_ == 0; }
  // The buckets and words of marks read to find the least key and to empty the queue, since it
  // was made: what it costs beyond a constant a push and a pop.
  std::uint64_t reads() const { return reads_; }

  // Contract: key >= 0.
  void push(std::int64_t key, NodeIndex v) {
    ++size_;
    if (key >= kSpan) {
      far_.emplace(key, --order_, v);
      return;
    }
    const auto k = static_cast<std::size_t>(key);
    if (k >= heads_.size()) {
      heads_.resize(k + 1, kNone);
      bits_.resize(k / 64 + 1, 0);
      words_.resize(k / 4096 + 1, 0);
    }
    std::int32_t at = free_;
    if (at != kNone) {
      free_ = entries_[static_cast<std::size_t>(at)].next;
      entries_[static_cast<std::size_t>(at)] = {v, heads_[k]};
    } else {
      at = static_cast<std::int32_t>(entries_.size());
      entries_.push_back({v, heads_[k]});
    }
    heads_[k] = at;
    bits_[k / 64] |= std::uint64_t{1} << (k % 64);
    words_[k / 4096] |= std::uint64_t{1} << (k / 64 % 64);
    if (k < cursor_) cursor_ = k;
    if (k > last_) last_ = k;
  }

  // The least key queued. Contract: !empty().
  std::int64_t top_key() {
    if (cursor_ <= last_ && heads_[cursor_] == kNone) cursor_ = next_from(cursor_);
    return cursor_ <= last_ ? static_cast<std::int64_t>(cursor_) : std::get<0>(far_.top());
  }

  // Takes out the node of the least key (the last pushed among equal ones). Contract: !empty().
  NodeIndex pop() {
    --size_;
    if (top_key() >= kSpan) {
      const NodeIndex v = std::get<2>(far_.top());
      far_.pop();
      return v;
    }
    const std::int32_t at = heads_[cursor_];
    Entry& e = entries_[static_cast<std::size_t>(at)];
    heads_[cursor_] = e.next;
    if (e.next == kNone) unmark(cursor_);
    e.next = free_;
    free_ = at;
    return e.node;
  }

  // Empties the queue, keeping its memory.
  void clear() {
    for (std::size_t k = cursor_; k <= last_ && k < heads_.size(); k = next_from(k)) {
      heads_[k] = kNone;
      unmark(k);
    }
    entries_.clear();
    free_ = kNone;
    far_ = {};
    size_ = 0;
    order_ = 0;
    cursor_ = SIZE_MAX;
    last_ = 0;
  }

 private:
  static constexpr std::int32_t kNone = -1;
  struct Entry {
    NodeIndex node;
    std::int32_t next;  // the entry pushed before it into the same bucket, or kNone
  };
  using Far = std::tuple<std::int64_t, std::int64_t, NodeIndex>;

  // The first bucket from k on that holds an entry, or last_ + 1. Contract: k <= last_.
  std::size_t next_from(std::size_t k) {
    ++reads_;
    std::size_t w = k / 64;
    std::uint64_t bits = bits_[w] & (~std::uint64_t{0} << (k % 64));
    if (bits == 0) {  // the next word of bits_ after w that is not 0, found in words_
      std::size_t g = (w + 1) / 64;
      if (g >= words_.size()) return last_ + 1;
      std::uint64_t words = words_[g] & (~std::uint64_t{0} << ((w + 1) % 64));
      while (words == 0) {
        ++reads_;
        if (++g >= words_.size() || g * 4096 > last_) return last_ + 1;
        words = words_[g];
      }
      w = g * 64 + static_cast<std::size_t>(std::countr_zero(words));
      bits = bits_[w];
    }
    return std::min(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)), last_ + 1);
  }
  void unmark(std::size_t k) {
    std::uint64_t& bits = bits_[k / 64];
    bits &= ~(std::uint64_t{1} << (k % 64));
    if (bits == 0) words_[k / 4096] &= ~(std::uint64_t{1} << (k / 64 % 64));
  }

  std::vector<std::int32_t> heads_;   // per key: the last entry pushed, or kNone
  std::vector<std::uint64_t> bits_;   // bit k % 64 of word k / 64: bucket k holds an entry
  std::vector<std::uint64_t> words_;  // bit w % 64 of word w / 64: bits_[w] is not 0
  std::vector<Entry> entries_;
  std::int32_t free_ = kNone;  // the popped entries, linked by `next`, for pushes to reuse
  std::priority_queue<Far, std::vector<Far>, std::greater<>> far_;
  std::size_t size_ = 0;
  std::int64_t order_ = 0;
  std::size_t cursor_ = SIZE_MAX;  // no bucket below it holds an entry
  std::size_t last_ = 0;           // no bucket above it holds an entry
  std::uint64_t reads_ = 0;
};

}  // namespace qorgan::evac
