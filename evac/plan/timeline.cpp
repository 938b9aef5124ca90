#include "evac/plan/timeline.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

namespace {
constexpr Time kAlign = 64;
constexpr std::uint32_t kNoSource = UINT32_MAX;
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
  for (ArcIndex a = 0; a < net_->arc_count(); ++a) windows_[a].wide = capacity_[a] > 0xffff;
  ever_full_.assign((net_->arc_count() + 63) / 64, 0);
  ever_booked_ = ever_full_;
  bounded_ = std::any_of(net_->holding.begin(), net_->holding.end(),
                         [](People h) { return h != kUnlimited; });
  for (const auto& s : problem.shelters) shelter_left_.push_back(s.capacity);
}

Time Timeline::next_free(ArcIndex a, Time t) const {
  const Window& w = windows_[a];
  const auto i = static_cast<std::int64_t>(t) - w.lo;
  if (i < 0 || i >= w.len) return t;
  const std::uint64_t* full = w.full();
  const std::uint32_t words = w.len / 64;
  auto word = static_cast<std::uint32_t>(i / 64);
  auto bit = static_cast<std::uint32_t>(i % 64);
  if (word < w.full_words) {  // inside the run of full steps from the start
    word = w.full_words;
    bit = 0;
    if (word == words) return w.lo + static_cast<Time>(w.len);
  }
  std::uint64_t open = ~full[word] & (~std::uint64_t{0} << bit);
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
  const std::uint32_t count_words = Window::count_words(len, w.wide);
  auto buf = std::make_unique<std::uint64_t[]>(count_words + len / 64);  // zeroed
  if (w.len > 0) {
    const auto shift = static_cast<std::uint32_t>(w.lo - lo);
    const std::size_t bytes = w.wide ? 4 : 2;
    std::memcpy(reinterpret_cast<char*>(buf.get()) + shift * bytes, w.buf.get(), w.len * bytes);
    std::memcpy(buf.get() + count_words + shift / 64, w.full(), w.len / 64 * sizeof(std::uint64_t));
    if (shift > 0) w.full_words = 0;  // the steps added in front are empty
  }
  w.buf = std::move(buf);
  w.lo = lo;
  w.len = len;
}

