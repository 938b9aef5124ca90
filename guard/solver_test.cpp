#include "guard/solver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "guard/checker.hpp"
#include "guard/generator.hpp"
#include "guard/test_support.hpp"

namespace qorgan::guard {
namespace {
using test::day;

const Day kMonday = day(2026, 12, 7);

Roster solved(const Instance& in, int days, Method m, RosterSummary* s = nullptr) {
  SolveOptions opt;
  opt.method = m;
  auto r = solve(in, kMonday, days, opt, s);
  EXPECT_TRUE(r) << r.error().message;
  auto report = check(in, kMonday, days, *r);
  EXPECT_TRUE(report.ok()) << report.violations.front();
  return *r;
}

std::vector<Reason> reasons(const Roster& r) {
  std::vector<Reason> out;
  for (const auto& u : r.unfilled) out.push_back(u.reason);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

class GuardSolver : public ::testing::TestWithParam<Method> {};

TEST_P(GuardSolver, NobodyWithTheSkill) {
  Instance in;
  in.people.push_back(test::person("Aibek", {"armed_guard"}));
  in.posts.push_back(test::post("Dam", {{360, 480}}, 1, 1, {"diver"}));
  auto r = solved(in, 2, GetParam());
  ASSERT_EQ(r.unfilled.size(), 2u);
  EXPECT_EQ(reasons(r), std::vector{Reason::no_skill});
  EXPECT_EQ(r.unfilled[0].missing_min, 1);
}

TEST_P(GuardSolver, SkillExpiresMidRun) {
  Instance in;
  auto p = test::person("Aibek");
  p.skills.push_back({"armed_guard", day(2026, 1, 1), kMonday});
  in.people.push_back(p);
  in.posts.push_back(test::post("Gate", {{540, 540}}, 1, 1, {"armed_guard"}));
  auto r = solved(in, 2, GetParam());
  EXPECT_EQ(r.guards[0].size(), 1u);
  ASSERT_EQ(r.unfilled.size(), 1u);
  EXPECT_EQ(r.unfilled[0].shift, 1u);
  EXPECT_EQ(r.unfilled[0].reason, Reason::no_skill);
}

TEST_P(GuardSolver, NobodyAvailable) {
  Instance in;
  auto p = test::person("Aibek");
  p.absences.push_back({*core::parse_rfc3339("2026-12-07T00:00:00+05:00"),
                        *core::parse_rfc3339("2026-12-09T00:00:00+05:00")});
  in.people.push_back(p);
  in.posts.push_back(test::post("Gate", {{540, 540}}));
  auto r = solved(in, 3, GetParam());
  ASSERT_EQ(r.unfilled.size(), 2u);
  EXPECT_EQ(reasons(r), std::vector{Reason::nobody_available});
  EXPECT_EQ(r.guards[2].size(), 1u);
}

TEST_P(GuardSolver, EveryoneAtTheRestLimit) {
  Instance in;
  in.people.push_back(test::person("Aibek"));
  in.posts.push_back(test::post("Gate", {{360, 480}, {840, 480}, {1320, 480}}));
  auto r = solved(in, 1, GetParam());
  // 06-14, 14-22, 22-06: any two are under 11 h apart, so one shift of three.
  EXPECT_EQ(r.unfilled.size(), 2u);
  EXPECT_EQ(reasons(r), std::vector{Reason::rest_limit});
}

TEST_P(GuardSolver, EveryoneAtTheWeeklyLimit) {
  Instance in;
  in.people.push_back(test::person("Aibek"));
  in.posts.push_back(test::post("Gate", {{540, 540}}));  // 9 h a day
  auto r = solved(in, 7, GetParam());
  EXPECT_EQ(r.unfilled.size(), 2u);  // 5 x 9 = 45 h <= 48 h; a sixth would be 54 h
  EXPECT_EQ(reasons(r), std::vector{Reason::weekly_hours_limit});
}

TEST_P(GuardSolver, AllAssignedElsewhere) {
  Instance in;
  in.people.push_back(test::person("Aibek"));
  in.people.push_back(test::person("Dana"));
  in.posts.push_back(test::post("A", {{540, 540}}, 1, 2));
  in.posts.push_back(test::post("B", {{540, 540}}, 1, 1));
  RosterSummary s;
  auto r = solved(in, 1, GetParam(), &s);
  // Both minimums come before A's second guard.
  EXPECT_EQ(s.filled_min, 2);
  ASSERT_EQ(r.unfilled.size(), 1u);
  EXPECT_EQ(r.unfilled[0].reason, Reason::all_assigned);
  EXPECT_EQ(r.unfilled[0].missing_min, 0);
}

TEST_P(GuardSolver, NearestGuardTravels) {
  Instance in;
  in.people.push_back(test::person("Far", {}, {43.35, 76.95}));
  in.people.push_back(test::person("Near", {}, {43.245, 76.945}));
  in.posts.push_back(test::post("Gate", {{540, 540}}));
  auto r = solved(in, 1, GetParam());
  ASSERT_EQ(r.guards[0].size(), 1u);
  EXPECT_EQ(in.people[r.guards[0][0]].id, "Near");
}

INSTANTIATE_TEST_SUITE_P(Both, GuardSolver, ::testing::Values(Method::fast, Method::exact),
                         [](const auto& info) {
                           return info.param == Method::fast ? "fast" : "exact";
                         });

TEST(GuardSolverFast, Deterministic) {
  GeneratorParams g;
  g.people = 200, g.posts = 30, g.from = kMonday, g.seed = 7;
  auto in = generate(g);
  auto a = solve(in, kMonday, 7), b = solve(in, kMonday, 7);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->guards, b->guards);
}

// The fast roster of `in` over `days` from kMonday keeps every rule and equals CBC's proven
// optimum in fill and km. Where CBC cannot prove it within `seconds`, the test fails when
// `must_prove`, else it is skipped (a loaded machine).
void expect_fast_roster_optimal(const Instance& in, int days, int seconds, bool must_prove) {
  SolveOptions eo;
  eo.method = Method::exact;
  eo.time_limit_seconds = seconds;
  RosterSummary fast, exact;
  auto f = solve(in, kMonday, days, {}, &fast);
  auto e = solve(in, kMonday, days, eo, &exact);
  ASSERT_TRUE(f && e);
  if (must_prove)
    ASSERT_TRUE(exact.optimal);
  else if (!exact.optimal)
    GTEST_SKIP() << "CBC did not prove its optimum in time";
  auto report = check(in, kMonday, days, *f);
  EXPECT_TRUE(report.ok()) << report.violations.front();
  EXPECT_EQ(fast.filled_min, exact.filled_min);
  EXPECT_EQ(fast.filled, exact.filled);
  EXPECT_NEAR(fast.km, exact.km, 1e-6);
}

// Twelve people, three posts, one day (generated, seed 2): the flows in time order and the
// passes after them made a roster 2.8 % longer than CBC's optimum (108.4 against 105.4 km). The
// optimum moves six people at once: the guard living 1.9 km from the day post goes to another
// post's morning shift, whose guard goes to its night shift, whose guard goes to a third post's
// morning, whose guard goes to its night shift (its guard, 16.4 km away, stays home), and someone
// farther takes the day post. No re-assignment of two or three people shortens the roster (the
// exact one of every pair and triple is tried); the flow of the whole day's shifts at once does.
TEST(GuardSolverFast, ReassignsADaysGuardsTogether) {
  GeneratorParams g;
  g.people = 12, g.posts = 3, g.days = 1, g.seed = 2, g.from = kMonday;
  expect_fast_roster_optimal(generate(g), 1, 10, true);
}

// Thirty people, four posts, three days (generated, seed 1; `guard_bench --medium`'s first): the
// travel pass offers each guard's place to nearer people, guard by guard. A trial undone put the
// guard it had dropped last in the shift's list, so after a failed trial on the first of two
// guards the pass tried that guard again and never the second, and the roster stayed at 650.4 km
// against the optimum's 644.5.
TEST(GuardSolverFast, TravelPassOffersEveryGuardsPlace) {
  GeneratorParams g;
  g.people = 30, g.posts = 4, g.days = 3, g.seed = 1, g.from = kMonday;
  expect_fast_roster_optimal(generate(g), 3, 30, false);
}

// Eighty people, twenty posts, a week (generated, seed 8): people are scarce, and the last fill
// pass makes people's schedules again, refilling the shifts they leave by hand-overs (someone
// blocked gives up the shifts in the way of one). Those hand-overs are judged on copies of the
// schedules before they are made; were every one judged to fail, the roster would fill 414 min
// slots instead of 421. The pass ends at its budget of rule checks here, so a change in the
// order of its trials may move the fill by a slot or two either way.
TEST(GuardSolverFast, ReschedulesRefillByHandOvers) {
  GeneratorParams g;
  g.people = 80, g.posts = 20, g.days = 7, g.seed = 8, g.from = kMonday;
  RosterSummary s;
  solved(generate(g), 7, Method::fast, &s);
  EXPECT_GE(s.filled_min, 419);
}

Instance random_instance(std::uint64_t seed, int people, int posts, int days) {
  return property_instance(seed, people, posts, days, kMonday);
}

// Random instances: every fast roster keeps every hard rule.
TEST(GuardSolverProperty, FastRostersKeepEveryRule) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    int days = 2 + int(seed % 6);
    auto in = random_instance(seed, 5 + int(seed % 40), 2 + int(seed % 8), days);
    auto f = solve(in, kMonday, days);
    ASSERT_TRUE(f) << f.error().message;
    auto report = check(in, kMonday, days, *f);
    ASSERT_TRUE(report.ok()) << "seed " << seed << ": " << report.violations.front();
  }
}

