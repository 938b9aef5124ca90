#pragma once
// Static max-flow of a problem: the most people per time step that can move from the origins to
// the shelters at once, when every arc carries at most its capacity per step, each origin sends
// at most its people and each shelter takes at most its capacity (a super source linked to the
// origins, the shelters linked to a super sink). It bounds the evacuation rate from above:
// no plan can finish sooner than population / rate steps after the first arrival. LEMON's
// Preflow (push-relabel) on a StaticDigraph.

#include "evac/graph/network.hpp"

namespace qorgan::evac {

struct MaxFlowResult {
  People value = 0;  // people per step
  // The arcs of a minimum cut (from the source side to the sink side): the bottleneck roads.
  std::vector<ArcIndex> cut_arcs;
};

MaxFlowResult max_flow_per_step(const Problem& problem);

// The most people that can reach a shelter at all, given unlimited time: the max-flow from the
// origins (capacity: their people) through arcs of unlimited capacity to the shelters
// (capacity: their places). Every plan evacuates at most this many; the optimal one exactly.
People evacuable_people(const Problem& problem);

}  // namespace qorgan::evac
