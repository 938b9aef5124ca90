// Every planner on small networks whose answers are worked out by hand in the comments.

#include <gtest/gtest.h>

#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

using testing::parse_problem;

Plan run(const std::string& planner, const Problem& p) {
  auto pl = make_planner(planner);
  EXPECT_TRUE(pl);
  auto plan = (*pl)->plan(p);
  EXPECT_TRUE(plan) << plan.error().message;
  const auto report = validate(p, *plan);
  EXPECT_TRUE(report.valid()) << planner << ": "
                              << (report.violations.empty() ? "" : report.violations[0]);
  return *plan;
}

// A chain 0 -> 1 -> 2, two people per step on each arc, one step each; 6 people at 0.
// Two leave at steps 0, 1, 2 and arrive at 2, 3, 4: egress 4, mean (2*2+2*3+2*4)/6 = 3.
const char* kChain = R"(nodes 3
arc 0 1 2 1
arc 1 2 2 1
source 0 6
sink 2 10
)";

TEST(Planners, ChainEveryPlannerFindsTheOptimum) {
  const Problem p = parse_problem(kChain);
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 4) << name;
    EXPECT_DOUBLE_EQ(plan.mean_evacuation_time, 3.0) << name;
    EXPECT_EQ(plan.evacuated, 6) << name;
    EXPECT_TRUE(plan.unroutable.empty()) << name;
  }
}

// 10 people at 0, shelter at 1. A narrow fast road 0 -> 1 (1 person per step, 1 step) and a
// wide slow detour 0 -> 2 -> 1 (5 per step, 2 + 2 steps).
// By T the fast road delivers T people (leaving at 0..T-1) and the detour 5(T-3) (leaving at
// 0..T-4): T=4 gives 4+5=9 < 10, T=5 gives 5+10 >= 10, so the optimum is 5.
// "Everyone takes the shortest road" queues all 10 on the narrow road: last leaves at 9,
// arrives at 10. CCRP books arrivals 1, 2, 3 on the narrow road, then at 4 both roads (1+5),
// then the last person at 5: also 5.
const char* kTwoRoads = R"(nodes 3
arc 0 1 1 1
arc 0 2 5 2
arc 2 1 5 2
source 0 10
sink 1 100
)";

TEST(Planners, TwoRoadsOptimumBeatsShortestPath) {
  const Problem p = parse_problem(kTwoRoads);
  EXPECT_EQ(run("optimal", p).egress_time, 5);
  EXPECT_EQ(run("ccrp", p).egress_time, 5);
  EXPECT_EQ(run("qorgan", p).egress_time, 5);
  EXPECT_EQ(run("shortest", p).egress_time, 10);
}

// Two villages a (0) and b (1), 4 people each, join at m (2) and cross a bridge m -> s (3)
// that takes 2 per step. Everyone reaches m at step 1 at the earliest, so the bridge is entered
// at steps 1, 2, 3, 4 by two people each: arrivals 2, 3, 4, 5, egress 5, mean 3.5.
// With holding=0 at m nobody may wait there, which the planners handle by leaving home later;
// the optimum is the same.
std::string bridge(const std::string& m_attrs) {
  return "node 0\nnode 1\nnode 2 " + m_attrs +
         "\nnode 3\narc 0 2 4 1\narc 1 2 4 1\narc 2 3 2 1\nsource 0 4\nsource 1 4\nsink 3 8\n";
}

TEST(Planners, SharedBridge) {
  for (const std::string attrs : {"", "holding=0"}) {
    const Problem p = parse_problem(bridge(attrs));
    for (const auto& name : planner_names()) {
      const Plan plan = run(name, p);
      EXPECT_EQ(plan.egress_time, 5) << name << " " << attrs;
      EXPECT_DOUBLE_EQ(plan.mean_evacuation_time, 3.5) << name << " " << attrs;
    }
  }
}

// Shelter for 6 of 10 people: 4 are reported, with the reason, by every planner; people on an
// island (node 3, no road out) are reported as unreachable.
TEST(Planners, ShortfallAndUnreachableAreReportedNotDropped) {
  const Problem p = parse_problem(R"(nodes 4
arc 0 1 3 1
arc 1 2 3 1
source 0 10
source 3 7
sink 2 6
)");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.evacuated, 6) << name;
    ASSERT_EQ(plan.unroutable.size(), 2u) << name;
    for (const auto& u : plan.unroutable) {
      if (u.source == 0) {
        EXPECT_EQ(u.count, 4) << name;
        EXPECT_EQ(u.reason, kSheltersFull) << name;
      } else {
        EXPECT_EQ(u.count, 7) << name;
        EXPECT_EQ(u.reason, kNoShelterReachable) << name;
      }
    }
    // 6 people at 3 per step: leave at 0 and 1, arrive at 2 and 3.
    EXPECT_EQ(plan.egress_time, 3) << name;
  }
}

// The optimum spreads people over two shelters when one is close but small.
// 0 -> 1 (shelter for 2, 1 step), 0 -> 2 (shelter for 10, 3 steps), 3 per step on both.
// 5 people: 2 go to the near shelter at step 0 (arrive 1), 3 to the far one at step 0
// (arrive 3): egress 3.
TEST(Planners, SmallNearShelterAndLargeFarOne) {
  const Problem p = parse_problem(R"(nodes 3
arc 0 1 3 1
arc 0 2 3 3
source 0 5
sink 1 2 near
sink 2 10 far
)");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 3) << name;
    EXPECT_DOUBLE_EQ(plan.total_evacuation_time, 2 * 1 + 3 * 3) << name;
  }
}

TEST(Planners, EmptyNetworkIsAnError) {
  const Problem p = parse_problem("");
  for (const auto& name : planner_names()) {
    auto pl = make_planner(name);
    auto plan = (*pl)->plan(p);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message, "the network is empty (no nodes)");
  }
  EXPECT_FALSE(make_planner("fastest"));
}

TEST(Planners, NoSheltersMeansEveryoneIsReported) {
  const Problem p = parse_problem("nodes 2\narc 0 1 1 1\nsource 0 3\n");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    ASSERT_EQ(plan.unroutable.size(), 1u) << name;
    EXPECT_EQ(plan.unroutable[0].count, 3);
  }
}

TEST(Planners, EarliestDepartureIsRespected) {
  // Same chain, but nobody may leave before step 3: egress 4 + 3 = 7.
  const Problem p =
      parse_problem("nodes 3\narc 0 1 2 1\narc 1 2 2 1\nsource 0 6 earliest=3\nsink 2 10\n");
  for (const auto& name : planner_names()) EXPECT_EQ(run(name, p).egress_time, 7) << name;
}

TEST(Planners, OriginAtShelterArrivesAtOnce) {
  const Problem p = parse_problem("nodes 2\narc 0 1 1 1\nsource 1 5\nsink 1 5\n");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 0) << name;
    EXPECT_EQ(plan.evacuated, 5) << name;
  }
}

// A run reports its progress up to 1 when it finishes, and a cancelled run returns no plan.
TEST(Planners, ProgressReachesOneAndCancelStopsTheRun) {
  const Problem p = parse_problem(kChain);
  for (const auto& name : planner_names()) {
    auto planner = *make_planner(name);
    RunControl done;
    ASSERT_TRUE(planner->plan(p, done)) << name;
    EXPECT_DOUBLE_EQ(done.progress(), 1.0) << name;
    RunControl stopped;
    stopped.cancel();
    auto plan = planner->plan(p, stopped);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message, kCancelled) << name;
  }
}

}  // namespace
}  // namespace qorgan::evac
