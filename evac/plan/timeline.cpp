#include "evac/plan/timeline.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <queue>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

namespace {
constexpr Time kAlign = 64;
Time align_down(Time t) {
  return t - t % kAlign;
}
}  // namespace

Timeline::Timeline(const Problem& problem)
    : net_(&problem.network),
      windows_(problem.network.arc_count()),
      hold_used_(problem.network.node_count()) {
  capacity_.reserve(net_->arc_count());
  for (People c : net_->capacity) capacity_.push_back(std::min(c, kMaxCapacity));
  for (const auto& s : problem.shelters) shelter_left_.push_back(s.capacity);
}

Time Timeline::next_free(ArcIndex a, Time t) const {
  const Window& w = windows_[a];
  const auto i = static_cast<std::int64_t>(t) - w.lo;
  if (i < 0 || i >= w.len) return t;
  const std::uint64_t* full = w.full();
  const std::uint32_t words = w.len / 64;
  auto word = static_cast<std::uint32_t>(i / 64);
  std::uint64_t open = ~full[word] & (~std::uint64_t{0} << (i % 64));
  while (open == 0) {
    if (++word == words) return w.lo + static_cast<Time>(w.len);
    open = ~full[word];
  }
  return w.lo + static_cast<Time>(word * 64 + static_cast<std::uint32_t>(std::countr_zero(open)));
}

void Timeline::cover(Window& w, Time t) {
  const Time at = align_down(t);
  Time lo = at, hi = at + kAlign;
  if (w.len > 0) {
    const Time old_hi = w.lo + static_cast<Time>(w.len);
    if (t >= w.lo && t < old_hi) return;
    lo = std::min(lo, w.lo);
    hi = std::max(hi, old_hi);
    // Grow geometrically, towards the side that was missed, so that a window booked step by
    // step is copied O(log) times.
    const Time want = 2 * static_cast<Time>(w.len);
    if (hi - lo < want) {
      if (t >= old_hi)
        hi = lo + want;
      else
        lo = std::max<Time>(0, hi - want);
    }
  }
  const auto len = static_cast<std::uint32_t>(hi - lo);
  auto buf = std::make_unique<std::uint64_t[]>(len / 2 + len / 64);  // zeroed
  if (w.len > 0) {
    const auto shift = static_cast<std::uint32_t>(w.lo - lo);
    std::memcpy(reinterpret_cast<std::int32_t*>(buf.get()) + shift, w.counts(),
                w.len * sizeof(std::int32_t));
    std::memcpy(buf.get() + len / 2 + shift / 64, w.full(), w.len / 64 * sizeof(std::uint64_t));
  }
  w.buf = std::move(buf);
  w.lo = lo;
  w.len = len;
}

People Timeline::route_room(std::uint32_t shelter, std::span<const Step> route) const {
  People room = shelter_left_[shelter];
  for (std::size_t i = 0; i < route.size() && room > 0; ++i) {
    const Step& s = route[i];
    room = std::min(room, arc_free(s.arc, s.enter));
    if (i > 0) {
      const NodeIndex v = net_->tail[s.arc];
      if (net_->holding[v] == kUnlimited) continue;
      for (Time t = route[i - 1].enter + net_->travel_time[route[i - 1].arc]; t < s.enter; ++t)
        room = std::min(room, hold_free(v, t));
    }
  }
  return std::max<People>(room, 0);
}

void Timeline::book(std::uint32_t shelter, std::span<const Step> route, People count) {
  shelter_left_[shelter] -= count;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const Step& s = route[i];
    Window& w = windows_[s.arc];
    cover(w, s.enter);
    const auto k = static_cast<std::uint32_t>(s.enter - w.lo);
    std::int32_t& c = w.counts()[k];
    c = static_cast<std::int32_t>(c + count);
    if (c >= capacity_[s.arc]) w.full()[k / 64] |= std::uint64_t{1} << (k % 64);
    if (i > 0) {
      const NodeIndex v = net_->tail[s.arc];
      if (net_->holding[v] == kUnlimited) continue;
      auto& h = hold_used_[v];
      const Time from = route[i - 1].enter + net_->travel_time[route[i - 1].arc];
      if (h.size() < static_cast<std::size_t>(s.enter)) h.resize(s.enter, 0);
      for (Time t = from; t < s.enter; ++t) h[t] += count;
    }
  }
}

