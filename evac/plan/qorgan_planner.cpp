// qorgan: CCRP's greedy rule (always book the earliest-arriving route) computed lazily, as in
// CCRP++ (Yin et al.): instead of one search from a super source over all origins per route,
// each origin keeps its own best route in a priority queue keyed by arrival time. Bookings only
// ever take capacity away, so a stored key is a lower bound on that origin's true earliest
// arrival; when the popped route still has room it *is* the earliest route overall and is
// booked without any search. Only an origin whose route was used up or blocked is searched
// again, and only from itself, so most searches are local and each one serves a whole group.
//
// Searches are A* searches, guided by the static travel time to the nearest shelter that
// still has room (recomputed whenever a shelter fills up), and skip full arc steps through the
// reservations' union-find; both only prune work and never change which route is found.
//
// "Many evacuees per search": after a booking, the origin's same path re-timed for the new
// bookings is queued instead of searching again, while it arrives within kReusePercent of the
// origin's last searched arrival; a route blocked by another origin's booking is re-timed the
// same way. Only beyond that does the origin search again.
//
// Greedy planners are sensitive to how ties between equally early routes are broken, so qorgan
// runs two tie-breaking rules, one per core, and keeps the better plan (more people evacuated,
// then earlier egress, then less total time).

#include <algorithm>
#include <future>
#include <queue>

#include "evac/plan/heuristic_support.hpp"

namespace qorgan::evac {

namespace {

// How much later than its origin's last searched route a re-timed route may arrive and still be
// booked without a search: a percentage of that arrival, and only once arrivals are late
// (congested evacuations, where searches are expensive and a step is a small part of the
// total). It trades quality for speed: on Almaty with 500,000 people 0% / 5% / 10% / 20% ran
// 300 / 27 / 18 / 9-16 s with egress 500-503 either way; on Monaco with 38,000 people egress
// was 134 / 135 / 138 / 148 steps (ccrp: 132) in 17 / 4.7 / 2.4 / 1.5 s (ccrp: 5.4 s).
constexpr int kReusePercent = 10;
constexpr Time kReuseFrom = 20;
// Below this size (origins x junctions) a full CCRP run costs milliseconds, so qorgan also
// runs it and keeps the best of the three plans: on small inputs it is never worse than ccrp
// by construction; on large ones its own two variants decide.
constexpr std::size_t kAlsoRunCcrpBelow = 200'000;

enum class TieBreak {
  // Least time on the road first: takes the least capacity from others (an origin at a
  // shelter takes none), much as CCRP's label-setting search does implicitly.
  kLeastOnRoad,
  // Most room first: moves the biggest groups while their route is open.
  kMostRoom,
};

struct Candidate {
  Time arrival;
  People key2;
  bool searched;  // found by a search (exact) or re-timed from the last booking (reused)
  std::uint32_t source;
  std::uint64_t serial;  // keeps the order deterministic
  FoundRoute route;
  bool operator>(const Candidate& o) const {
    if (arrival != o.arrival) return arrival > o.arrival;
    if (key2 != o.key2) return key2 > o.key2;
    if (searched != o.searched) return !searched;
    if (source != o.source) return source > o.source;
    return serial > o.serial;
  }
};

// Stops early (with a partial plan) when `control` is cancelled; reports progress when `report`.
Plan lazy_ccrp(const Problem& problem, const std::vector<Time>& dist, TieBreak tie,
               int reuse_percent, RunControl& control, bool report) {
  Plan plan;
  plan.planner = "qorgan";
  const auto n_src = static_cast<std::uint32_t>(problem.sources.size());
  std::vector<People> remaining;
  for (const auto& s : problem.sources) remaining.push_back(s.count);
  Reservations booked(problem);
  EarliestRouteSearch search(problem);
  std::vector<Time> potential;
  std::size_t open_shelters = 0;
  auto refresh_potential = [&] {
    std::vector<NodeIndex> open;
    for (std::uint32_t h = 0; h < problem.shelters.size(); ++h)
      if (booked.shelter_free(h) > 0) open.push_back(problem.shelters[h].node);
    open_shelters = open.size();
    potential = distances_to(problem.network, open);
  };
  refresh_potential();

  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  std::uint64_t serial = 0;
  std::vector<std::uint32_t> fallback;
  std::vector<Time> searched_arrival(n_src, 0);
  auto push = [&](std::uint32_t s, FoundRoute r, bool searched) {
    const People on_road = r.steps.empty() ? 0 : r.arrival - r.steps.front().enter;
    const People key2 = tie == TieBreak::kLeastOnRoad ? on_road : -r.room;
    queue.push({r.arrival, key2, searched, s, serial++, std::move(r)});
  };
  auto search_from = [&](std::uint32_t s) {
    RouteStart st{s, problem.sources[s].earliest_departure};
    auto r = search.run(booked, std::span(&st, 1), &potential);
    if (!r || r->room <= 0) {
      fallback.push_back(s);
      return;
    }
    searched_arrival[s] = r->arrival;
    push(s, std::move(*r), true);
  };
  for (std::uint32_t s = 0; s < n_src; ++s)
    if (dist[problem.sources[s].node] != kUnreachable) search_from(s);
  auto within_tolerance = [&](std::uint32_t s, Time arrival) {
    const Time base = searched_arrival[s];
    return arrival - base <= (base >= kReuseFrom ? base * reuse_percent / 100 : 0);
  };
  // Queues `path` re-timed for the current bookings if it still arrives within tolerance.
  auto try_reuse = [&](std::uint32_t s, const std::vector<Step>& path, std::uint32_t shelter) {
    if (reuse_percent <= 0 || booked.shelter_free(shelter) <= 0) return false;
    auto steps = retime(problem.network, booked, path, problem.sources[s].earliest_departure);
    if (!steps) return false;
    FoundRoute r;
    r.source = s;
    r.shelter = shelter;
    r.arrival = steps->empty()
                    ? problem.sources[s].earliest_departure
                    : steps->back().enter + problem.network.travel_time[steps->back().arc];
    if (!within_tolerance(s, r.arrival)) return false;
    r.steps = std::move(*steps);
    r.room = booked.route_room(r.shelter, r.steps);
    if (r.room <= 0) return false;
    push(s, std::move(r), false);
    return true;
  };

  const double population = std::max<double>(1, static_cast<double>(problem.population()));
  People routed = 0;
  while (!queue.empty()) {
    if (control.cancelled()) return plan;
    Candidate c = std::move(const_cast<Candidate&>(queue.top()));
    queue.pop();
    const std::uint32_t s = c.source;
    if (remaining[s] <= 0) continue;
    // A re-timed route is taken without a new search while it arrives within reuse_percent of
    // the last searched arrival of its origin (that arrival is a lower bound for the origin).
    const bool usable = c.searched || within_tolerance(s, c.arrival);
    const People room = usable ? booked.route_room(c.route.shelter, c.route.steps) : 0;
    if (room > 0) {
      Group g;
      g.source = s;
      g.shelter = c.route.shelter;
      g.count = std::min(room, remaining[s]);
      g.route = std::move(c.route.steps);
      booked.book(g.shelter, g.route, g.count);
      remaining[s] -= g.count;
      routed += g.count;
      if (report) control.report(static_cast<double>(routed) / population);
      if (booked.shelter_free(g.shelter) <= 0) refresh_potential();
      plan.groups.push_back(std::move(g));
      if (remaining[s] <= 0) continue;
      if (try_reuse(s, plan.groups.back().route, c.route.shelter)) continue;
    } else if (try_reuse(s, c.route.steps, c.route.shelter)) {
      // Blocked by someone else's booking: the same path a little later is usually next best.
      continue;
    }
    search_from(s);
  }
  for (std::uint32_t s : fallback)
    detail::route_without_waiting(problem, booked, s, remaining[s], plan);
  detail::report_unroutable(problem, dist, remaining, plan);
  finish_plan(problem, plan);
  return plan;
}

bool better(const Plan& a, const Plan& b) {
  if (a.evacuated != b.evacuated) return a.evacuated > b.evacuated;
  if (a.egress_time != b.egress_time) return a.egress_time < b.egress_time;
  return a.total_evacuation_time < b.total_evacuation_time;
}

class QorganPlanner final : public Planner {
 public:
  explicit QorganPlanner(int threads) : threads_(std::max(1, threads)) {}
  std::string_view name() const override { return "qorgan"; }

