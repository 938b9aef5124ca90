#pragma once
// A lower bound on the egress from where the people can go: whoever is evacuated arrives no
// sooner than their departure plus the static travel time from their origin to their shelter,
// so no horizon below the least T at which `target` people can be given to shelters they reach
// by T (each taking at most its places) lets a plan move them. egress_bound's distance part
// sends everyone to their nearest shelter; this one lets the near shelters fill up, which is
// what decides the egress where the shelters are few for their origins.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "evac/graph/network.hpp"
#include "evac/plan/plan.hpp"
#include "evac/plan/shelter_trees.hpp"

namespace qorgan::evac {

// Its work: the reverse searches (distinct shelter junctions x junctions) and the pairs of an
// origin and a shelter junction in its max-flows (one flow per step of a binary search).
struct AssignmentLimits {
  std::size_t search_work = 0;
  std::size_t pairs = 0;
};
// With every plan (egress_bound): a small share of a plan's time.
inline constexpr AssignmentLimits kAssignmentForEveryPlan{10'000'000, 200'000};
// Where the exact planner starts its search: worth more there.
inline constexpr AssignmentLimits kAssignmentForTheOptimum{50'000'000, 2'000'000};

// The distinct shelter junctions in increasing order and the places of each (capped at 2^50);
// nullopt when there are none or searching from each of them would pass `limits`.
struct ShelterPlaces {
  std::vector<NodeIndex> nodes;
  std::vector<People> room;
};
std::optional<ShelterPlaces> shelter_places(const Problem& p, const AssignmentLimits& limits);

// The bound, at least `from` (a bound already known); nullopt when it would take more than
// `limits` or `cancelled()` turned true on the way. With `trees` (made for
// shelter_places(p, limits)'s junctions, in that order) it searches nothing.
std::optional<Time> assignment_bound(const Problem& p, People target, Time from,
                                     const AssignmentLimits& limits,
                                     const std::function<bool()>& cancelled = {},
                                     const ShelterTrees* trees = nullptr);

}  // namespace qorgan::evac
