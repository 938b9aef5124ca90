// assigned_plan: the exact planner's first flow where who goes where decides the egress.

#include "evac/plan/assigned_plan.hpp"

#include <gtest/gtest.h>

#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

// The groups as a whole plan (whoever they leave out reported unroutable), replayed by the
// validator; also that every group arrives by `horizon`.
void expect_valid(const Problem& p, const AssignedPlan& a, Time horizon, const std::string& what) {
  Plan plan;
  plan.groups = a.groups;
  std::vector<People> left;
  for (const auto& s : p.sources) left.push_back(s.count);
  for (const auto& g : plan.groups) left[g.source] -= g.count;
  for (std::uint32_t s = 0; s < p.sources.size(); ++s)
    if (left[s] > 0) plan.unroutable.push_back({s, left[s], "left for the max-flow"});
  finish_plan(p, plan);
  const auto report = validate(p, plan);
  ASSERT_TRUE(report.valid()) << what << ": " << report.violations[0];
  EXPECT_LE(plan.egress_time, horizon) << what;
}

People evacuated(const AssignedPlan& a) {
  People n = 0;
  for (const auto& g : a.groups) n += g.count;
  return n;
}

// The near shelter has room for one origin's people. The origin next to it could also walk to
// the far shelter in 5 steps; the other reaches only the near one, in 10. Everyone is in by 10
// only if the near shelter goes to the far origin, which arrives last: the rule "whoever arrives
// first gets it" leaves that origin without a shelter.
TEST(AssignedPlan, GivesTheNearShelterToTheOriginThatHasNoOther) {
  const Problem p = testing::parse_problem(
      "nodes 4\narc 1 0 100 1\narc 1 2 100 5\narc 3 0 100 10\nsource 1 50\nsource 3 50\n"
      "sink 0 50\nsink 2 1000\n");
  const auto a = assigned_plan(p, 10, kAssignmentForTheOptimum);
  ASSERT_TRUE(a);
  expect_valid(p, *a, 10, "horizon 10");
  EXPECT_EQ(evacuated(*a), 100);
  for (const auto& g : a->groups) EXPECT_EQ(g.shelter, g.source == 0 ? 1u : 0u);
  // By step 9 the far origin cannot arrive: its neighbour takes the near shelter (1 step
  // rather than 5).
  const auto early = assigned_plan(p, 9, kAssignmentForTheOptimum);
  ASSERT_TRUE(early);
  expect_valid(p, *early, 9, "horizon 9");
  EXPECT_EQ(evacuated(*early), 50);
  for (const auto& g : early->groups) EXPECT_EQ(g.shelter, 0u);
}

// 30 people on a road that takes 10 a step: by two steps past the walk everyone is in (leaving
// at steps 0, 1 and 2); by one step past it 20, and the rest stay for the max-flow.
TEST(AssignedPlan, LeavesHomeWhoCannotArriveByTheHorizon) {
  const Problem p = testing::parse_problem("nodes 2\narc 0 1 10 4\nsource 0 30\nsink 1 100\n");
  for (const auto& [horizon, people] : {std::pair{6, 30}, {5, 20}, {4, 10}, {3, 0}}) {
    const auto a = assigned_plan(p, horizon, kAssignmentForTheOptimum);
    ASSERT_TRUE(a);
    expect_valid(p, *a, horizon, "horizon " + std::to_string(horizon));
    EXPECT_EQ(evacuated(*a), people) << "horizon " << horizon;
  }
}

// Random networks (bounded holding, zero-step roads, late departures, small shelters) at
// horizons from nothing to long enough: always a valid plan of whom it moves, all in by the
// horizon, and everyone on some.
TEST(AssignedPlan, IsAValidPlanOfWhomItMovesOnRandomNetworks) {
  int everyone = 0;
  for (std::uint32_t seed = 1; seed <= 150; ++seed) {
    const Problem p = testing::random_problem(seed, 14, 40);
    for (Time horizon : {0, 3, 10, 30, 100}) {
      const auto a = assigned_plan(p, horizon, kAssignmentForTheOptimum);
      ASSERT_TRUE(a);
      expect_valid(p, *a, horizon,
                   "seed " + std::to_string(seed) + " horizon " + std::to_string(horizon));
      everyone += horizon == 100 && evacuated(*a) == p.population();
    }
  }
  EXPECT_GT(everyone, 50);
}

// The exact planner searches once from each shelter junction and shares the trees among its
// assignment bound and assigned plans (shelter_trees.hpp). On random networks (zero-step roads
// give ties) at horizons from nothing to long enough, the plans, the work they count and the
// bound are exactly those made by searching.
TEST(AssignedPlan, IsTheSameFromSharedTrees) {
  for (std::uint32_t seed = 1; seed <= 150; ++seed) {
    const Problem p = testing::random_problem(seed, 14, 40);
    const std::string what = "seed " + std::to_string(seed);
    const auto places = shelter_places(p, kAssignmentForTheOptimum);
    ASSERT_TRUE(places) << what;
    const auto trees = ShelterTrees::make(p.network, places->nodes);
    ASSERT_TRUE(trees) << what;
    EXPECT_EQ(assignment_bound(p, p.population(), 0, kAssignmentForTheOptimum),
              assignment_bound(p, p.population(), 0, kAssignmentForTheOptimum, {}, &*trees))
        << what;
    for (Time horizon : {0, 3, 10, 30, 100}) {
      const auto searched = assigned_plan(p, horizon, kAssignmentForTheOptimum);
      const auto shared = assigned_plan(p, horizon, kAssignmentForTheOptimum, {}, &*trees);
      ASSERT_TRUE(searched && shared) << what;
      EXPECT_EQ(searched->work, shared->work) << what << " horizon " << horizon;
      EXPECT_EQ(searched->people, shared->people) << what << " horizon " << horizon;
      ASSERT_EQ(searched->groups.size(), shared->groups.size()) << what << " horizon " << horizon;
      for (std::size_t i = 0; i < searched->groups.size(); ++i) {
        const Group& a = searched->groups[i];
        const Group& b = shared->groups[i];
        EXPECT_TRUE(a.source == b.source && a.count == b.count && a.shelter == b.shelter &&
                    a.route == b.route)
            << what << " horizon " << horizon << " group " << i;
      }
    }
  }
}

}  // namespace
}  // namespace qorgan::evac
