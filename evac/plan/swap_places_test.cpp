// Places given to those at home who arrive sooner (swap_places.hpp), where the shelters lack
// places for everyone: as many evacuated, no arrival later, every plan valid.

#include "evac/plan/swap_places.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

People at_home(const Plan& plan, std::uint32_t source) {
  People n = 0;
  for (const Unroutable& u : plan.unroutable)
    if (u.source == source) n += u.count;
  return n;
}

// A shelter of 10 places, 10 people a step from it and 10 people ten steps from it, on roads of
// 10 a step. The plan given evacuates the far ones; the near ones take their places, and the
// far ones are the ones left at home.
TEST(SwapPlaces, GivesThePlacesToThoseAtHomeWhoArriveSooner) {
  const Problem p = testing::parse_problem(
      "nodes 3\narc 1 0 10 1\narc 2 0 10 10\nsource 1 10\nsource 2 10\nsink 0 10\n");
  Plan plan;
  plan.groups.push_back({.source = 1, .count = 10, .route = {{.arc = 1, .enter = 0}}});
  plan.unroutable.push_back({.source = 0, .count = 10, .reason = "shelters full"});
  finish_plan(p, plan);
  ASSERT_TRUE(validate(p, plan).valid());
  ASSERT_EQ(plan.egress_time, 10);
  swap_places(p, plan);
  const auto report = validate(p, plan);
  ASSERT_TRUE(report.valid()) << report.violations[0];
  EXPECT_EQ(plan.evacuated, 10);
  EXPECT_EQ(plan.egress_time, 1);
  EXPECT_EQ(plan.mean_evacuation_time, 1);
  EXPECT_EQ(at_home(plan, 0), 0);
  EXPECT_EQ(at_home(plan, 1), 10);
}

// Four people near and a group of ten far: the four take four of the ten places, six of the
// far group keep theirs.
TEST(SwapPlaces, MovesOnlyAsManyAsAreAtHome) {
  const Problem p = testing::parse_problem(
      "nodes 3\narc 1 0 10 1\narc 2 0 10 10\nsource 1 4\nsource 2 10\nsink 0 10\n");
  Plan plan;
  plan.groups.push_back({.source = 1, .count = 10, .route = {{.arc = 1, .enter = 0}}});
  plan.unroutable.push_back({.source = 0, .count = 4, .reason = "shelters full"});
  finish_plan(p, plan);
  swap_places(p, plan);
  const auto report = validate(p, plan);
  ASSERT_TRUE(report.valid()) << report.violations[0];
  EXPECT_EQ(plan.evacuated, 10);
  EXPECT_EQ(plan.egress_time, 10);
  EXPECT_EQ(plan.total_evacuation_time, 4 * 1 + 6 * 10);
  EXPECT_EQ(at_home(plan, 0), 0);
  EXPECT_EQ(at_home(plan, 1), 4);
}

// The exact planner's plans of random networks whose shelters take at most half of the people
// (bounded holding, roads of zero steps, late departures): after the pass they stay valid,
// evacuate as many, never end later nor spend more time in all, and some spend less.
TEST(SwapPlaces, KeepsTheExactPlansValidAndNeverLaterWhereShelterIsShort) {
  int plans = 0, shorter = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    Problem p = testing::random_problem(seed, 12, 40);
    const People half = p.population() / 2;
    People room = 0;
    for (auto& h : p.shelters) room += h.capacity;
    if (room <= half) continue;
    for (auto& h : p.shelters) h.capacity = std::max<People>(1, h.capacity * half / room);
    const auto exact = make_optimal_planner()->plan(p);
    ASSERT_TRUE(exact) << seed << ": " << exact.error().message;
    Plan swapped = *exact;
    swap_places(p, swapped);
    const auto report = validate(p, swapped);
    ASSERT_TRUE(report.valid()) << seed << ": " << report.violations[0];
    EXPECT_EQ(swapped.evacuated, exact->evacuated) << seed;
    EXPECT_LE(swapped.egress_time, exact->egress_time) << seed;
    EXPECT_LE(swapped.total_evacuation_time, exact->total_evacuation_time) << seed;
    shorter += swapped.total_evacuation_time < exact->total_evacuation_time;
    ++plans;
  }
  std::printf("exact plans with places short that the pass shortened: %d of %d\n", shorter, plans);
  EXPECT_GT(shorter, 0);
}

}  // namespace
}  // namespace qorgan::evac
