// Lowering a finished plan's mean at the same egress (shorten_mean.hpp): checked against the
// least total time at that egress, computed here independently as a min-cost flow over the
// explicit time-expanded network (LEMON's network simplex).

#include "evac/plan/shorten_mean.hpp"

#include <lemon/list_graph.h>
#include <lemon/network_simplex.h>

#include <utility>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "evac/graph/grid_city.hpp"
#include "evac/plan/move_earlier.hpp"
#include "evac/plan/optimal_from.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

// The least total arrival time of `evacuated` people with nobody arriving after `horizon`: a
// copy of every junction per step, each origin free to release its people at any step from its
// earliest departure, roads taking their capacity per step, junctions their holding, each
// arrival costing its step, each shelter taking at most its places.
double least_total(const Problem& p, Time horizon, People evacuated) {
  using Graph = lemon::ListDigraph;
  const Network& net = p.network;
  Graph g;
  Graph::ArcMap<People> cap(g), cost(g);
  auto arc = [&](Graph::Node a, Graph::Node b, People c, People w) {
    const auto e = g.addArc(a, b);
    cap[e] = c;
    cost[e] = w;
  };
  const People kWide = 1'000'000;
  const auto source = g.addNode(), sink = g.addNode();
  std::vector<std::vector<Graph::Node>> copy(net.node_count());
  for (auto& steps : copy)
    for (Time t = 0; t <= horizon; ++t) steps.push_back(g.addNode());
  for (NodeIndex v = 0; v < net.node_count(); ++v)
    for (Time t = 0; t < horizon; ++t)
      arc(copy[v][t], copy[v][t + 1], std::min(net.holding[v], kWide), 0);
  for (ArcIndex a = 0; a < net.arc_count(); ++a)
    for (Time t = 0; t + net.travel_time[a] <= horizon; ++t)
      arc(copy[net.tail[a]][t], copy[net.head[a]][t + net.travel_time[a]], net.capacity[a], 0);
  for (const Source& s : p.sources) {
    const auto home = g.addNode();
    arc(source, home, s.count, 0);
    for (Time t = s.earliest_departure; t <= horizon; ++t) arc(home, copy[s.node][t], kWide, 0);
  }
  for (const Shelter& h : p.shelters) {
    const auto pool = g.addNode();
    arc(pool, sink, h.capacity, 0);
    for (Time t = 0; t <= horizon; ++t) arc(copy[h.node][t], pool, kWide, t);
  }
  lemon::NetworkSimplex<Graph, People, People> simplex(g);
  simplex.upperMap(cap).costMap(cost).stSupply(source, sink, evacuated);
  if (simplex.run() != decltype(simplex)::OPTIMAL) return -1;
  return static_cast<double>(simplex.totalCost());
}

// Two origins of one person each a step from a junction whose one-person road takes a step on
// to the shelter; the first also has its own two-step road to it, and a third origin ten steps
// away decides the egress. The plan given sends both through the junction, the second waiting a
// step for the road (total 2 + 3 + 10). Neither can arrive sooner alone: the first is already
// as soon as it can be, and the second's road is full when it gets there. The least total is
// 14: the first takes its own road (2, as soon) and leaves the junction's road to the second
// (2). Moving one group at a time (move_earlier) keeps 15.
TEST(ShortenMean, GivesAFullRoadToWhoeverNeedsItWhereItsUserHasAnotherAsSoon) {
  const Problem p = testing::parse_problem(
      "nodes 5\narc 0 2 1 1\narc 0 3 1 2\narc 1 2 1 1\narc 2 3 1 1\narc 4 3 1 10\n"
      "source 0 1\nsource 1 1\nsource 4 1\nsink 3 10\n");
  Plan plan;
  plan.groups.push_back({.source = 0, .count = 1, .route = {{0, 0}, {3, 1}}, .shelter = 0});
  plan.groups.push_back({.source = 1, .count = 1, .route = {{2, 0}, {3, 2}}, .shelter = 0});
  plan.groups.push_back({.source = 2, .count = 1, .route = {{4, 0}}, .shelter = 0});
  finish_plan(p, plan);
  ASSERT_TRUE(validate(p, plan).valid());
  ASSERT_EQ(plan.total_evacuation_time, 15);
  ASSERT_EQ(least_total(p, 10, 3), 14);
  move_earlier(p, plan);
  ASSERT_EQ(plan.total_evacuation_time, 15);
  shorten_mean(p, plan);
  const auto report = validate(p, plan);
  EXPECT_TRUE(report.valid()) << report.violations[0];
  EXPECT_EQ(plan.egress_time, 10);
  EXPECT_EQ(plan.total_evacuation_time, 14);
}

