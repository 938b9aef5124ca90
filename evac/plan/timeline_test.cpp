// Timeline (the qorgan planner's bookings) against a plain per-step count, with bookings
// scattered over several 64-step words and windows growing in both directions; an updated
// timing (retime_after) against one made from scratch; and the qorgan planner's large-network
// schedule on a grid city.

#include "evac/plan/timeline.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "evac/graph/grid_city.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

TEST(Timeline, FreeStepsMatchAPlainCount) {
  // One arc 0 -> 1 taking 3 people per step.
  const Problem p =
      testing::parse_problem("nodes 2\narc 0 1 3 1\nsource 0 100000\nsink 1 1000000\n");
  Timeline t(p);
  std::map<Time, People> used;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> step(0, 700), people(1, 3);
  for (int i = 0; i < 1500; ++i) {
    const Time at = step(rng);
    const People room = 3 - used[at];
    if (room <= 0) continue;
    const People n = std::min<People>(room, people(rng));
    const std::vector<Step> route{{0, at}};
    ASSERT_EQ(t.route_room(0, route), room) << at;
    t.book(0, route, n);
    used[at] += n;
  }
  for (Time at = 0; at < 800; ++at) {
    const People expect_free = 3 - (used.count(at) ? used[at] : 0);
    ASSERT_EQ(t.arc_free(0, at), expect_free) << at;
    Time next = at;
    while (used.count(next) && used[next] >= 3) ++next;
    ASSERT_EQ(t.next_free(0, at), next) << at;
  }
}

