#include "evac/plan/repair_egress.hpp"

#include <queue>
#include <vector>

#include "evac/plan/heuristic_support.hpp"
#include "evac/plan/timeline.hpp"

namespace qorgan::evac {

namespace {

// The repair stops (the groups not moved keep their steps) once its searches have settled this
// many nodes: a count, not a time, so the plan does not depend on the machine's load. Late groups
// search most of the network (the roads near the shelters are busy). Measured on the corpus
// (2026-12-07 01:56-02:02 UTC, load 4-10, a build that printed the repair's work; the schedules'
// critical-first plans): Malta by car from 200 origins to 5 shelters 135 searches, 2.5e6 nodes,
// 163 people moved, 826 -> 802 steps in 0.2-0.8 s; Heidelberg-Mannheim by car with 30,000
// people to 5 shelters 562 -> 546 / 539 / 527 at 5e6 / 1e7 / 2e7 nodes (at 2e7: 636 searches,
// 716 people moved, 9.7-13.5 s under load 9-10; it ends at 523 after 2.4e7 nodes, 4.8 s under
// load 5); Malta by car and on foot
// with 10^5 people 1 search, 0.04 s (the latest group cannot arrive sooner).
constexpr std::size_t kRepairWork = 20'000'000;

}  // namespace

void repair_egress(const Problem& problem, Plan& plan, const RunControl* control) {
  Timeline booked(problem);
  for (const Group& g : plan.groups) booked.book(g.shelter, g.route, g.count);
  TimelineSearch search(problem);
  // The static distance to any shelter: a lower bound on the time to one with places that stays
  // one when a group's own places are taken off.
  const auto potential = detail::distance_to_shelters(problem);
  std::vector<Time> arrival;
  for (const Group& g : plan.groups) arrival.push_back(arrival_of(problem, g));
  auto earlier = [&](std::size_t a, std::size_t b) { return arrival[a] < arrival[b]; };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(earlier)> latest(earlier);
  for (std::size_t i = 0; i < plan.groups.size(); ++i) latest.push(i);
  std::vector<ArcIndex> path;
  std::vector<Step> steps;
  while (!latest.empty()) {
    if (search.settled() > kRepairWork || (control && control->cancelled())) break;
    const std::size_t gi = latest.top();
    Group& g = plan.groups[gi];
    booked.unbook(g.shelter, g.route, g.count);
    std::uint32_t shelter = 0;
    Time found = 0;
    People take = 0;
    if (search.run(booked, g.source, potential, arrival[gi], path, shelter, found) &&
        booked.retime(path, problem.sources[g.source].earliest_departure, steps) >= 0)
      take = booked.move_some(g.shelter, g.route, g.count, shelter, steps);
    else
      booked.book(g.shelter, g.route, g.count);
    if (take == 0) break;  // the latest group cannot arrive sooner: neither can the egress
    Group early{.source = g.source, .count = take, .route = steps, .shelter = shelter};
    const Time at = arrival_of(problem, early);
    if (take < g.count) {
      g.count -= take;
      plan.groups.push_back(std::move(early));  // g is not used after this
      arrival.push_back(at);
      latest.push(plan.groups.size() - 1);
    } else {
      g = std::move(early);
      latest.pop();
      arrival[gi] = at;
      latest.push(gi);
    }
  }
  finish_plan(problem, plan);
}

}  // namespace qorgan::evac
