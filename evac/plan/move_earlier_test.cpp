// Moving people of a finished plan to earlier arrivals (move_earlier.hpp): the egress and every
// capacity kept, the mean never longer, and on a network whose least total time is known, that
// total reached.

#include "evac/plan/move_earlier.hpp"

#include <gtest/gtest.h>

#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

// One origin of 4 people, a shelter a step away by a road of 1 person a step and 4 steps away
// by a wide detour. An egress of 4 steps is the optimum either way; the least total time is
// everyone on the short road, one a step (1 + 2 + 3 + 4 = 10). The plan given sends all 4 down
// the detour (16): they move to the short road until it can take nobody sooner, part of the
// group at a time.
TEST(MoveEarlier, ReachesTheLeastTotalTimeWhereTheShortRoadHasRoomStepByStep) {
  const Problem p = testing::parse_problem(
      "nodes 3\narc 0 1 1 1\narc 0 2 10 2\narc 2 1 10 2\nsource 0 4\nsink 1 100\n");
  Plan plan;
  plan.groups.push_back({.source = 0, .count = 4, .route = {{1, 0}, {2, 2}}, .shelter = 0});
  finish_plan(p, plan);
  ASSERT_TRUE(validate(p, plan).valid());
  ASSERT_EQ(plan.egress_time, 4);
  ASSERT_EQ(plan.total_evacuation_time, 16);
  move_earlier(p, plan);
  EXPECT_TRUE(validate(p, plan).valid()) << validate(p, plan).violations[0];
  EXPECT_EQ(plan.evacuated, 4);
  EXPECT_EQ(plan.egress_time, 4);
  EXPECT_EQ(plan.total_evacuation_time, 10);
}

// The exact planner's plans on random networks (bounded holding, roads of zero steps, late
// departures, shelters too small): moved earlier, each stays valid with the same people and the
// same egress (still the optimum), and its mean never grows (most of these small plans are at
// their least mean already: 20 of 300 shrink).
TEST(MoveEarlier, KeepsTheExactPlansValidAndOptimalAndNeverRaisesTheirMean) {
  int shorter = 0, plans = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    const Problem p = testing::random_problem(seed, 12, 40);
    auto exact = make_optimal_planner()->plan(p);
    ASSERT_TRUE(exact) << seed << ": " << exact.error().message;
    Plan moved = *exact;
    move_earlier(p, moved);
    const auto report = validate(p, moved);
    ASSERT_TRUE(report.valid()) << seed << ": " << report.violations[0];
    EXPECT_EQ(moved.evacuated, exact->evacuated) << seed;
    EXPECT_EQ(moved.egress_time, exact->egress_time) << seed;
    EXPECT_LE(moved.mean_evacuation_time, exact->mean_evacuation_time) << seed;
    shorter += moved.mean_evacuation_time < exact->mean_evacuation_time;
    ++plans;
  }
  std::printf("mean shortened on %d of %d exact plans\n", shorter, plans);
  EXPECT_GT(shorter, 0);
}

}  // namespace
}  // namespace qorgan::evac
