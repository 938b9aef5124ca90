#pragma once
// A partial plan for the exact planner's first probe at horizon T, made from who goes where
// rather than from who arrives first: people are given to the shelters they reach by T (static
// travel time, as in assignment_bound), each shelter junction taking at most its places, as
// many as can be and at the least total travel time; each origin's share of a shelter then
// follows a static shortest path there, timed over the bookings of the shares before it (the
// shares with the least time to spare first), and what cannot arrive by T stays at home. Where
// few shelters lie far apart the egress is decided by that assignment (Almaty on foot to 5
// shelters: the optimum equals assignment_bound), and a greedy plan, which gives the near
// shelters to whoever arrives first, leaves the far origins to the max-flow.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "evac/plan/assignment_bound.hpp"
#include "evac/plan/plan.hpp"
#include "evac/plan/shelter_trees.hpp"

namespace qorgan::evac {

struct AssignedPlan {
  std::vector<Group> groups;  // every one arrives by the horizon; together within capacities
  People people = 0;          // in the groups
  std::uint64_t work = 0;     // arcs looked at by its searches and timings
};

// Nullopt when it would take more than `limits` (as assignment_bound counts them), when its
// routes would hold more than kAssignedPathArcs arcs, or when `cancelled()` turned true. With
// `trees` (made for shelter_places(p, limits)'s junctions, in that order) it searches nothing;
// the plan and its work are the same.
inline constexpr std::size_t kAssignedPathArcs = 20'000'000;
std::optional<AssignedPlan> assigned_plan(const Problem& p, Time horizon,
                                          const AssignmentLimits& limits,
                                          const std::function<bool()>& cancelled = {},
                                          const ShelterTrees* trees = nullptr);

}  // namespace qorgan::evac
