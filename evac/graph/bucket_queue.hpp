#pragma once
// The queue of a label-setting search over whole steps (Dijkstra, A* with a consistent
// estimate): one bucket per key (Dial's), so a push and a pop cost O(1) instead of a binary
// heap's O(log n) scattered reads. Among equal keys the node pushed last comes out first, as in
// a heap ordered by (key, -order of pushing), so a search gives the same labels and routes with
// either. Keys from kSpan up, which no evacuation of this project's limits reaches, wait in a
// binary heap of that order behind every bucket. Memory: 4 bytes a bucket up to the largest key
// pushed, 8 an entry queued at once (a popped entry's room is taken by the next push: a search
// pushes many times more than it holds); kept between searches.

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

  // Contract: key >= 0.
  void push(std::int64_t key, NodeIndex v) {
    ++size_;
    if (key >= kSpan) {
      far_.emplace(key, --order_, v);
      return;
    }
    const auto k = static_cast<std::size_t>(key);
    if (k >= heads_.size()) heads_.resize(k + 1, kNone);
    std::int32_t at = free_;
    if (at != kNone) {
      free_ = entries_[static_cast<std::size_t>(at)].next;
      entries_[static_cast<std::size_t>(at)] = {v, heads_[k]};
    } else {
      at = static_cast<std::int32_t>(entries_.size());
      entries_.push_back({v, heads_[k]});
    }
    heads_[k] = at;
    if (k < cursor_) cursor_ = k;
    if (k > last_) last_ = k;
  }

  // The least key queued. Contract: !empty().
  std::int64_t top_key() {
    while (cursor_ <= last_ && heads_[cursor_] == kNone) ++cursor_;
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
    e.next = free_;
    free_ = at;
    return e.node;
  }

  // Empties the queue, keeping its memory.
  void clear() {
    for (std::size_t k = cursor_; k <= last_ && k < heads_.size(); ++k) heads_[k] = kNone;
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

  std::vector<std::int32_t> heads_;  // per key: the last entry pushed, or kNone
  std::vector<Entry> entries_;
  std::int32_t free_ = kNone;  // the popped entries, linked by `next`, for pushes to reuse
  std::priority_queue<Far, std::vector<Far>, std::greater<>> far_;
  std::size_t size_ = 0;
  std::int64_t order_ = 0;
  std::size_t cursor_ = SIZE_MAX;  // no bucket below it holds an entry
  std::size_t last_ = 0;           // no bucket above it holds an entry
};

}  // namespace qorgan::evac
