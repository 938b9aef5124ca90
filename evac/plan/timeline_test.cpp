// Timeline (the qorgan planner's bookings) against a plain per-step count, with bookings
// scattered over several 64-step words and windows growing in both directions.

#include "evac/plan/timeline.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

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

}  // namespace
}  // namespace qorgan::evac
