// The repair of a plan's egress (repair_egress.hpp): the last groups move to a shelter whose
// roads have room sooner, and no plan gets later, longer or invalid.

#include "evac/plan/repair_egress.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

// Two shelters a step away on roads of 10 people a step: the static plan sends all 100 people
// down one road (10 steps), the repair sends the last half down the other (5, the optimum).
TEST(RepairEgress, TheLastGroupsTakeTheOtherShelterWhereItsRoadHasRoomSooner) {
  const Problem p = testing::parse_problem(
      "nodes 3\narc 0 1 10 1\narc 0 2 10 1\nsource 0 100\nsink 1 1000\nsink 2 1000\n");
  auto plan = make_shortest_planner()->plan(p);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->egress_time, 10);
  const double before = plan->total_evacuation_time;
  repair_egress(p, *plan);
  EXPECT_TRUE(validate(p, *plan).valid());
  EXPECT_EQ(plan->evacuated, 100);
  EXPECT_EQ(plan->egress_time, 5);
  EXPECT_LT(plan->total_evacuation_time, before);
  People at_the_other = 0;
  for (const Group& g : plan->groups)
    if (g.shelter == 1) at_the_other += g.count;
  EXPECT_EQ(at_the_other, 50);
}

// On random networks (bounded holding, roads of zero steps, late departures, shelters too
// small) the repaired plans of shortest and ccrp stay valid, evacuate as many, never end later
// or spend more time in all, and some end sooner; none sooner than the optimum.
TEST(RepairEgress, KeepsEveryPlanValidAndNeverLater) {
  int sooner = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    const Problem p = testing::random_problem(seed, 12, 40);
    const auto optimum = make_optimal_planner()->plan(p);
    ASSERT_TRUE(optimum) << seed << ": " << optimum.error().message;
    for (const char* name : {"shortest", "ccrp"}) {
      auto plan = make_planner(name).value()->plan(p);
      ASSERT_TRUE(plan) << seed << " " << name << ": " << plan.error().message;
      Plan repaired = *plan;
      repair_egress(p, repaired);
      const auto report = validate(p, repaired);
      ASSERT_TRUE(report.valid()) << seed << " " << name << ": " << report.violations[0];
      EXPECT_EQ(repaired.evacuated, plan->evacuated) << seed << " " << name;
      EXPECT_LE(repaired.egress_time, plan->egress_time) << seed << " " << name;
      EXPECT_LE(repaired.total_evacuation_time, plan->total_evacuation_time) << seed << " " << name;
      if (repaired.evacuated == optimum->evacuated) {
        EXPECT_GE(repaired.egress_time, optimum->egress_time) << seed << " " << name;
      }
      sooner += repaired.egress_time < plan->egress_time;
    }
  }
  std::printf("repaired plans that end sooner: %d of 600\n", sooner);
  EXPECT_GT(sooner, 0);
}

}  // namespace
}  // namespace qorgan::evac
