#include "evac/plan/move_earlier.hpp"

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/shelter_distances.hpp"
#include "evac/plan/timeline.hpp"

namespace qorgan::evac {

namespace {

// Both phases stop (the groups not reached keep their steps) after a count of their work, not a
// time, so the plan does not depend on the machine's load. Measured on Malta by car, 30,000
// people to 5 shelters (the exact plan: 491 steps, mean 217.4, 24,967 groups; 2026-12-07
// 04:10-04:20 UTC, load 6-12):
// - the routes phase, each group retimed on its own path, its origin's other paths and the
//   quickest paths to its origin's kQuickestShelters nearest shelters: mean 186.2 in 2.7-3.0 s
//   with all its origin's paths, 187.0 in 2.0 s with the first kKnownPaths; its own path alone
//   206.4 in 1.4 s, with its origin's paths 196.8 in 2.8 s; paths of other origins' groups
//   through the origin (up to 30) 185.1 in 11 s; a second and third pass 185.3 for 4x the
//   time; the latest group first 204.6;
// - searches (earliest-arrival over the whole network, as CCRP's): every group once, without
//   the routes phase before, mean 180.4 in 177 s (3.1e8 settled nodes: a search passes most of
//   the network, since the roads into the shelters are busy until late); in the old pass's
//   time (2.5 s) they had moved it to 217.1.
// kRouteWork counts arcs retimed (the routes phase needs 3.9e7 on Malta, 4.5e7 on the 100 x
// 100 grid city with 10^5 people); kSearchWork nodes settled (3e6 took 1.3-2.8 s on Malta and
// 2.2 s on that grid city under load 9-11, and gained 0.02-0.1 steps of mean there).
constexpr std::uint64_t kRouteWork = 100'000'000;
constexpr std::size_t kSearchWork = 1'000'000;
// Quickest paths are kept to this many of an origin's nearest shelters, and per-shelter
// distances only while shelters x junctions stay below kDistanceEntries (4 bytes each); above
// it, only the path to the nearest shelter.
constexpr std::size_t kQuickestShelters = 5;
// An origin's first this many distinct paths in the plan are its known routes (beside its
// group's own path and the quickest ones).
constexpr std::size_t kKnownPaths = 8;
constexpr std::size_t kDistanceEntries = 25'000'000;

struct Candidate {
  std::vector<ArcIndex> path;
  std::uint32_t shelter = 0;
  Time travel = 0;  // without waiting
  bool operator==(const Candidate& o) const { return shelter == o.shelter && path == o.path; }
};

// The arcs of a quickest path from `from` down the distances `dist` to the first junction where
// `at_end` holds (false if none is found).
template <typename AtEnd>
bool descend(const Network& net, const std::vector<Time>& dist, NodeIndex from, AtEnd at_end,
             std::vector<ArcIndex>& out) {
  out.clear();
  if (dist[from] == kUnreachable) return false;
  for (NodeIndex v = from; !at_end(v);) {
    if (out.size() > net.node_count()) return false;  // a cycle of zero-step roads
    ArcIndex next = kNoArc;
    for (ArcIndex a = net.out_begin(v); a < net.out_end(v); ++a) {
      const Time d = dist[net.head[a]];
      if (d != kUnreachable && d + net.travel_time[a] == dist[v] &&
          (next == kNoArc || d < dist[net.head[next]]))
        next = a;
    }
    if (next == kNoArc) return false;
    out.push_back(next);
    v = net.head[next];
  }
  return true;
}

// Per origin: the paths its groups take in `plan` and the quickest paths to its nearest
// shelters, each once.
std::vector<std::vector<Candidate>> candidates(const Problem& problem, const Plan& plan,
                                               ShelterDistances& dist) {
  const std::vector<Time>& nearest = dist.nearest();
  const Network& net = problem.network;
  std::vector<std::vector<Candidate>> of(problem.sources.size());
  auto add = [&](std::uint32_t source, Candidate c) {
    for (ArcIndex a : c.path) c.travel += net.travel_time[a];
    auto& list = of[source];
    if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(std::move(c));
  };
  for (const Group& g : plan.groups) {
    if (of[g.source].size() >= kKnownPaths) continue;
    Candidate c{.shelter = g.shelter};
    for (const Step& s : g.route) c.path.push_back(s.arc);
    add(g.source, std::move(c));
  }
  std::vector<ArcIndex> path;
  if (problem.shelters.size() * net.node_count() > kDistanceEntries) {
    // Only the path to the nearest shelter (down the distances to any).
    constexpr auto kNone = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> shelter_at(net.node_count(), kNone);
    for (auto h = static_cast<std::uint32_t>(problem.shelters.size()); h-- > 0;)
      shelter_at[problem.shelters[h].node] = h;
    for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
      NodeIndex end = problem.sources[s].node;
      auto at_shelter = [&](NodeIndex v) { return shelter_at[end = v] != kNone; };
      if (descend(net, nearest, problem.sources[s].node, at_shelter, path))
        add(s, Candidate{.path = path, .shelter = shelter_at[end]});
    }
    return of;
  }
  // Shelters x junctions is small here: a distance array per shelter.
  std::vector<const std::vector<Time>*> to(problem.shelters.size());
  for (std::uint32_t h = 0; h < problem.shelters.size(); ++h) to[h] = &dist.to(h);
  std::vector<std::pair<Time, std::uint32_t>> near;
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
    const NodeIndex from = problem.sources[s].node;
    near.clear();
    for (std::uint32_t h = 0; h < problem.shelters.size(); ++h)
      if ((*to[h])[from] != kUnreachable) near.emplace_back((*to[h])[from], h);
    const auto keep = std::min(near.size(), kQuickestShelters);
    std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(keep), near.end());
    for (std::size_t i = 0; i < keep; ++i)
      if (descend(
              net, *to[near[i].second], from,
              [&, node = problem.shelters[near[i].second].node](NodeIndex v) { return v == node; },
              path))
        add(s, Candidate{.path = path, .shelter = near[i].second});
  }
  return of;
}

}  // namespace

