// The validator against hand-made plans, each breaking one rule.

#include "evac/plan/validator.hpp"

#include <gtest/gtest.h>

#include "evac/graph/grid_city.hpp"
#include "evac/plan/planner.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

using testing::parse_problem;

// 0 -> 1 -> 2, capacity 2 per step; node 1 holds at most 1 waiting person. 4 people at 0.
const char* kNet = R"(node 0
node 1 holding=1
node 2
arc 0 1 2 1
arc 1 2 2 1
source 0 4
sink 2 4
)";

Group group(People count, Time d0, Time d1) {
  Group g;
  g.count = count;
  g.route = {{0, d0}, {1, d1}};
  g.departure = d0;
  g.arrival = d1 + 1;
  return g;
}

Plan make(const std::string& planner, const Problem& p) {
  auto plan = (*make_planner(planner))->plan(p);
  if (!plan) ADD_FAILURE() << plan.error().message;
  return plan ? std::move(*plan) : Plan{};
}

Plan finished(const Problem& p, std::vector<Group> groups) {
  Plan plan;
  plan.groups = std::move(groups);
  finish_plan(p, plan);
  return plan;
}

TEST(Validator, AcceptsAGoodPlanAndComputesFigures) {
  const Problem p = parse_problem(kNet);
  // 2 leave at 0 (arrive 2), 2 leave at 1 (arrive 3): total 10, mean 2.5.
  const Plan plan = finished(p, {group(2, 0, 1), group(2, 1, 2)});
  const auto r = validate(p, plan);
  EXPECT_TRUE(r.valid()) << r.violations[0];
  EXPECT_EQ(r.egress_time, 3);
  EXPECT_DOUBLE_EQ(r.total_evacuation_time, 10);
  EXPECT_DOUBLE_EQ(r.mean_evacuation_time, 2.5);
  ASSERT_EQ(r.arc_loads.size(), 2u);
  EXPECT_EQ(r.arc_loads[0].peak, 2);
  EXPECT_EQ(r.arc_loads[0].saturated_steps, 2);
  ASSERT_EQ(r.shelter_arrivals[0].size(), 2u);
  EXPECT_EQ(r.shelter_arrivals[0][1], (std::pair<Time, People>{3, 2}));
}

TEST(Validator, ArcOverCapacity) {
  const Problem p = parse_problem(kNet);
  const auto r = validate(p, finished(p, {group(3, 0, 1), group(1, 1, 2)}));
  ASSERT_FALSE(r.valid());
  EXPECT_EQ(r.violations[0], "arc 0 (0 -> 1) is entered by 3 people at step 0, capacity 2");
}

TEST(Validator, NodeHoldingExceeded) {
  const Problem p = parse_problem(kNet);
  // Two people arrive at 1 at step 1 and wait until step 3: 2 > holding 1 at steps 1 and 2.
  const auto r = validate(p, finished(p, {group(2, 0, 3), group(2, 1, 2)}));
  ASSERT_FALSE(r.valid());
  EXPECT_EQ(r.violation_count, 2u);
  EXPECT_EQ(r.violations[0].find("node 1 holds 2 waiting people at step"), 0u);
}

TEST(Validator, BrokenPathsAndTimes) {
  const Problem p = parse_problem(kNet);
  Group skip = group(2, 0, 1);
  skip.route = {{1, 0}};         // starts with arc 1 -> 2 while the group is at 0
  Group early = group(2, 1, 1);  // enters arc 1 at step 1 but reaches node 1 at step 2
  auto r = validate(p, finished(p, {skip, early}));
  // Both groups are counted as routed, so the only faults are the two broken routes.
  ASSERT_EQ(r.violation_count, 2u);
  EXPECT_EQ(r.violations[0], "group 1: step 1 leaves node 1 but the group is at node 0");
  EXPECT_EQ(r.violations[1], "group 2: step 2 entered at 1 before the group arrived at 2");
}

TEST(Validator, PeopleMustBeRoutedOrReported) {
  const Problem p = parse_problem(kNet);
  Plan plan = finished(p, {group(2, 0, 1)});
  auto r = validate(p, plan);
  ASSERT_EQ(r.violation_count, 1u);
  EXPECT_EQ(r.violations[0],
            "source 0 (node 0) has 4 people but the plan routes 2 and reports 0 unroutable");
  plan.unroutable.push_back({0, 2, ""});
  r = validate(p, plan);
  ASSERT_EQ(r.violation_count, 1u);
  EXPECT_EQ(r.violations[0], "unroutable entry for source 0 gives no reason");
  plan.unroutable[0].reason = "test";
  EXPECT_TRUE(validate(p, plan).valid());
}

