#include "evac/plan/earliest_route.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <tuple>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

namespace {
constexpr Time kNever = std::numeric_limits<Time>::max();
constexpr std::uint32_t kNotStart = std::numeric_limits<std::uint32_t>::max();
}  // namespace

EarliestRouteSearch::EarliestRouteSearch(const Problem& problem)
    : problem_(&problem),
      shelters_at_(problem.network.node_count()),
      arrival_(problem.network.node_count(), kNever),
      pred_arc_(problem.network.node_count(), 0),
      pred_enter_(problem.network.node_count(), 0),
      start_source_(problem.network.node_count(), kNotStart),
      settled_(problem.network.node_count(), 0) {
  for (std::uint32_t s = 0; s < problem.shelters.size(); ++s)
    shelters_at_[problem.shelters[s].node].push_back(s);
}

std::optional<FoundRoute> EarliestRouteSearch::run(const Reservations& booked,
                                                   std::span<const RouteStart> starts,
                                                   const std::vector<Time>* potential) {
  const Network& net = problem_->network;
  for (NodeIndex v : touched_) {
    arrival_[v] = kNever;
    start_source_[v] = kNotStart;
    settled_[v] = 0;
  }
  touched_.clear();
  auto h = [&](NodeIndex v) -> std::int64_t { return potential ? (*potential)[v] : 0; };
  auto skipped = [&](NodeIndex v) { return potential && (*potential)[v] == kUnreachable; };
  // Among equal keys the latest found first: roads of zero steps (carry_remainders.hpp) make
  // wide plateaus of equal keys, and going deep into one reaches a shelter without settling the
  // rest of it.
  using Entry = std::tuple<std::int64_t, std::int64_t, NodeIndex>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  std::int64_t pushed = 0;
  for (const auto& st : starts) {
    const NodeIndex v = problem_->sources[st.source].node;
    if (skipped(v)) continue;
    if (st.time < arrival_[v]) {
      if (arrival_[v] == kNever) touched_.push_back(v);
      arrival_[v] = st.time;
      start_source_[v] = st.source;
      heap.emplace(st.time + h(v), --pushed, v);
    }
  }
  while (!heap.empty()) {
    const auto [key, order, u] = heap.top();
    heap.pop();
    const Time t = static_cast<Time>(key - h(u));
    if (settled_[u] || t != arrival_[u]) continue;
    settled_[u] = 1;
    for (std::uint32_t s : shelters_at_[u]) {
      if (booked.shelter_free(s) <= 0) continue;
      // Rebuild the route by walking predecessors back to the origin label.
      FoundRoute r;
      r.shelter = s;
      r.arrival = t;
      NodeIndex v = u;
      while (start_source_[v] == kNotStart) {
        r.steps.push_back({pred_arc_[v], pred_enter_[v]});
        v = net.tail[pred_arc_[v]];
      }
      r.source = start_source_[v];
      std::reverse(r.steps.begin(), r.steps.end());
      r.room = booked.route_room(s, r.steps);
      return r;
    }
    const bool free_wait = start_source_[u] != kNotStart;
    for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a) {
      const NodeIndex v = net.head[a];
      if (settled_[v] || skipped(v)) continue;
      Time enter = t;
      bool feasible = true;
      // Waiting is free at home and at unbounded junctions: jump straight to the next step
      // with room. Elsewhere every waited step must have holding room too.
      if (free_wait || net.holding[u] == kUnlimited) enter = booked.next_free(a, t);
      while (booked.arc_free(a, enter) <= 0) {
        if (!free_wait && booked.hold_free(u, enter) <= 0) {
          feasible = false;
          break;
        }
        ++enter;
      }
      if (!feasible) continue;
      const Time at = enter + net.travel_time[a];
      if (at < arrival_[v]) {
        if (arrival_[v] == kNever) touched_.push_back(v);
        arrival_[v] = at;
        pred_arc_[v] = a;
        pred_enter_[v] = enter;
        start_source_[v] = kNotStart;
        heap.emplace(at + h(v), --pushed, v);
      }
    }
  }
  return std::nullopt;
}

NoWaitSlot no_wait_slot(const Network& net, const Reservations& booked,
                        const std::vector<ArcIndex>& path, Time from) {
  for (Time d = from;; ++d) {
    People room = kUnlimited;
    Time t = d;
    for (ArcIndex a : path) {
      room = std::min(room, booked.arc_free(a, t));
      if (room <= 0) break;
      t += net.travel_time[a];
    }
    if (room > 0) return {d, room};
  }
}

std::optional<std::vector<Step>> retime(const Network& net, const Reservations& booked,
                                        const std::vector<Step>& route, Time start) {
  std::vector<Step> out;
  out.reserve(route.size());
  Time t = start;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const ArcIndex a = route[i].arc;
    const NodeIndex u = net.tail[a];
    Time enter = (i == 0 || net.holding[u] == kUnlimited) ? booked.next_free(a, t) : t;
    while (booked.arc_free(a, enter) <= 0) {
      if (booked.hold_free(u, enter) <= 0) return std::nullopt;
      ++enter;
    }
    out.push_back({a, enter});
    t = enter + net.travel_time[a];
  }
  return out;
}

std::vector<Step> timed_steps(const Network& net, const std::vector<ArcIndex>& path,
                              Time departure) {
  std::vector<Step> steps;
  steps.reserve(path.size());
  Time t = departure;
  for (ArcIndex a : path) {
    steps.push_back({a, t});
    t += net.travel_time[a];
  }
  return steps;
}

}  // namespace qorgan::evac
