#include "evac/plan/shelter_distances.hpp"

#include <span>

#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/heuristic_support.hpp"

namespace qorgan::evac {

ShelterDistances::ShelterDistances(const Problem& problem)
    : problem_(problem), to_(problem.shelters.size()) {}

const std::vector<Time>& ShelterDistances::nearest() {
  if (nearest_.empty()) nearest_ = detail::distance_to_shelters(problem_);
  return nearest_;
}

const std::vector<Time>& ShelterDistances::to(std::uint32_t h) {
  if (to_[h].empty()) {
    const NodeIndex at = problem_.shelters[h].node;
    to_[h] = distances_to(problem_.network, std::span(&at, 1));
  }
  return to_[h];
}

}  // namespace qorgan::evac