// The exact planner's plans on random networks with roads of zero steps, late departures and
// shelters too small, junctions without a holding bound: after both passes each stays valid,
// evacuates as many, keeps its egress, never lies below the least total (the min-cost flow
// above) and reaches it where move_earlier alone does not.
TEST(ShortenMean, ReachesTheLeastTotalOfTheExactPlansWhereMovingGroupsAloneDoesNot) {
  int plans = 0, least = 0, least_before = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    Problem p = testing::random_problem(seed, 12, 40);
    std::ranges::fill(p.network.holding, kUnlimited);
    auto exact = make_optimal_planner()->plan(p);
    ASSERT_TRUE(exact) << seed << ": " << exact.error().message;
    Plan moved = *exact;
    move_earlier(p, moved);
    Plan shorter = moved;
    const MeanPassWork work = shorten_mean(p, shorter);
    EXPECT_LE(work.units, work.limit) << seed;
    const auto report = validate(p, shorter);
    ASSERT_TRUE(report.valid()) << seed << ": " << report.violations[0];
    EXPECT_EQ(shorter.evacuated, exact->evacuated) << seed;
    EXPECT_EQ(shorter.egress_time, exact->egress_time) << seed;
    EXPECT_LE(shorter.total_evacuation_time, moved.total_evacuation_time) << seed;
    const double best = least_total(p, exact->egress_time, exact->evacuated);
    ASSERT_GE(best, 0) << seed;
    EXPECT_GE(shorter.total_evacuation_time, best) << seed;
    least += shorter.total_evacuation_time == best;
    least_before += moved.total_evacuation_time == best;
    ++plans;
  }
  std::printf("least total reached on %d of %d exact plans (moving groups alone: %d)\n", least,
              plans, least_before);
  EXPECT_GT(least, least_before);
}

// qorgan on one thread plans by its schedules alone (no exact planner): where their plan is not
// the optimum its mean is now lowered at the same egress too, so on random networks without
// holding bounds it reaches the least total at its egress more often: on 284 of 300, where the
// schedules' plans, repaired only, did on 270.
TEST(ShortenMean, QorganLowersTheMeanOfItsSchedulesPlanToo) {
  int least = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    Problem p = testing::random_problem(seed, 12, 40);
    std::ranges::fill(p.network.holding, kUnlimited);
    auto plan = make_qorgan_planner(1)->plan(p);
    ASSERT_TRUE(plan) << seed << ": " << plan.error().message;
    const auto report = validate(p, *plan);
    ASSERT_TRUE(report.valid()) << seed << ": " << report.violations[0];
    const double best = least_total(p, plan->egress_time, plan->evacuated);
    ASSERT_GE(best, 0) << seed;
    EXPECT_GE(plan->total_evacuation_time, best) << seed;
    least += plan->total_evacuation_time == best;
  }
  std::printf("qorgan on one thread: the least total at its egress on %d of 300\n", least);
  EXPECT_GE(least, 280);
}

// A thousand people reach a junction together by a wide road and leave it one a step by a
// one-person road to the shelter (arrivals 2 to 1001): no one can arrive sooner, so the searches
// find nothing, and the waits at the junction (499,500 steps) make building the counts and
// cutting the flow into groups again most of the pass's work.
std::pair<Problem, Plan> thousand_leaving_one_a_step() {
  std::pair<Problem, Plan> out{
      testing::parse_problem("nodes 3\narc 0 1 1000 1\narc 1 2 1 1\nsource 0 1000\nsink 2 1000\n"),
      {}};
  auto& [p, plan] = out;
  for (Time i = 0; i < 1000; ++i)
    plan.groups.push_back({.source = 0, .count = 1, .route = {{0, 0}, {1, 1 + i}}, .shelter = 0});
  finish_plan(p, plan);
  return out;
}

// All of that work is counted, beyond the searches' own limit (400 units per step of the plan's
// groups: 800,000), and within the limit the pass allows itself.
TEST(ShortenMean, CountsItsWholeWorkWithinItsLimitWhereCuttingIntoGroupsIsMostOfIt) {
  auto [p, plan] = thousand_leaving_one_a_step();
  ASSERT_TRUE(validate(p, plan).valid());
  const double total = plan.total_evacuation_time;
  const MeanPassWork work = shorten_mean(p, plan);
  EXPECT_EQ(plan.total_evacuation_time, total);
  EXPECT_GT(work.units, 400u * 2000u);
  EXPECT_LE(work.units, work.limit);
}

