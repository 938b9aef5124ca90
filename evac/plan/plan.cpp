#include "evac/plan/plan.hpp"

#include <algorithm>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

void finish_plan(const Problem& problem, Plan& plan) {
  const auto& net = problem.network;
  plan.problem_fingerprint = problem.fingerprint();
  plan.egress_time = 0;
  plan.evacuated = 0;
  plan.total_evacuation_time = 0;
  for (auto& g : plan.groups) {
    if (g.route.empty()) {
      g.departure = problem.sources[g.source].earliest_departure;
      g.arrival = g.departure;
    } else {
      g.departure = g.route.front().enter;
      g.arrival = g.route.back().enter + net.travel_time[g.route.back().arc];
    }
    plan.egress_time = std::max(plan.egress_time, g.arrival);
    plan.evacuated += g.count;
    plan.total_evacuation_time += static_cast<double>(g.count) * g.arrival;
  }
  plan.mean_evacuation_time =
      plan.evacuated > 0 ? plan.total_evacuation_time / static_cast<double>(plan.evacuated) : 0;
}

Time egress_lower_bound(const Problem& problem) {
  std::vector<NodeIndex> targets;
  for (const auto& s : problem.shelters) targets.push_back(s.node);
  const auto dist = distances_to(problem.network, targets);
  Time bound = 0;
  for (const auto& s : problem.sources) {
    if (dist[s.node] != kUnreachable) bound = std::max(bound, s.earliest_departure + dist[s.node]);
  }
  return bound;
}

}  // namespace qorgan::evac
