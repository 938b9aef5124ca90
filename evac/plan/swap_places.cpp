#include "evac/plan/swap_places.hpp"

#include <algorithm>
#include <queue>
#include <vector>

#include "evac/plan/heuristic_support.hpp"
#include "evac/plan/shelter_distances.hpp"
#include "evac/plan/timeline.hpp"

namespace qorgan::evac {

namespace {

// The pass stops once its searches have settled this many nodes: a count, not a time, so the
// plan does not depend on the machine's load. On the exact plans of the corpus's inputs with
// shelters for 80 % of 20,000 people (2026-12-07, under load 9-13) it ends by itself after
// 0.3e6-1.6e7 (Portland by car 3.5e6, Monaco by car 1.0e6, Almaty by car 1.6e7); Malta by car
// stops here, its mean 144.2 -> 90.8 steps (70.6 after the mean passes, 70.7 where the
// critical-first plan was the start) in about 11 s under load 6-9.
constexpr std::size_t kSwapWork = 20'000'000;
// Up to this many shelters x junctions the searches are guided by the distance to the shelters
// with places (a tree per shelter, 4 bytes a junction each), above it by the distance to any.
constexpr std::size_t kTreesUpTo = 20'000'000;

}  // namespace

void swap_places(const Problem& problem, Plan& plan, const RunControl* control,
                 ShelterDistances* distances) {
  ShelterDistances made_here(problem);
  ShelterDistances& dist = distances ? *distances : made_here;
  const std::size_t n_sources = problem.sources.size();
  std::vector<People> left(n_sources);
  for (std::uint32_t s = 0; s < n_sources; ++s) left[s] = problem.sources[s].count;
  for (const Group& g : plan.groups) left[g.source] -= g.count;
  const std::vector<Time>& any = dist.nearest();
  // Who is at home and can reach a shelter, and the earliest any of them could arrive.
  std::vector<std::uint32_t> home;
  Time least = 0;
  auto gather = [&] {
    home.clear();
    least = kUnreachable;
    for (std::uint32_t s = 0; s < n_sources; ++s) {
      const Time d = any[problem.sources[s].node];
      if (left[s] <= 0 || d == kUnreachable) continue;
      home.push_back(s);
      least = std::min(least, problem.sources[s].earliest_departure + d);
    }
  };
  gather();
  if (home.empty()) return;

  Timeline booked(problem);
  for (const Group& g : plan.groups) booked.book(g.shelter, g.route, g.count);
  const std::size_t n_shelters = problem.shelters.size();
  const bool trees = n_shelters * problem.network.node_count() <= kTreesUpTo;
  // A* estimate for a search once a group's places at `h` are freed: the distance to the
  // shelters with places (consistent, so the route found is the earliest).
  std::vector<Time> mixed;
  auto potential = [&](std::uint32_t h) -> const std::vector<Time>& {
    if (!trees) return any;
    bool alone = true;
    for (std::uint32_t o = 0; o < n_shelters; ++o)
      if (o != h && booked.shelter_free(o) > 0) {
        if (alone) mixed = dist.to(h);
        alone = false;
        const std::vector<Time>& to_o = dist.to(o);
        for (std::size_t v = 0; v < mixed.size(); ++v) mixed[v] = std::min(mixed[v], to_o[v]);
      }
    return alone ? dist.to(h) : mixed;
  };

  TimelineSearch search(problem);
  std::vector<Time> arrival;
  for (const Group& g : plan.groups) arrival.push_back(arrival_of(problem, g));
  auto earlier = [&](std::size_t a, std::size_t b) { return arrival[a] < arrival[b]; };
  using Latest = std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(earlier)>;
  Latest latest(earlier);                                      // every group
  std::vector<Latest> latest_at(n_shelters, Latest(earlier));  // the groups of each shelter
  auto enter = [&](std::size_t i) {
    latest.push(i);
    latest_at[plan.groups[i].shelter].push(i);
  };
  for (std::size_t i = 0; i < plan.groups.size(); ++i) enter(i);
  std::vector<char> dead(n_shelters, 0);
  std::vector<ArcIndex> path;
  std::vector<Step> steps;
  // Moves up to `count` of group `gi`, whose bookings are taken off, to `steps` (to `shelter`,
  // from source `from`, whose people at home take their places); returns how many moved.
  auto move = [&](std::size_t gi, People count, std::uint32_t shelter, std::uint32_t from) {
    Group& g = plan.groups[gi];
    count = std::min(count, left[from]);
    // Those of the group that cannot move keep their bookings.
    if (count < g.count) booked.book(g.shelter, g.route, g.count - count);
    const People take = booked.move_some(g.shelter, g.route, count, shelter, steps);
    left[from] -= take;
    left[g.source] += take;
    g.count -= take;
    return take;
  };
  while (!latest.empty() && !home.empty()) {
    if (search.settled() > kSwapWork || (control && control->cancelled())) break;
    const std::size_t gi = latest.top();
    latest.pop();
    if (arrival[gi] <= least) break;  // no one at home arrives sooner than this or any earlier
    const Group& g = plan.groups[gi];
    if (g.count <= 0 || dead[g.shelter]) continue;
    booked.unbook(g.shelter, g.route, g.count);
    std::uint32_t shelter = 0, from = 0;
    Time found = 0;
    if (!search.run(booked, home, potential(g.shelter), arrival[gi], path, shelter, found, from) ||
        booked.retime(path, problem.sources[from].earliest_departure, steps) < 0) {
      booked.book(g.shelter, g.route, g.count);
      dead[g.shelter] = 1;
      continue;
    }
    const std::uint32_t freed = g.shelter;
    People moved = move(gi, g.count, shelter, from);
    if (moved == 0) continue;
    if (plan.groups[gi].count > 0) latest.push(gi);  // the rest may be swapped too
    // The same route, while it has room and its origin people at home, takes the places of the
    // latest other arrivals at the same shelter after it: one search serves them all.
    auto& at = latest_at[freed];
    const Time sooner_at =
        arrival_of(problem, {.source = from, .route = steps, .shelter = shelter});
    while (shelter == freed && left[from] > 0 && !at.empty() && arrival[at.top()] > sooner_at) {
      const std::size_t other = at.top();
      Group& o = plan.groups[other];
      if (o.count <= 0) {
        at.pop();
        continue;
      }
      const People count = std::min(o.count, left[from]);
      booked.unbook(o.shelter, o.route, o.count);
      const People take = move(other, count, shelter, from);
      moved += take;
      if (take < count) break;  // the route is full
      if (o.count <= 0) at.pop();
    }
    plan.groups.push_back({.source = from, .count = moved, .route = steps, .shelter = shelter});
    arrival.push_back(sooner_at);
    enter(plan.groups.size() - 1);
    gather();
  }
  std::erase_if(plan.groups, [](const Group& g) { return g.count <= 0; });
  plan.unroutable.clear();
  detail::report_unroutable(problem, any, left, plan);
  finish_plan(problem, plan);
}

}  // namespace qorgan::evac