Time Timeline::retime(std::span<const ArcIndex> path, Time start, std::vector<Step>& out) const {
  out.clear();
  Time t = start;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const ArcIndex a = path[i];
    const NodeIndex u = net_->tail[a];
    Time enter;
    if (i == 0 || net_->holding[u] == kUnlimited) {
      enter = next_free(a, t);
    } else {
      enter = t;
      while (arc_free(a, enter) <= 0) {
        if (hold_free(u, enter) <= 0) return -1;
        ++enter;
      }
    }
    out.push_back({a, enter});
    t = enter + net_->travel_time[a];
  }
  return t;
}

TimelineSearch::TimelineSearch(const Problem& problem)
    : problem_(&problem),
      shelters_at_(problem.network.node_count()),
      arrival_(problem.network.node_count(), kUnreachable),
      pred_(problem.network.node_count(), kNoArc),
      settled_(problem.network.node_count(), 0) {
  for (std::uint32_t s = 0; s < problem.shelters.size(); ++s)
    shelters_at_[problem.shelters[s].node].push_back(s);
}

bool TimelineSearch::run(const Timeline& booked, std::uint32_t source,
                         const std::vector<Time>& potential, Time bound,
                         std::vector<ArcIndex>& path, std::uint32_t& shelter, Time& arrival) {
  const Network& net = problem_->network;
  for (NodeIndex v : touched_) {
    arrival_[v] = kUnreachable;
    pred_[v] = kNoArc;
    settled_[v] = 0;
  }
  touched_.clear();
  const NodeIndex origin = problem_->sources[source].node;
  if (potential[origin] == kUnreachable) return false;
  using Entry = std::pair<std::int64_t, NodeIndex>;  // (arrival + potential, node)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  arrival_[origin] = problem_->sources[source].earliest_departure;
  touched_.push_back(origin);
  heap.emplace(std::int64_t{arrival_[origin]} + potential[origin], origin);
  while (!heap.empty()) {
    const auto [key, u] = heap.top();
    if (key >= bound) return false;
    heap.pop();
    const Time t = static_cast<Time>(key - potential[u]);
    if (settled_[u] || t != arrival_[u]) continue;
    settled_[u] = 1;
    ++settled_count_;
    for (std::uint32_t s : shelters_at_[u]) {
      if (booked.shelter_free(s) <= 0) continue;
      path.clear();
      for (NodeIndex v = u; v != origin; v = net.tail[pred_[v]]) path.push_back(pred_[v]);
      std::reverse(path.begin(), path.end());
      shelter = s;
      arrival = t;
      return true;
    }
    const bool home = u == origin;
    for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a) {
      const NodeIndex v = net.head[a];
      if (settled_[v] || potential[v] == kUnreachable) continue;
      Time enter = t;
      if (home || net.holding[u] == kUnlimited) {
        enter = booked.next_free(a, t);
      } else {
        bool feasible = true;
        while (booked.arc_free(a, enter) <= 0) {
          if (booked.hold_free(u, enter) <= 0) {
            feasible = false;
            break;
          }
          ++enter;
        }
        if (!feasible) continue;
      }
      const Time at = enter + net.travel_time[a];
      if (at < arrival_[v]) {
        if (arrival_[v] == kUnreachable) touched_.push_back(v);
        arrival_[v] = at;
        pred_[v] = a;
        heap.emplace(std::int64_t{at} + potential[v], v);
      }
    }
  }
  return false;
}

}  // namespace qorgan::evac
