#include "guard/lower_bound.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "guard/checker.hpp"
#include "guard/generator.hpp"
#include "guard/solver.hpp"
#include "guard/test_support.hpp"

namespace qorgan::guard {
namespace {
using test::day;

const Day kMonday = day(2026, 12, 7);

// One post on one 8-hour day shift for a week; the near guard may take six (48 hours), so the
// seventh is the far one's: the relaxation's optimum is the roster's.
TEST(GuardKmBound, TheWeeklyLimitSendsTheFartherPerson) {
  Instance in;
  in.posts.push_back(test::post("gate", {{8 * 60, 480}}));
  in.people.push_back(test::person("near", {}, {43.25, 76.94}));
  in.people.push_back(test::person("far", {}, {43.27, 76.94}));
  const double near = haversine_km(in.people[0].home, in.posts[0].location);
  const double far = haversine_km(in.people[1].home, in.posts[0].location);
  RosterSummary s;
  auto roster = solve(in, kMonday, 7, {}, &s);
  ASSERT_TRUE(roster) << roster.error().message;
  ASSERT_EQ(s.filled, 7);
  auto bound = km_lower_bound(in, kMonday, 7, {s.filled_min, s.filled});
  ASSERT_TRUE(bound);
  EXPECT_NEAR(*bound, 6 * near + far, 0.002);
  EXPECT_NEAR(s.km, *bound, 0.002) << "the fast roster is optimal here";
  // With only the nearest person's own arc, the farther one is still priced at their distance.
  EXPECT_NEAR(*km_lower_bound(in, kMonday, 7, {7, 7, 1}), 6 * near + far, 0.002);
  // With none, everyone is priced at the nearest distance: lower, still a bound.
  EXPECT_NEAR(*km_lower_bound(in, kMonday, 7, {7, 7, 0}), 7 * near, 0.002);
  // More slots than anyone could fill: no bound.
  in.people.pop_back();
  EXPECT_FALSE(km_lower_bound(in, kMonday, 7, {7, 7}));
}

// On random small instances CBC proves optimal, the bound for the optimum's fill is never above
// the optimum's kilometres, whatever the number of people with arcs of their own, and the fast
// roster is never below its own fill's bound.
TEST(GuardKmBound, NeverAboveTheOptimum) {
  int compared = 0;
  double sum_ratio = 0;
  for (std::uint64_t seed = 1; seed <= 16; ++seed) {
    GeneratorParams g;
    g.seed = 100 + seed;
    g.people = 5 + int(seed % 6);
    g.posts = 2;
    g.days = 2 + int(seed % 2);
    g.from = kMonday;
    g.radius_km = 8;
    auto in = generate(g);
    in.rules.max_per_7_days = Timestamp(24 + 8 * (seed % 3)) * kHour;
    RosterSummary fast, exact;
    SolveOptions eo;
    eo.method = Method::exact;
    eo.time_limit_seconds = 10;
    ASSERT_TRUE(solve(in, kMonday, g.days, {}, &fast));
    ASSERT_TRUE(solve(in, kMonday, g.days, eo, &exact));
    if (!exact.optimal || exact.filled == 0) continue;
    for (int nearest : {0, 1, 2, 256}) {
      auto b = km_lower_bound(in, kMonday, g.days, {exact.filled_min, exact.filled, nearest});
      ASSERT_TRUE(b) << "seed " << seed << ": the optimum's own fill is feasible";
      EXPECT_LE(*b, exact.km + 1e-6) << "seed " << seed << ", " << nearest << " own arcs";
      if (nearest == 256) sum_ratio += *b / exact.km;
    }
    auto fb = km_lower_bound(in, kMonday, g.days, {fast.filled_min, fast.filled});
    ASSERT_TRUE(fb) << "seed " << seed;
    EXPECT_LE(*fb, fast.km + 1e-6) << "seed " << seed;
    ++compared;
  }
  ASSERT_GE(compared, 10);
  // The relaxation keeps each person's limit, so it is not a trivial bound.
  EXPECT_GT(sum_ratio / compared, 0.5);
  std::printf("km bound / optimum over %d instances: mean %.3f\n", compared, sum_ratio / compared);
}

}  // namespace
}  // namespace qorgan::guard