People Timeline::route_room(std::uint32_t shelter, std::span<const Step> route) const {
  People room = shelter_left_[shelter];
  for (std::size_t i = route.size(); i-- > 0 && room > 0;) {
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
    const People c = w.add(k, count);
    ever_booked_[s.arc / 64] |= std::uint64_t{1} << (s.arc % 64);
    if (c >= capacity_[s.arc]) {
      std::uint64_t* full = w.full();
      full[k / 64] |= std::uint64_t{1} << (k % 64);
      ever_full_[s.arc / 64] |= std::uint64_t{1} << (s.arc % 64);
      while (w.full_words < w.len / 64 && full[w.full_words] == ~std::uint64_t{0}) ++w.full_words;
    }
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

People Timeline::move_some(std::uint32_t from_shelter, std::span<const Step> from, People count,
                           std::uint32_t to_shelter, std::span<const Step> to) {
  People take = std::min(count, route_room(to_shelter, to));
  if (take > 0) {
    book(to_shelter, to, take);
    if (take < count && route_room(from_shelter, from) < count - take) {
      unbook(to_shelter, to, take);
      take = 0;
    }
  }
  if (take < count) book(from_shelter, from, count - take);
  return take;
}

void Timeline::unbook(std::uint32_t shelter, std::span<const Step> route, People count) {
  shelter_left_[shelter] += count;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const Step& s = route[i];
    Window& w = windows_[s.arc];
    const auto k = static_cast<std::uint32_t>(s.enter - w.lo);
    if (w.add(k, -count) < capacity_[s.arc]) {
      w.full()[k / 64] &= ~(std::uint64_t{1} << (k % 64));
      w.full_words = std::min(w.full_words, k / 64);
    }
    if (i > 0) {
      const NodeIndex v = net_->tail[s.arc];
      if (net_->holding[v] == kUnlimited) continue;
      auto& h = hold_used_[v];
      for (Time t = route[i - 1].enter + net_->travel_time[route[i - 1].arc]; t < s.enter; ++t)
        h[t] -= count;
    }
  }
}

Time Timeline::retime(std::span<const ArcIndex> path, Time start, std::vector<Step>& out,
                      Time cutoff, Time travel, People need, Time& at_least) const {
  out.clear();
  return retime_rest(path, 0, start, travel, out, cutoff, need, at_least);
}

Time Timeline::retime_after(std::span<const ArcIndex> path, std::span<const Step> before,
                            Time start, std::vector<Step>& out, Time cutoff, Time travel,
                            People need, Time& at_least) const {
  out.clear();
  // With bounded holding a kept wait may no longer fit: time everything again.
  if (bounded_ || before.size() != path.size())
    return retime_rest(path, 0, start, travel, out, cutoff, need, at_least);
  // A step stays as it was while its arc still has room for the need at that step: the steps
  // between reaching the arc and entering it lacked it before and still do. An arc never full
  // (need 1) or never booked (any need) has.
  std::size_t i = 0;
  Time t = start;
  std::int64_t left = travel;
  for (; i < before.size(); ++i) {
    const ArcIndex a = before[i].arc;
    if (need <= 1
            ? bit(ever_full_, a) && full(a, before[i].enter)
            : bit(ever_booked_, a) && arc_free(a, before[i].enter) < std::min(need, capacity_[a]))
      break;
    t = before[i].enter + net_->travel_time[a];
    left -= net_->travel_time[a];
  }
  out.assign(before.begin(), before.begin() + static_cast<std::ptrdiff_t>(i));
  return retime_rest(path, i, t, left, out, cutoff, need, at_least);
}

Time Timeline::retime_rest(std::span<const ArcIndex> path, std::size_t i, Time t, std::int64_t left,
                           std::vector<Step>& out, Time cutoff, People need, Time& at_least) const {
  // t + left is a lower bound on the arrival.
  const bool cut = cutoff != kNoCutoff;
  for (; i < path.size(); ++i) {
    const ArcIndex a = path[i];
    if (cut && t + left > cutoff) {
      at_least = static_cast<Time>(t + left);
      return kPastCutoff;
    }
    left -= net_->travel_time[a];
    const NodeIndex u = net_->tail[a];
    Time enter;
    if (i == 0 || net_->holding[u] == kUnlimited) {
      enter = need <= 1 ? next_free(a, t) : next_room(a, t, need);
    } else {
      enter = t;
      while (arc_free(a, enter) < std::min(std::max<People>(need, 1), capacity_[a])) {
        if (hold_free(u, enter) <= 0) return -1;
        ++enter;
      }
    }
    out.push_back({a, enter});
    t = enter + net_->travel_time[a];
  }
  if (cut && t > cutoff) {
    at_least = t;
    return kPastCutoff;
  }
  return t;
}

TimelineSearch::TimelineSearch(const Problem& problem)
    : problem_(&problem),
      shelters_at_(problem.network.node_count()),
      arrival_(problem.network.node_count(), kUnreachable),
      pred_(problem.network.node_count(), kNoArc),
      settled_(problem.network.node_count(), 0),
      home_(problem.network.node_count(), kNoSource) {
  for (std::uint32_t s = 0; s < problem.shelters.size(); ++s)
    shelters_at_[problem.shelters[s].node].push_back(s);
}

bool TimelineSearch::run(const Timeline& booked, std::span<const std::uint32_t> sources,
                         const std::vector<Time>& potential, Time bound,
                         std::vector<ArcIndex>& path, std::uint32_t& shelter, Time& arrival,
                         std::uint32_t& from) {
  const Network& net = problem_->network;
  for (NodeIndex v : touched_) {
    arrival_[v] = kUnreachable;
    pred_[v] = kNoArc;
    settled_[v] = 0;
    home_[v] = kNoSource;
  }
  touched_.clear();
  // By arrival + potential; among equal keys the latest found first, as in EarliestRouteSearch
  // (plateaus of roads of zero steps).
  queue_.clear();
  for (const std::uint32_t source : sources) {
    const NodeIndex origin = problem_->sources[source].node;
    const Time departure = problem_->sources[source].earliest_departure;
    if (potential[origin] == kUnreachable || departure >= arrival_[origin]) continue;
    if (arrival_[origin] == kUnreachable) touched_.push_back(origin);
    arrival_[origin] = departure;
    home_[origin] = source;
    queue_.push(std::int64_t{departure} + potential[origin], origin);
  }
  while (!queue_.empty()) {
    const std::int64_t key = queue_.top_key();
    if (key >= bound) return false;
    const NodeIndex u = queue_.pop();
    const Time t = static_cast<Time>(key - potential[u]);
    if (settled_[u] || t != arrival_[u]) continue;
    settled_[u] = 1;
    ++settled_count_;
    for (std::uint32_t s : shelters_at_[u]) {
      if (booked.shelter_free(s) <= 0) continue;
      path.clear();
      NodeIndex v = u;
      for (; pred_[v] != kNoArc; v = net.tail[pred_[v]]) path.push_back(pred_[v]);
      std::reverse(path.begin(), path.end());
      shelter = s;
      arrival = t;
      from = home_[v];
      return true;
    }
    // Waiting at home is free: a label from a departure there, not one brought by a road.
    const bool home = pred_[u] == kNoArc;
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
        home_[v] = kNoSource;
        queue_.push(std::int64_t{at} + potential[v], v);
      }
    }
  }
  return false;
}

}  // namespace qorgan::evac
