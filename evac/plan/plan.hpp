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

// Fills departure/arrival of each group from its route and the stated figures.
void finish_plan(const Problem& problem, Plan& plan);

// A simple lower bound on the egress time: the largest, over origins that can reach a shelter,
// of the static travel time to the nearest shelter.
Time egress_lower_bound(const Problem& problem);

}  // namespace qorgan::evac
