// The rate model of qorgan's routes (flow_routes.hpp) where the shelters lack places.

#include "evac/plan/flow_routes.hpp"

#include <gtest/gtest.h>

#include "evac/plan/heuristic_support.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {

// 5 people a step from a shelter of 9 places and 5 three steps away: whoever the shelter takes,
// some of it goes to the farther origin, whose rate counts from a later step than the shelter's,
// so the demand is above what the shelter takes at every horizon. That is known without a
// max-flow: the only one is the head count that shares the places out (before, one per doubling
// of the horizon up to its limit, 2^26 steps).
TEST(FlowRoutes, FindsNoHorizonWhereEveryShelterFillsWithoutAMaxFlowPerHorizon) {
  const Problem p = testing::parse_problem(
      "nodes 4\narc 1 0 10 1\narc 2 3 10 2\narc 3 0 10 1\nsource 1 5\nsource 2 5\nsink 0 9\n");
  RunControl control;
  const FlowRoutes routes = routes_from_static_flow(p, detail::distance_to_shelters(p), control);
  EXPECT_EQ(routes.horizon, 0);
  EXPECT_EQ(routes.max_flows, 1);
}

}  // namespace qorgan::evac
