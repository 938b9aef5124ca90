#include "evac/plan/heuristic_support.hpp"

#include <algorithm>
#include <numeric>

namespace qorgan::evac::detail {

std::vector<Time> distance_to_shelters(const Problem& problem) {
  std::vector<NodeIndex> targets;
  for (const auto& s : problem.shelters) targets.push_back(s.node);
  return distances_to(problem.network, targets);
}

std::vector<std::uint32_t> nearest_origins_first(const Problem& problem,
                                                 const std::vector<Time>& dist) {
  std::vector<std::uint32_t> order(problem.sources.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return dist[problem.sources[a].node] < dist[problem.sources[b].node];
  });
  return order;
}

std::vector<std::pair<std::uint32_t, People>> take_shelter_room(
    People people, std::span<const std::uint32_t> nearest_first, std::vector<People>& room) {
  std::vector<std::pair<std::uint32_t, People>> taken;
  for (std::uint32_t h : nearest_first) {
    if (people == 0) break;
    const People take = std::min(people, room[h]);
    if (take == 0) continue;
    room[h] -= take;
    people -= take;
    taken.emplace_back(h, take);
  }
  return taken;
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