void move_earlier(const Problem& problem, Plan& plan, const RunControl* control,
                  ShelterDistances* distances) {
  ShelterDistances made_here(problem);
  ShelterDistances& dist = distances ? *distances : made_here;
  Timeline booked(problem);
  for (const Group& g : plan.groups) booked.book(g.shelter, g.route, g.count);
  const std::vector<Time>& nearest = dist.nearest();
  auto routes = candidates(problem, plan, dist);
  // Quickest first: a retiming stops once it cannot beat the best so far.
  for (auto& list : routes)
    std::stable_sort(list.begin(), list.end(),
                     [](const Candidate& a, const Candidate& b) { return a.travel < b.travel; });
  auto soonest = [&](std::uint32_t s) {
    const Source& src = problem.sources[s];
    return nearest[src.node] == kUnreachable ? kUnreachable
                                             : src.earliest_departure + nearest[src.node];
  };
  auto cancelled = [&] { return control && control->cancelled(); };

  // Moves group `gi`, its bookings taken off, to `steps` to `shelter` where it arrives sooner
  // (Timeline::move_some; the group is booked as it ends up). Returns whether any moved; a rest
  // stays group `gi`.
  auto move = [&](std::size_t gi, const std::vector<Step>& steps, std::uint32_t shelter) {
    Group& g = plan.groups[gi];
    const People take = booked.move_some(g.shelter, g.route, g.count, shelter, steps);
    if (take == 0) return false;
    Group early{.source = g.source, .count = take, .route = steps, .shelter = shelter};
    if (take < g.count) {
      g.count -= take;
      plan.groups.push_back(std::move(early));  // g is not used after this
    } else {
      g = std::move(early);
    }
    return true;
  };

  // Earliest arrival first: the early room goes to those who need little of it (Portland by
  // car, 10,000 people: mean 8.2 steps latest first, 7.6 earliest first; Malta as above).
  auto earliest_first = [&] {
    std::vector<Time> arrival;
    for (const Group& g : plan.groups) arrival.push_back(arrival_of(problem, g));
    std::vector<std::size_t> order(plan.groups.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return arrival[a] < arrival[b]; });
    return order;
  };

  // The routes phase: each group retimed from its origin's earliest departure on each of its
  // origin's known routes (retimed only up to the best arrival so far), and moved to the one
  // arriving soonest where that is sooner than now. No searches: a retiming costs its path.
  std::vector<Step> best, timed;
  std::uint64_t route_work = 0;
  // A group moved in part is tried again for the rest (it keeps index gi).
  Candidate own;
  auto next_candidate = [&](const Candidate* c, std::uint32_t source) -> const Candidate* {
    const auto& list = routes[source];
    if (c == &own) return list.empty() ? nullptr : list.data();
    return c + 1 == list.data() + list.size() ? nullptr : c + 1;
  };
  auto from_known_routes = [&](std::size_t gi) {
    const Group& g = plan.groups[gi];
    const Time at = arrival_of(problem, g);
    if (at <= soonest(g.source)) return false;
    const People count = g.count;
    booked.unbook(g.shelter, g.route, g.count);
    const Time start = problem.sources[g.source].earliest_departure;
    Time best_at = at;
    std::uint32_t shelter = 0;
    // Its own path first, then its origin's.
    own.path.clear();
    own.shelter = g.shelter;
    own.travel = 0;
    for (const Step& st : g.route) {
      own.path.push_back(st.arc);
      own.travel += problem.network.travel_time[st.arc];
    }
    for (const Candidate* cp = &own; cp; cp = next_candidate(cp, g.source)) {
      const Candidate& c = *cp;
      if (start + c.travel >= best_at) continue;
      route_work += c.path.size() + 1;
      Time at_least = 0;
      const Time t = booked.retime(c.path, start, timed, best_at - 1, c.travel, 1, at_least);
      if (t < 0 || t >= best_at || booked.route_room(c.shelter, timed) <= 0) continue;
      best_at = t;
      best.swap(timed);
      shelter = c.shelter;
    }
    if (best_at < at) return move(gi, best, shelter) && plan.groups[gi].count < count;
    booked.book(g.shelter, g.route, g.count);
    return false;
  };
  for (std::size_t gi : earliest_first())
    while (route_work <= kRouteWork && !cancelled() && from_known_routes(gi)) {
    }

  // The searches: each group, earliest arrival first, looks for the earliest arrival at a
  // shelter with places over the room the others left (CCRP's search, waiting free at home and
  // at unbounded junctions), until kSearchWork. Per origin, the arrival its last search failed
  // to beat: its groups that arrive no later are not searched again (that search would differ
  // only by their own room).
  TimelineSearch search(problem);
  std::vector<Time> failed(problem.sources.size(), -1);
  std::vector<ArcIndex> path;
  auto by_search = [&](std::size_t gi) {
    const Group& g = plan.groups[gi];
    const Time at = arrival_of(problem, g);
    if (at <= failed[g.source] || at <= soonest(g.source)) return false;
    const People count = g.count;
    const std::uint32_t source = g.source;
    booked.unbook(g.shelter, g.route, g.count);
    std::uint32_t shelter = 0;
    Time found = 0;
    // The search's timing is made again: with bounded holding it can differ, and is taken only
    // where it is sooner.
    if (search.run(booked, source, nearest, at, path, shelter, found)) {
      const Time t = booked.retime(path, problem.sources[source].earliest_departure, best);
      if (t >= 0 && t < at) {
        if (move(gi, best, shelter)) return plan.groups[gi].count < count;
        failed[source] = at;
        return false;
      }
    }
    booked.book(g.shelter, g.route, g.count);
    failed[source] = at;
    return false;
  };
  for (std::size_t gi : earliest_first())
    while (search.settled() <= kSearchWork && !cancelled() && by_search(gi)) {
    }
  finish_plan(problem, plan);
}

}  // namespace qorgan::evac