// Cutting the flow into groups again walks each one's wait at the junction step by step, reading
// the road's, the wait's and the shelter's counts of 1,000 entries at every step (about 10^6
// reads). Those are read by position: only the short count of the first road (one entry) is
// searched, once per group.
TEST(ShortenMean, CutsIntoGroupsReadingLongCountsByPosition) {
  auto [p, plan] = thousand_leaving_one_a_step();
  const MeanPassWork work = shorten_mean(p, plan);
  EXPECT_EQ(plan.groups.size(), 1000u);
  EXPECT_GT(work.units, 1'000'000u);
  EXPECT_LE(work.cut_searches, 2'000u);
}

// With holding bounds (whose junctions the pass leaves as they are) the plans stay valid, with
// the same people and egress, and their mean never grows.
TEST(ShortenMean, KeepsPlansWithHoldingBoundsValidAndNeverRaisesTheirMean) {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    const Problem p = testing::random_problem(seed, 12, 40);
    auto exact = make_optimal_planner()->plan(p);
    ASSERT_TRUE(exact) << seed << ": " << exact.error().message;
    Plan shorter = *exact;
    shorten_mean(p, shorter);
    const auto report = validate(p, shorter);
    ASSERT_TRUE(report.valid()) << seed << ": " << report.violations[0];
    EXPECT_EQ(shorter.evacuated, exact->evacuated) << seed;
    EXPECT_EQ(shorter.egress_time, exact->egress_time) << seed;
    EXPECT_LE(shorter.mean_evacuation_time, exact->mean_evacuation_time) << seed;
  }
}

// Fifty people leave one junction one per step by a one-person road to the shelter, each as soon
// as the road lets them (arrivals 2 to 51); beside their junction lies a quarter of 20 x 20
// streets with room that leads nowhere else, which every search for an earlier arrival of theirs
// passes. One more person, on a road of their own, was sent at step 5 where step 0 would do
// (arrival 6, least 1). The pass reaches that arrival only after the fifty that cannot move
// (latest first) and must still have work left for it: what a search that found nothing reached
// is not passed again.
TEST(ShortenMean, MovesAnEarlyArrivalBehindManyLateOnesThatCannotMove) {
  const int side = 20, quarter = 4;  // the quarter's junctions are 4 .. 4 + 400
  std::string text = fmt::format("nodes {}\narc 1 2 1 1\narc 1 4 10 1\narc 2 0 1 1\narc 3 0 1 1\n",
                                 quarter + side * side);
  for (int v = 0; v < side * side; ++v) {
    const int x = v % side, y = v / side, at = quarter + v;
    if (v == 0) text += "arc 4 1 10 1\n";
    if (x + 1 < side) text += fmt::format("arc {} {} 10 1\n", at, at + 1);
    if (x > 0) text += fmt::format("arc {} {} 10 1\n", at, at - 1);
    if (y + 1 < side) text += fmt::format("arc {} {} 10 1\n", at, at + side);
    if (y > 0) text += fmt::format("arc {} {} 10 1\n", at, at - side);
  }
  text += "source 1 50\nsource 3 1\nsink 0 100\n";
  const Problem p = testing::parse_problem(text);
  Plan plan;
  for (Time i = 0; i < 50; ++i)
    plan.groups.push_back({.source = 0, .count = 1, .route = {{0, i}, {2, i + 1}}, .shelter = 0});
  plan.groups.push_back({.source = 1, .count = 1, .route = {{3, 5}}, .shelter = 0});
  finish_plan(p, plan);
  ASSERT_TRUE(validate(p, plan).valid());
  ASSERT_EQ(plan.egress_time, 51);
  ASSERT_EQ(plan.total_evacuation_time, 1325 + 6);
  ASSERT_EQ(least_total(p, 51, 51), 1325 + 1);
  shorten_mean(p, plan);
  const auto report = validate(p, plan);
  EXPECT_TRUE(report.valid()) << report.violations[0];
  EXPECT_EQ(plan.egress_time, 51);
  EXPECT_EQ(plan.total_evacuation_time, 1325 + 1);
}

