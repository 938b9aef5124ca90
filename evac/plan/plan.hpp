#pragma once
// An evacuation plan: who leaves when, by which arcs, to which shelter; and who cannot be
// evacuated and why. Every planner produces this type, the validator checks it, io/ writes it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

// Entering arc `arc` at time step `enter`; the group reaches the arc's head at
// enter + travel_time. Between two steps the group waits at the node in between.
struct Step {
  ArcIndex arc = 0;
  Time enter = 0;
  bool operator==(const Step&) const = default;
};

struct Group {
  std::uint32_t source = 0;  // index into Problem::sources
  People count = 0;
  std::vector<Step> route;    // empty when the origin node is the shelter's node
  std::uint32_t shelter = 0;  // index into Problem::shelters
  Time departure = 0;         // first step's enter time (or the earliest departure if no steps)
  Time arrival = 0;           // when the group reaches the shelter
};

struct Unroutable {
  std::uint32_t source = 0;
  People count = 0;
  std::string reason;
};

struct Plan {
  std::string planner;
  std::vector<Group> groups;
  std::vector<Unroutable> unroutable;
  std::uint64_t problem_fingerprint = 0;
  double run_seconds = 0;

  // Figures the plan states about itself; set by finish_plan(), re-derived by the validator.
  Time egress_time = 0;  // arrival of the last evacuee
  People evacuated = 0;
  double total_evacuation_time = 0;  // sum over people of arrival time (steps)
  double mean_evacuation_time = 0;

  // What the plan was compared with (the optimum if known, else a lower bound).
  std::optional<Time> lower_bound;
  std::optional<Time> optimum;
};

// When group `g` reaches its shelter, from its route (its earliest departure when it has none).
Time arrival_of(const Problem& problem, const Group& g);
// Fills departure/arrival of each group from its route and the stated figures.
void finish_plan(const Problem& problem, Plan& plan);

// A lower bound on the egress time of a plan that evacuates as many people as can be evacuated
// (evacuable_people), never above the optimum; the larger of
//  - by distance: the people sorted by earliest departure + static travel time to the nearest
//    shelter, the value of the M-th of them (M people must be moved, so one of them is at least
//    that far; with room for everyone, the farthest origin);
//  - by the cut: M people over the per-step max-flow F into the shelters (max_flow_per_step,
//    whose minimum cut every one of them crosses, at most F per step), when M > F; one step
//    less where some road takes zero steps (it can be crossed in the step of arrival);
//  - by assignment: the least horizon at which M people can be given to shelters they reach by
//    then, each shelter taking at most its places (assignment_bound.hpp; left out where its
//    searches would pass kAssignmentForEveryPlan).
// On networks above kExactBoundArcs arcs both flows are replaced by cheap bounds (F by the
// capacity out of the origins or into the shelters, M by min(people, places) on a strongly
// connected network, else the cut bound is left out), so that it stays a small part of a run.
struct EgressBound {
  Time steps = 0;        // the bound
  Time by_distance = 0;  // its parts
  Time by_cut = 0;
  // The assignment bound (assignment_bound.hpp): 0 where the network was too large for it.
  Time by_assignment = 0;
  People evacuable = 0;  // M (0 if not known)
  People per_step = 0;   // F (0 if not known)
  // A lower bound on the route steps of such a plan: a group enters its origin's first arc
  // whole, so an origin of n people whose widest arc out takes c per step sends at least n / c
  // groups, each with at least as many steps as the fewest arcs to a shelter (origins taken
  // cheapest first until M people are covered).
  std::uint64_t route_steps = 0;
};
inline constexpr std::size_t kExactBoundArcs = 150'000;
EgressBound egress_bound(const Problem& problem);
Time egress_lower_bound(const Problem& problem);

}  // namespace qorgan::evac
