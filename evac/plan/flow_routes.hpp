#pragma once
// Candidate routes for the qorgan planner, so that its scheduler needs few searches.
//
// From a static flow ("rate model" of a throughput-bound evacuation): if every origin o sent its
// people at a constant rate from its earliest departure until a common horizon T, it would need
// r_o(T) = people_o / (T - departure_o - d_o) people per step, d_o being its travel time to the
// nearest shelter; a shelter h first reachable at e_h could take c_h / (T - e_h) per step. A
// static flow that carries every r_o within the arcs' per-step capacities is such a plan in the
// large (Ford and Fulkerson's temporally repeated flows). The smallest feasible T is found by
// doubling and bisection over static max-flows (LEMON Preflow); then the cheapest such flow —
// least total travel time — by LEMON's NetworkSimplex, and again at T/2, T/4, ... (the most of
// the demand that fits, cheapest first) for the detours of more crowded moments. Each flow is
// decomposed into origin -> shelter paths.
//
// The rate model ignores the build-up at the start and that shelters may fill early, so T is an
// estimate, not a bound; the plan itself comes from the scheduler, which checks every step. The
// flow also tells which origins are behind the bottleneck that decides T: at the last horizon
// found too short, the origins a maximum flow cannot serve (reachable from the super source in
// its residual graph).

#include <cstdint>
#include <vector>

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

struct FlowRoute {
  std::vector<ArcIndex> arcs;  // from the origin's node to the shelter's node (may be empty)
  std::uint32_t shelter = 0;
};

struct FlowRoutes {
  Time horizon = 0;  // the smallest T at which the rate model was feasible (0: no flow)
  std::vector<FlowRoute> routes;
  std::vector<std::vector<std::uint32_t>> of_source;  // indices into routes, per source
  // Per source: behind the bottleneck that decides the egress (see above); empty if unknown.
  std::vector<char> critical;
  int max_flows = 0;  // static max-flows run (for benchmarks)
  // Only from add_nearest_shelter_routes with few shelters: per shelter, the next arc towards it
  // from every node (static shortest paths), and per source the reachable shelters nearest first.
  std::vector<std::vector<ArcIndex>> toward;
  std::vector<std::vector<std::uint32_t>> shelter_order;
  // The static shortest path from `from` to `shelter`. Contract: toward is filled and `shelter`
  // is reachable from `from`.
  std::vector<ArcIndex> tree_route(const Network& net, NodeIndex from, std::uint32_t shelter) const;
};

// `dist` is the static travel time from each node to the nearest shelter (kUnreachable if
// none). Checks `control` between flows; returns early (with what it has) when cancelled.
FlowRoutes routes_from_static_flow(const Problem& problem, const std::vector<Time>& dist,
                                   RunControl& control);

// Adds to each origin the static shortest paths to its `k` nearest shelters (whatever their
// room). With few shelters (shelters x nodes <= node_budget), one reverse Dijkstra per shelter,
// kept in `toward` (see above); otherwise one Dijkstra per origin node, stopped after k
// shelters, giving up once `node_budget` nodes have been settled in all.
void add_nearest_shelter_routes(const Problem& problem, const std::vector<Time>& dist, int k,
                                std::size_t node_budget, FlowRoutes& routes);

}  // namespace qorgan::evac