// Small random instances against CBC's optimum (the larger family of guard_bench --small): where
// CBC proves its optimum, the fast roster fills as many slots (min slots first, then all) and,
// with that fill, travels at most 2 % more, the issue's target (README "Fast against the
// optimum"; the build before filled one slot fewer on seeds 5 and 35 and travelled up to 21 %
// more). CBC has 1 s per stage here: which instances it proves depends on the machine's load,
// so a floor on how many it proves keeps the comparison from emptying.
TEST(GuardSolverProperty, FastAgainstExactOnSmallInstances) {
  double worst_gap = 0;
  int proven = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    int days = 2 + int(seed % 3);
    auto in = random_instance(seed, 5 + int(seed % 7), 2 + int(seed % 2), days);
    RosterSummary fast, exact;
    SolveOptions eo;
    eo.method = Method::exact;
    eo.time_limit_seconds = 1;
    auto f = solve(in, kMonday, days, {}, &fast);
    auto e = solve(in, kMonday, days, eo, &exact);
    ASSERT_TRUE(f && e);
    auto fr = check(in, kMonday, days, *f), er = check(in, kMonday, days, *e);
    ASSERT_TRUE(fr.ok()) << "seed " << seed << ": " << fr.violations.front();
    ASSERT_TRUE(er.ok()) << "seed " << seed << ": " << er.violations.front();
    if (!exact.optimal) continue;  // CBC hit the time limit: no yardstick for this one
    ++proven;
    EXPECT_EQ(fast.filled_min, exact.filled_min) << "seed " << seed;
    EXPECT_EQ(fast.filled, exact.filled) << "seed " << seed;
    if (fast.filled == exact.filled && fast.filled_min == exact.filled_min) {
      EXPECT_GE(fast.km, exact.km - 1e-6) << "seed " << seed;  // the optimum is a lower bound
      EXPECT_LE(fast.km, 1.02 * exact.km + 1e-6) << "seed " << seed;
      if (exact.km > 0) worst_gap = std::max(worst_gap, (fast.km - exact.km) / exact.km);
    }
  }
  std::printf("guard vs CBC: %d proven optimal of 40; worst travel gap %.2f %%\n", proven,
              100 * worst_gap);
  EXPECT_GE(proven, 25);
}