// People taken off again (a repair moving them) leave room that arc_free, next_free and the
// holding count see at once, also inside a run of full steps from the start of a window.
TEST(Timeline, FreeStepsMatchAPlainCountWhenPeopleAreTakenOff) {
  // 0 -> 1 -> 2, three people per step on each arc; junction 1 holds at most 5.
  const Problem p = testing::parse_problem(
      "node 0\nnode 1 holding=5\nnode 2\narc 0 1 3 1\narc 1 2 3 1\nsource 0 100000\n"
      "sink 2 1000000\n");
  Timeline t(p);
  std::map<Time, People> used, held;  // on arc 0 per step; waiting at junction 1 per step
  std::vector<std::pair<std::vector<Step>, People>> booked;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> step(0, 300), wait(0, 2), people(1, 3), coin(0, 2);
  for (int i = 0; i < 4000; ++i) {
    if (!booked.empty() && coin(rng) == 0) {
      const std::size_t k = std::uniform_int_distribution<std::size_t>(0, booked.size() - 1)(rng);
      const auto [route, n] = booked[k];
      t.unbook(0, route, n);
      used[route[0].enter] -= n;
      for (Time w = route[0].enter + 1; w < route[1].enter; ++w) held[w] -= n;
      booked.erase(booked.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      const Time at = step(rng);
      const std::vector<Step> route{{0, at}, {1, at + 1 + wait(rng)}};
      const People room = t.route_room(0, route);
      if (room <= 0) continue;
      const People n = std::min<People>(room, people(rng));
      t.book(0, route, n);
      used[at] += n;
      for (Time w = at + 1; w < route[1].enter; ++w) held[w] += n;
      booked.emplace_back(route, n);
    }
    if (i % 100 != 99) continue;
    for (Time at = 0; at < 320; ++at) {
      ASSERT_EQ(t.arc_free(0, at), 3 - used[at]) << i << " " << at;
      Time next = at;
      while (used[next] >= 3) ++next;
      ASSERT_EQ(t.next_free(0, at), next) << i << " " << at;
      ASSERT_EQ(t.hold_free(1, at), 5 - held[at]) << i << " " << at;
    }
  }
  // Every step of the first 128 full, then the middle one emptied: it is the first free.
  const Problem q = testing::parse_problem("nodes 2\narc 0 1 1 1\nsource 0 1000\nsink 1 1000\n");
  Timeline full(q);
  for (Time at = 0; at < 128; ++at) full.book(0, std::vector<Step>{{0, at}}, 1);
  EXPECT_EQ(full.next_free(0, 0), 128);
  full.unbook(0, std::vector<Step>{{0, 64}}, 1);
  EXPECT_EQ(full.next_free(0, 0), 64);
  EXPECT_EQ(full.shelter_free(0), 1000 - 127);
}

// A group moved to an earlier route takes as much of it as has room; the rest stay booked on
// their route, and with no room on the new one all of them do.
TEST(Timeline, MoveSomeBooksTheMovedAndTheRestWhereTheyEndUp) {
  // One arc 0 -> 1 taking 4 people per step.
  const Problem p =
      testing::parse_problem("nodes 2\narc 0 1 4 1\nsource 0 100000\nsink 1 1000000\n");
  Timeline t(p);
  const std::vector<Step> late{{0, 10}}, early{{0, 2}};
  t.book(0, early, 3);  // others: one place left at step 2
  EXPECT_EQ(t.move_some(0, late, 4, 0, early), 1);
  EXPECT_EQ(t.arc_free(0, 2), 0);
  EXPECT_EQ(t.arc_free(0, 10), 1) << "the other three keep step 10";
  t.unbook(0, late, 3);
  EXPECT_EQ(t.move_some(0, late, 3, 0, early), 0);
  EXPECT_EQ(t.arc_free(0, 10), 1) << "no room at step 2: all three booked back";
}

TEST(Timeline, RetimeWaitsAtUnboundedJunctionsButNotAtFullBoundedOnes) {
  // 0 -> 1 -> 2, one person per step on each arc; junction 1 holds nobody in the second case.
  for (const std::string holding : {"", " holding=0"}) {
    const Problem p = testing::parse_problem("node 0\nnode 1" + holding +
                                             "\nnode 2\narc 0 1 1 1\narc 1 2 1 1\nsource 0 5\n"
                                             "sink 2 5\n");
    Timeline t(p);
    t.book(0, std::vector<Step>{{1, 1}}, 1);  // someone already enters 1 -> 2 at step 1
    std::vector<Step> steps;
    const Time arrival = t.retime(std::vector<ArcIndex>{0, 1}, 0, steps);
    if (holding.empty()) {
      // Leaves at 0, reaches 1 at step 1, waits one step there, arrives at 3.
      EXPECT_EQ(arrival, 3);
      ASSERT_EQ(steps.size(), 2u);
      EXPECT_EQ(steps[1].enter, 2);
    } else {
      EXPECT_EQ(arrival, -1);  // would have to wait where nobody may wait
    }
  }
}

TEST(Timeline, RetimeAfterMoreBookingsEqualsATimingFromScratch) {
  // A chain 0 -> 1 -> ... -> 8 of arcs taking 3 people per step; others book random steps in
  // between, and the kept timing, updated, must equal a fresh one, for need 1 and for groups.
  std::string text = "nodes 9\n";
  for (int i = 0; i < 8; ++i)
    text += "arc " + std::to_string(i) + " " + std::to_string(i + 1) + " 3 " +
            std::to_string(1 + i % 3) + "\n";
  text += "source 0 1000\nsink 8 100000\n";
  const Problem p = testing::parse_problem(text);
  std::vector<ArcIndex> path;
  Time travel = 0;
  for (ArcIndex a = 0; a < 8; ++a) path.push_back(a), travel += p.network.travel_time[a];
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> arc(0, 7), step(0, 120), people(1, 3), need_of(1, 4);
  for (int round = 0; round < 40; ++round) {
    Timeline t(p);
    const People need = need_of(rng);
    const Time start = step(rng) / 4;
    std::vector<Step> before, after, fresh;
    Time at_least = 0;
    ASSERT_GE(t.retime(path, start, before, Timeline::kNoCutoff, travel, need, at_least), 0);
    for (int k = 0; k < 200; ++k) {
      const std::vector<Step> one{{static_cast<ArcIndex>(arc(rng)), step(rng)}};
      const People room = t.route_room(0, one);
      if (room > 0) t.book(0, one, std::min<People>(room, people(rng)));
      if (k % 20 != 19) continue;
      const Time a1 =
          t.retime_after(path, before, start, after, Timeline::kNoCutoff, travel, need, at_least);
      const Time a2 = t.retime(path, start, fresh, Timeline::kNoCutoff, travel, need, at_least);
      ASSERT_EQ(a1, a2) << round << " " << k;
      ASSERT_EQ(after, fresh) << round << " " << k;
      for (const Step& s : fresh) ASSERT_GE(t.arc_free(s.arc, s.enter), std::min<People>(need, 3));
      // Cut short only when it cannot make the cutoff, with a true lower bound.
      std::vector<Step> cut;
      ASSERT_EQ(t.retime(path, start, cut, a2, travel, need, at_least), a2);
      ASSERT_EQ(t.retime(path, start, cut, a2 - 1, travel, need, at_least), Timeline::kPastCutoff);
      ASSERT_LE(at_least, a2);
      ASSERT_GT(at_least, a2 - 1);
      before = fresh;
    }
  }
}

TEST(Timeline, CountsAboveSixteenBits) {
  const Problem p =
      testing::parse_problem("nodes 2\narc 0 1 100000 1\nsource 0 100000\nsink 1 1000000\n");
  Timeline t(p);
  const std::vector<Step> route{{0, 5}};
  t.book(0, route, 70'000);
  EXPECT_EQ(t.arc_free(0, 5), 30'000);
  EXPECT_EQ(t.next_free(0, 5), 5);
  t.book(0, route, 30'000);
  EXPECT_EQ(t.arc_free(0, 5), 0);
  EXPECT_EQ(t.next_free(0, 0), 0);
  EXPECT_EQ(t.next_free(0, 5), 6);
}

TEST(QorganOnLargeNetworks, GridCityPlanIsValidAndBeatsShortestPaths) {
  // 200 x 200 junctions: 159,200 arcs, above the flow's limit, so the large-network schedule
  // (booking within a slack, groups of at least 10 where they fit) makes the plan.
  const Problem p = grid_city(200, 20'000, 16, 5);
  ASSERT_GT(p.network.arc_count(), 150'000u);
  auto plans = testing::checked_plans(p, {"qorgan", "shortest"});
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_LT(plans["qorgan"].egress_time, plans["shortest"].egress_time);
  std::printf("grid 200: qorgan egress %d in %zu groups, shortest %d\n",
              plans["qorgan"].egress_time, plans["qorgan"].groups.size(),
              plans["shortest"].egress_time);
}

TEST(QorganOnLargeNetworks, FewPeopleInALargeCityGetTheNearShelters) {
  // 316 x 316 junctions and only 10,000 people: who gets the near shelters decides the egress,
  // and the greedy rule alone gave them to whoever arrived first (egress 442 steps against
  // shortest's 315).
  const Problem p = grid_city(316, 10'000, 16, 3);
  ASSERT_GT(p.network.arc_count(), 150'000u);
  auto plans = testing::checked_plans(p, {"qorgan", "shortest"});
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_LE(plans["qorgan"].egress_time, plans["shortest"].egress_time);
  std::printf("grid 316, 10,000 people: qorgan egress %d, shortest %d\n",
              plans["qorgan"].egress_time, plans["shortest"].egress_time);
}

TEST(QorganOnLargeNetworks, ShelterShortfallIsReportedWhenSheltersAreGivenOut) {
  // Shelters for half the people: the nearest-first allocation runs out, and whoever is left
  // must be reported, none dropped and none squeezed into a full shelter.
  Problem p = grid_city(200, 10'000, 8, 9);
  ASSERT_GT(p.network.arc_count(), 150'000u);
  for (auto& h : p.shelters) h.capacity = 5'000 / static_cast<People>(p.shelters.size());
  People room = 0;
  for (const auto& h : p.shelters) room += h.capacity;
  auto plan = (*make_planner("qorgan"))->plan(p);
  ASSERT_TRUE(plan);
  const auto report = validate(p, *plan);
  ASSERT_TRUE(report.valid()) << report.violations[0];
  EXPECT_EQ(plan->evacuated, room);
  People reported = 0;
  for (const auto& u : plan->unroutable) {
    EXPECT_EQ(u.reason, kSheltersFull);
    reported += u.count;
  }
  EXPECT_EQ(reported, p.population() - room);
}

}  // namespace
}  // namespace qorgan::evac