// Ten people on a road of three 20-step legs to a full shelter A, one a step, sent every other
// step (arrivals 60, 62, ..., 78; the least 60 to 69). Their origin also opens onto 20 x 20
// streets beside a second shelter B, full from the start, which leads nowhere else. Estimated
// by the nearest shelter, full or not, every copy of those streets looks closer to an arrival
// than the next leg of the road, so each search for an earlier arrival at A passes all of them
// first (some 3,600 units of work, where the plan's 30 steps allow 3,000); estimated by the
// shelters a search may end at (A's own, or one with places), the streets lead to none and are
// left out, and every arrival moves.
TEST(ShortenMean, SearchesTowardsShelterCopiesItMayTakeNotPastFullOnes) {
  const int side = 20, grid = 5;  // the streets' junctions are 5 .. 5 + 400
  std::string text = fmt::format(
      "nodes {}\narc 2 3 1 20\narc 2 5 10 1\narc 3 4 1 20\narc 4 0 1 20\n", grid + side * side);
  for (int v = 0; v < side * side; ++v) {
    const int x = v % side, y = v / side, at = grid + v;
    if (v == 0) text += "arc 5 1 10 1\n";
    if (x + 1 < side) text += fmt::format("arc {} {} 10 1\n", at, at + 1);
    if (x > 0) text += fmt::format("arc {} {} 10 1\n", at, at - 1);
    if (y + 1 < side) text += fmt::format("arc {} {} 10 1\n", at, at + side);
    if (y > 0) text += fmt::format("arc {} {} 10 1\n", at, at - side);
  }
  text += "source 2 10\nsource 1 1\nsink 0 10\nsink 1 1\n";
  const Problem p = testing::parse_problem(text);
  Plan plan;
  for (Time i = 0; i < 10; ++i)
    plan.groups.push_back({.source = 0,
                           .count = 1,
                           .route = {{0, 2 * i}, {2, 2 * i + 20}, {3, 2 * i + 40}},
                           .shelter = 0});
  plan.groups.push_back({.source = 1, .count = 1, .route = {}, .shelter = 1});
  finish_plan(p, plan);
  ASSERT_TRUE(validate(p, plan).valid());
  ASSERT_EQ(plan.egress_time, 78);
  ASSERT_EQ(plan.total_evacuation_time, 690);
  ASSERT_EQ(least_total(p, 78, 11), 645);
  shorten_mean(p, plan);
  const auto report = validate(p, plan);
  EXPECT_TRUE(report.valid()) << report.violations[0];
  EXPECT_EQ(plan.evacuated, 11);
  EXPECT_EQ(plan.total_evacuation_time, 645);
}

// 10,000 people in a 40 x 40 grid city with 8 shelters: the exact planner finds the optimum (25
// steps) in some 1.1e7 units of its work, and the pass of cycles within its own limit (0.4 units
// per person and junction; 6.7e6 units in all) stops short at a total of 116,951 steps. On
// qorgan's exact thread the two share one budget (0.85 per person and junction, 1.36e7 of the
// pass's units, an exact unit a quarter of one): given what the search spent, the pass takes
// more than its own limit, ends by itself at a lower total, and the thread's work stays within
// the budget. Where the search spent all of it, the pass keeps its own limit and plan.
TEST(ShortenMean, TakesWhatTheExactSearchLeftOfItsThreadsBudget) {
  const Problem p = grid_city(40, 10'000, 8, 1);
  RunControl control;
  std::uint64_t searched = 0;
  auto exact = plan_optimal_from(
      p, [] { return std::optional<Plan>(); }, control, 0, nullptr, &searched);
  ASSERT_TRUE(exact) << exact.error().message;
  ASSERT_TRUE(exact->optimum);
  move_earlier(p, *exact);
  Plan alone = *exact, shared = *exact, spent = *exact;
  const MeanPassWork own = shorten_mean(p, alone);
  const MeanPassWork thread = shorten_mean(p, shared, nullptr, nullptr, searched);
  const MeanPassWork none_left = shorten_mean(p, spent, nullptr, nullptr, 1'000'000'000'000);
  for (const Plan* plan : {&alone, &shared, &spent}) {
    const auto report = validate(p, *plan);
    ASSERT_TRUE(report.valid()) << report.violations[0];
    EXPECT_EQ(plan->egress_time, exact->egress_time);
    EXPECT_EQ(plan->evacuated, exact->evacuated);
  }
  EXPECT_GT(thread.units, own.limit);
  EXPECT_LT(shared.total_evacuation_time, alone.total_evacuation_time);
  EXPECT_LE(thread.exact + thread.units, thread.thread);
  EXPECT_EQ(spent.total_evacuation_time, alone.total_evacuation_time);
  EXPECT_EQ(none_left.units, own.units);
}

}  // namespace
}  // namespace qorgan::evac