 protected:
  Result<Plan> run(const Problem& problem, RunControl& control) const override {
    if (auto ok = check_problem(problem); !ok) return std::unexpected(ok.error());
    const auto dist = detail::distance_to_shelters(problem);
    Plan a, b;
    if (threads_ >= 2) {
      auto other = std::async(std::launch::async, [&] {
        return lazy_ccrp(problem, dist, TieBreak::kMostRoom, kReusePercent, control, false);
      });
      a = lazy_ccrp(problem, dist, TieBreak::kLeastOnRoad, kReusePercent, control, true);
      b = other.get();
    } else {
      a = lazy_ccrp(problem, dist, TieBreak::kLeastOnRoad, kReusePercent, control, true);
      b = lazy_ccrp(problem, dist, TieBreak::kMostRoom, kReusePercent, control, false);
    }
    if (control.cancelled()) return fail(std::string(kCancelled));
    Plan& best = better(b, a) ? b : a;
    if (problem.sources.size() * problem.network.node_count() < kAlsoRunCcrpBelow) {
      if (auto c = make_ccrp_planner()->plan(problem, control); c && better(*c, best)) {
        best = std::move(*c);
        best.planner = "qorgan";
      }
    }
    best.lower_bound = egress_lower_bound(problem);
    return std::move(best);
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<Planner> make_qorgan_planner(int threads) {
  return std::make_unique<QorganPlanner>(threads);
}

}  // namespace qorgan::evac
