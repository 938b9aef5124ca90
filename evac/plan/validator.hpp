#pragma once
// Independent plan checker. It trusts nothing a planner computed: it replays every group on
// the network, step by step, and counts loads itself.
//
// Rules checked (the model of evac/graph/network.hpp):
//  - each group's source and shelter exist, its count is >= 1, its route is a chain of arcs
//    from the source's node to the shelter's node, and it never leaves before the source's
//    earliest departure;
//  - a step is entered no sooner than the previous one ends (waiting in between is allowed);
//  - in no time step do more people enter an arc than its capacity;
//  - in no time step do more people wait at a node than its holding capacity (people waiting
//    at their own origin before leaving are at home and do not count);
//  - no shelter receives more than its capacity;
//  - for each source, routed + reported unroutable == its count, and nobody is reported
//    unroutable without a reason;
//  - the figures the plan states (departure, arrival, egress, mean) match the replay.

#include <string>
#include <vector>

#include "evac/graph/network.hpp"
#include "evac/plan/plan.hpp"

namespace qorgan::evac {

struct ArcLoad {
  ArcIndex arc = 0;
  People peak = 0;  // most people entering in one step
  Time peak_time = 0;
  Time saturated_steps = 0;  // steps in which the arc was used at full capacity
  People total = 0;
};

struct ValidationReport {
  std::vector<std::string> violations;  // first few, human readable
  std::size_t violation_count = 0;
  bool valid() const { return violation_count == 0; }

  Time egress_time = 0;
  People evacuated = 0;
  People unroutable = 0;
  double total_evacuation_time = 0;
  double mean_evacuation_time = 0;

  std::vector<ArcLoad> arc_loads;  // used arcs only, by arc index
  // Per shelter: (time step, people arriving in that step), by time.
  std::vector<std::vector<std::pair<Time, People>>> shelter_arrivals;
};

ValidationReport validate(const Problem& problem, const Plan& plan);

// Arc loads are counted a range of arcs at a time, over at most this many steps (16 bytes
// each): a plan of 10^6 people has some 10^8 steps, which a hash map of (arc, step) counts held
// in 0.9 GB. The report is the same whatever the value (tests pass a small one).
constexpr std::size_t kStepsPerPass = 8'000'000;
ValidationReport validate(const Problem& problem, const Plan& plan, std::size_t steps_per_pass);

}  // namespace qorgan::evac
