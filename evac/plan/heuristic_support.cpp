#include "evac/plan/heuristic_support.hpp"

#include <algorithm>

namespace qorgan::evac::detail {

std::vector<Time> distance_to_shelters(const Problem& problem) {
  std::vector<NodeIndex> targets;
  for (const auto& s : problem.shelters) targets.push_back(s.node);
  return distances_to(problem.network, targets);
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
