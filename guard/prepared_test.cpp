#include "guard/prepared.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>

#include "guard/generator.hpp"
#include "guard/test_support.hpp"

namespace qorgan::guard::detail {
namespace {

// The rules as the checker states them, recounted from scratch over every pair and every window
// that holds the new shift x: the yardstick for the sorted-interval check.
Fit recount(const std::vector<PostShift>& shifts, const std::vector<std::size_t>& schedule,
            std::size_t x, Timestamp ignore_start, const Rules& rules) {
  const auto& n = shifts[x];
  std::vector<const PostShift*> kept;
  for (std::size_t y : schedule)
    if (shifts[y].start != ignore_start) kept.push_back(&shifts[y]);
  for (const auto* s : kept)
    if (n.start < s->end + rules.min_rest && s->start < n.end + rules.min_rest)
      return Fit::conflict;
  kept.push_back(&n);
  const Timestamp week = 7 * 24 * kHour;
  for (const auto* anchor : kept) {
    if (n.start < anchor->start || n.start >= anchor->start + week) continue;
    Timestamp sum = 0;
    for (const auto* s : kept)
      if (s->start >= anchor->start && s->start < anchor->start + week) sum += s->end - s->start;
    if (sum > rules.max_per_7_days) return Fit::weekly;
  }
  return Fit::ok;
}

// Random shifts on a quarter-hour grid over four weeks (ties and windows ending exactly at a
// start are common), random rules, and schedules both lawful (built shift by shift with the
// recount) and arbitrary (overlapping, several shifts at one start): the fast check agrees with
// the recount on every question, with and without a start left out.
TEST(GuardPrepared, FitsAgreesWithARecountOnRandomSchedules) {
  Instance in;
  in.people.push_back(test::person("P1"));
  in.posts.push_back(test::post("G1", {{360, 480}}));
  StraightLine line;
  std::mt19937_64 rng(14);
  auto below = [&](std::int64_t n) { return std::int64_t(rng() % std::uint64_t(n)); };
  long asked = 0, ok = 0, conflict = 0, weekly = 0;
  for (int round = 0; round < 3000; ++round) {
    in.rules.min_rest = below(17) * kHour;
    in.rules.max_per_7_days = (8 + below(65)) * kHour;
    Prepared P(in, test::day(2026, 12, 7), 1, line);
    P.shifts.clear();
    const Timestamp quarter = 15 * kMinute;
    const int n = 10 + int(below(50));
    for (int i = 0; i < n; ++i) {
      Timestamp start = below(28 * 24 * 4) * quarter;
      Timestamp len = (1 + below(round % 3 == 0 ? 96 : 48)) * quarter;
      P.shifts.push_back({0, 0, start, start + len});
    }
    const bool lawful = round % 2 == 0;
    Schedule schedule;
    std::vector<std::size_t> plain;
    for (int tries = int(below(40)); tries > 0; --tries) {
      std::size_t y = std::size_t(below(n));
      if (std::find(plain.begin(), plain.end(), y) != plain.end()) continue;
      if (lawful && recount(P.shifts, plain, y, -1, in.rules) != Fit::ok) continue;
      schedule.add(P.shifts[y], y);
      plain.push_back(y);
      if (below(8) == 0) {  // and sometimes one leaves again
        std::size_t z = plain[std::size_t(below(std::int64_t(plain.size())))];
        schedule.remove(z);
        std::erase(plain, z);
      }
    }
    for (std::size_t x = 0; x < P.shifts.size(); ++x) {
      std::vector<Timestamp> ignores{-1, P.shifts[x].start};
      if (!plain.empty())
        ignores.push_back(P.shifts[plain[std::size_t(below(std::int64_t(plain.size())))]].start);
      for (Timestamp ignore : ignores) {
        Fit want = recount(P.shifts, plain, x, ignore, in.rules);
        ASSERT_EQ(P.fits(schedule, x, ignore), want)
            << "round " << round << ", shift " << x << ", ignoring " << ignore;
        ++asked;
        (want == Fit::ok ? ok : want == Fit::conflict ? conflict : weekly) += 1;
      }
    }
  }
  // Every answer came up often enough for the agreement to mean something.
  EXPECT_GT(ok, asked / 20);
  EXPECT_GT(conflict, asked / 20);
  EXPECT_GT(weekly, asked / 20);
}

// qualified_throughout() lets the solver skip the day-by-day questions: wherever it says yes,
// every shift of the post in the run has the person qualified and available. Random instances
// have skills that start or end during the run, absences, posts with sex and age.
TEST(GuardPrepared, QualifiedThroughoutOnlyWhereEveryShiftQualifies) {
  StraightLine line;
  long yes = 0, pairs = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    GeneratorParams g;
    g.seed = seed, g.people = 120, g.posts = 25, g.days = 3 + int(seed % 10);
    g.from = test::day(2026, 12, 7);
    auto in = generate(g);
    Prepared P(in, g.from, g.days, line);
    for (std::size_t person = 0; person < in.people.size(); ++person)
      for (std::size_t post = 0; post < in.posts.size(); ++post) {
        ++pairs;
        if (!P.qualified_throughout(person, post)) continue;
        ++yes;
        for (std::size_t s = 0; s < P.shifts.size(); ++s)
          if (P.shifts[s].post == post) {
            ASSERT_TRUE(P.qualified(person, s) && P.available(person, s))
                << "seed " << seed << ", " << in.people[person].id << " at " << in.posts[post].id
                << ", shift " << s;
          }
      }
  }
  EXPECT_GT(yes, pairs / 10);
}

}  // namespace
}  // namespace qorgan::guard::detail
