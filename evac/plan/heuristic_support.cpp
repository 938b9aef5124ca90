#include "evac/plan/heuristic_support.hpp"

#include <algorithm>

namespace qorgan::evac::detail {

std::vector<Time> distance_to_shelters(const Problem& problem) {
  std::vector<NodeIndex> targets;
  for (const auto& s : problem.shelters) targets.push_back(s.node);
  return distances_to(problem.network, targets);
}

bool route_without_waiting(const Problem& problem, Reservations& booked, std::uint32_t source,
                           People& remaining, Plan& plan) {
  const Network& net = problem.network;
  const Source& src = problem.sources[source];
  std::pair<NodeIndex, Time> root{src.node, 0};
  const auto tree = forward_tree(net, std::span(&root, 1));
  while (remaining > 0) {
    std::uint32_t best = 0;
    Time best_dist = kUnreachable;
    for (std::uint32_t s = 0; s < problem.shelters.size(); ++s) {
      const Time d = tree.dist[problem.shelters[s].node];
      if (booked.shelter_free(s) > 0 && d < best_dist) {
        best_dist = d;
        best = s;
      }
    }
    if (best_dist == kUnreachable) return false;
    const auto path = path_to(net, tree, problem.shelters[best].node);
    const auto slot = no_wait_slot(net, booked, path, src.earliest_departure);
    Group g;
    g.source = source;
    g.shelter = best;
    g.route = timed_steps(net, path, slot.departure);
    g.count = std::min({remaining, slot.room, booked.shelter_free(best)});
    booked.book(best, g.route, g.count);
    remaining -= g.count;
    plan.groups.push_back(std::move(g));
  }
  return true;
}

void report_unroutable(const Problem& problem, const std::vector<Time>& dist_to_shelter,
                       const std::vector<People>& remaining, Plan& plan) {
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
    if (remaining[s] <= 0) continue;
    const bool reachable = dist_to_shelter[problem.sources[s].node] != kUnreachable;
    plan.unroutable.push_back(
        {s, remaining[s], std::string(reachable ? kSheltersFull : kNoShelterReachable)});
  }
}

}  // namespace qorgan::evac::detail