TEST(Validator, ShelterOverCapacityAndWrongStatedFigures) {
  Problem p = parse_problem(kNet);
  p.shelters[0].capacity = 3;
  Plan plan = finished(p, {group(2, 0, 1), group(2, 1, 2)});
  auto r = validate(p, plan);
  ASSERT_EQ(r.violation_count, 1u);
  EXPECT_EQ(r.violations[0], "shelter 0 (node 2) receives 4 people, capacity 3");
  p.shelters[0].capacity = 4;
  plan.egress_time = 2;  // edited by hand
  plan.mean_evacuation_time = 2.0;
  r = validate(p, plan);
  ASSERT_EQ(r.violation_count, 2u);
  EXPECT_EQ(r.violations[0], "plan states egress time 2 but its groups give 3");
  EXPECT_EQ(r.violations[1], "plan states mean evacuation time 2 but its groups give 2.5");
}

TEST(Validator, DepartureBeforeAllowed) {
  Problem p = parse_problem(kNet);
  p.sources[0].earliest_departure = 1;
  const auto r = validate(p, finished(p, {group(2, 0, 1), group(2, 1, 2)}));
  ASSERT_FALSE(r.valid());
  EXPECT_EQ(r.violations[0], "group 1: departs at 0 before its earliest departure 1");
}

TEST(Validator, CountingArcLoadsInPassesGivesTheSameReport) {
  // A grid city plan, then the same plan with a crowd pushed onto its busiest steps: a few
  // steps per pass (many arc ranges) and one pass must agree on every figure and message.
  const Problem p = grid_city(20, 6'000, 4, 7);
  auto made = (*make_planner("qorgan"))->plan(p);
  ASSERT_TRUE(made);
  Plan crowded = *made;
  for (std::size_t i = 0; i < crowded.groups.size(); i += 5) crowded.groups[i].count += 40;
  for (const Plan* plan : {&*made, &crowded}) {
    const auto one = validate(p, *plan, std::size_t{1} << 40);
    const auto many = validate(p, *plan, 7);
    EXPECT_EQ(plan == &*made, one.valid());
    EXPECT_EQ(one.violations, many.violations);
    EXPECT_EQ(one.violation_count, many.violation_count);
    ASSERT_EQ(one.arc_loads.size(), many.arc_loads.size());
    ASSERT_GT(one.arc_loads.size(), 100u);
    for (std::size_t i = 0; i < one.arc_loads.size(); ++i) {
      EXPECT_EQ(one.arc_loads[i].arc, many.arc_loads[i].arc);
      EXPECT_EQ(one.arc_loads[i].peak, many.arc_loads[i].peak);
      EXPECT_EQ(one.arc_loads[i].peak_time, many.arc_loads[i].peak_time);
      EXPECT_EQ(one.arc_loads[i].saturated_steps, many.arc_loads[i].saturated_steps);
      EXPECT_EQ(one.arc_loads[i].total, many.arc_loads[i].total);
    }
  }
}

// The validator judges every plan, so arithmetic must not fool it: four forged groups of 2^62
// people on one arc in one step add up to 2^64, which wrapped to nothing, and the loads and
// totals came out as the true ones.
TEST(Validator, ForgedHugeGroupsDoNotWrapAround) {
  const Problem p = parse_problem("nodes 3\narc 0 1 3 1\narc 1 2 8 1\nsource 0 3\nsink 2 3\n");
  Plan plan = make("ccrp", p);
  ASSERT_TRUE(validate(p, plan).valid());
  Group forged = plan.groups.front();
  forged.count = People{1} << 62;
  for (int i = 0; i < 4; ++i) plan.groups.push_back(forged);
  const auto r = validate(p, plan);
  EXPECT_FALSE(r.valid());
  ASSERT_FALSE(r.violations.empty());
  EXPECT_EQ(r.violations[0], "group 2: moves 4611686018427387904 people but source 0 has 3");
  EXPECT_EQ(r.evacuated, 3);
  // A source itself past the limits is refused as a whole.
  Problem huge = p;
  huge.sources[0].count = People{1} << 62;
  const auto h = validate(huge, plan);
  ASSERT_FALSE(h.valid());
  EXPECT_EQ(h.violations[0],
            "the plan's problem is not valid: source 0 has 4611686018427387904 people, more than "
            "1000000000");
  // Unroutable counts are held to their source's people too.
  Plan lying = make("ccrp", p);
  lying.unroutable.push_back({0, (People{1} << 62), "x"});
  lying.unroutable.push_back({0, (People{1} << 62), "x"});
  lying.unroutable.push_back({0, (People{1} << 62), "x"});
  lying.unroutable.push_back({0, (People{1} << 62), "x"});
  const auto l = validate(p, lying);
  ASSERT_FALSE(l.valid());
  EXPECT_EQ(l.violations[0],
            "unroutable entry for source 0 has count 4611686018427387904 (the source has 3)");
}

}  // namespace
}  // namespace qorgan::evac