// The property: on random instances small enough for CBC to prove its optimum at once,
// the fast solver fills as many slots as the optimum (min slots first, then all slots), and with
// that fill travels at most 2 % more than the optimum, the target (the build before was
// 3.9 % and 3.6 % above it on seeds 15 and 33, README "Fast against the optimum"). People are
// scarce here (3 to 6 for 1 or 2 posts, rest 8-12 h, 24-48 h a week), so the weekly hours and the
// rest rule decide which slots can be filled together, as in the rosters the time-ordered flow
// alone left short, and which slots the nearest people can take, as in those it left 39 % longer.
TEST(GuardSolverProperty, FastFillsAsManyAsTheOptimum) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const int days = 2 + int(seed % 2);
    auto in = random_instance(seed, 3 + int(seed % 4), 1 + int(seed % 2), days);
    RosterSummary fast, exact;
    SolveOptions eo;
    eo.method = Method::exact;
    eo.time_limit_seconds = 10;
    auto f = solve(in, kMonday, days, {}, &fast);
    auto e = solve(in, kMonday, days, eo, &exact);
    ASSERT_TRUE(f && e);
    auto report = check(in, kMonday, days, *f);
    ASSERT_TRUE(report.ok()) << "seed " << seed << ": " << report.violations.front();
    ASSERT_TRUE(exact.optimal) << "seed " << seed << ": CBC proved no optimum";
    EXPECT_GE(fast.filled_min, exact.filled_min) << "seed " << seed;
    EXPECT_GE(fast.filled, exact.filled) << "seed " << seed;
    if (fast.filled_min == exact.filled_min && fast.filled == exact.filled) {
      EXPECT_LE(fast.km, 1.02 * exact.km + 1e-6) << "seed " << seed;
    }
  }
}

// A cancel stops either solver in the middle of a long solve: it returns cancelled, not a roster.
// The instance is one CBC does not finish within its hour (300 people x 40 posts: its time limits
// were reached at 120 s per stage), so a solver that ignored the flag would return a roster.
TEST_P(GuardSolver, StopsWhenCancelled) {
  const bool exact = GetParam() == Method::exact;
  GeneratorParams g;
  g.from = kMonday;
  g.people = exact ? 300 : 20000;
  g.posts = exact ? 40 : 2000;
  g.city = !exact;
  g.seed = 11;
  const Instance in = generate(g);
  std::atomic<bool> cancel{false};
  SolveOptions opt;
  opt.method = GetParam();
  opt.time_limit_seconds = 3600;
  opt.cancel = &cancel;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  auto r = solve(in, kMonday, 7, opt);
  stopper.join();
  ASSERT_FALSE(r) << "a roster came back after the cancel";
  EXPECT_TRUE(is_cancelled(r.error())) << r.error().message;
}

TEST_P(GuardSolver, CancelledBeforeItStarts) {
  Instance in;
  in.people.push_back(test::person("Aibek"));
  in.posts.push_back(test::post("Gate", {{540, 540}}, 1, 1));
  std::atomic<bool> cancel{true};
  SolveOptions opt;
  opt.method = GetParam();
  opt.cancel = &cancel;
  auto r = solve(in, kMonday, 2, opt);
  ASSERT_FALSE(r);
  EXPECT_TRUE(is_cancelled(r.error()));
}

}  // namespace
}  // namespace qorgan::guard
