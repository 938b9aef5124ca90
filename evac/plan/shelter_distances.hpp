#pragma once
// The static travel times to the shelters that the passes over an exact plan ask for
// (swap_places, move_earlier, shorten_mean, one after the other on the same problem): to the
// nearest shelter, and to each shelter alone. Each is a search over the whole network, made
// when first asked for and kept for the passes after, so that a shelter's tree is searched once
// per plan instead of once per pass; the price is that the trees are held until the last pass
// ends (4 bytes a junction each; the passes ask for every shelter's only up to 2.5·10⁷ shelters
// x junctions). Not thread-safe: one per plan being improved.

#include <cstdint>
#include <vector>

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

class ShelterDistances {
 public:
  explicit ShelterDistances(const Problem& problem);

  // From each junction to the nearest shelter (any capacity); kUnreachable if none.
  const std::vector<Time>& nearest();
  // From each junction to shelter h; kUnreachable if it is not reached.
  const std::vector<Time>& to(std::uint32_t h);

 private:
  const Problem& problem_;
  std::vector<Time> nearest_;
  std::vector<std::vector<Time>> to_;
};

}  // namespace qorgan::evac
