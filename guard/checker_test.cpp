#include "guard/checker.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "guard/test_support.hpp"

namespace qorgan::guard {
namespace {
using test::day;

// Two posts on 3 x 8 h from 06:00 over three days; shifts are indexed as expand_shifts sorts
// them: per start instant, post A before post B.
struct Fixture {
  Instance in;
  Day from = day(2026, 12, 7);
  int days = 3;
  Roster r;
  Fixture() {
    in.people.push_back(test::person("Aibek", {"armed_guard"}));
    in.people.push_back(test::person("Dana", {"armed_guard"}));
    in.posts.push_back(
        test::post("A", {{360, 480}, {840, 480}, {1320, 480}}, 1, 1, {"armed_guard"}));
    in.posts.push_back(test::post("B", {{360, 480}, {840, 480}, {1320, 480}}));
    r.shifts = expand_shifts(in, from, days);
    r.guards.resize(r.shifts.size());
  }
  std::size_t at(const char* post, int d, int hour) const {
    for (std::size_t s = 0; s < r.shifts.size(); ++s)
      if (in.posts[r.shifts[s].post].id == post &&
          format_local(r.shifts[s].start, in.zone) ==
              fmt::format("2026-12-{:02} {:02}:00", 7 + d, hour))
        return s;
    ADD_FAILURE() << "no shift " << post << " " << d << " " << hour;
    return 0;
  }
  void put(std::size_t person, std::size_t shift) { r.guards[shift].push_back(person); }
  // Reports every shift left below target, so that only the rule under test can be broken.
  std::vector<std::string> run() {
    r.unfilled.clear();
    for (std::size_t s = 0; s < r.shifts.size(); ++s) {
      int n = int(r.guards[s].size()), t = in.posts[r.shifts[s].post].target_guards;
      if (n < t)
        r.unfilled.push_back({s, std::max(0, in.posts[r.shifts[s].post].min_guards - n), t - n,
                              Reason::all_assigned});
    }
    return check(in, from, days, r).violations;
  }
};

bool has(const std::vector<std::string>& v, const std::string& part) {
  for (const auto& s : v)
    if (s.find(part) != std::string::npos) return true;
  return false;
}

TEST(GuardChecker, AcceptsAValidRoster) {
  Fixture f;
  f.put(0, f.at("A", 0, 6));
  f.put(1, f.at("A", 0, 22));
  f.put(0, f.at("B", 1, 6));
  EXPECT_TRUE(f.run().empty());
}

TEST(GuardChecker, SkillMustBeValidOnTheShiftsDate) {
  Fixture f;
  f.in.people[0].skills = {{"armed_guard", day(2026, 1, 1), day(2026, 12, 7)}};
  f.put(0, f.at("A", 0, 22));  // starts on the 7th: fine, though it ends on the 8th
  f.put(0, f.at("A", 1, 22));
  auto v = f.run();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0],
            "person \"Aibek\" at post \"A\" at 2026-12-08 22:00: skill \"armed_guard\" not valid "
            "on that date");
}

TEST(GuardChecker, OverlapAndTwoPostsInOneShift) {
  Fixture f;
  f.put(0, f.at("A", 0, 6));
  f.put(0, f.at("B", 0, 6));
  auto v = f.run();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(has(v, "overlaps")) << v[0];
}

TEST(GuardChecker, MinimumRest) {
  Fixture f;
  f.put(0, f.at("A", 0, 6));   // ends 14:00
  f.put(0, f.at("B", 0, 22));  // 8 h later
  auto v = f.run();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(
      v[0],
      "person \"Aibek\": only 8.0 h rest before post \"B\" at 2026-12-07 22:00 (minimum 11.0 h)");
  f.in.rules.min_rest = 8 * kHour;
  EXPECT_TRUE(f.run().empty());
}

TEST(GuardChecker, HoursPerSevenDays) {
  Fixture f;
  f.in.rules.max_per_7_days = 16 * kHour;
  f.put(1, f.at("B", 0, 6));
  f.put(1, f.at("B", 1, 6));
  EXPECT_TRUE(f.run().empty());
  f.put(1, f.at("B", 2, 6));
  auto v = f.run();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "person \"Dana\": 24.0 h in the 7 days from 2026-12-07 06:00 (maximum 16.0 h)");
}

TEST(GuardChecker, AbsenceSexAndAge) {
  Fixture f;
  f.in.people[1].absences.push_back({*core::parse_rfc3339("2026-12-08T00:00:00+05:00"),
                                     *core::parse_rfc3339("2026-12-08T07:00:00+05:00")});
  f.put(1, f.at("B", 1, 6));  // 06:00-14:00 overlaps the absence by an hour
  auto v = f.run();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(has(v, "absent from 2026-12-08 00:00 to 2026-12-08 07:00")) << v[0];

  Fixture g;
  g.in.posts[1].sex = Sex::female;
  g.in.posts[1].min_age = 40;  // both were born in 1990
  g.put(0, g.at("B", 0, 6));
  v = g.run();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(has(v, "requires sex F"));
  EXPECT_TRUE(has(v, "younger than 40"));
}

TEST(GuardChecker, UnfilledSlotsMustBeReportedExactly) {
  Fixture f;
  f.in.posts[1].target_guards = 2;
  f.r.shifts = expand_shifts(f.in, f.from, f.days);
  f.put(0, f.at("B", 0, 6));
  f.put(1, f.at("B", 0, 6));
  EXPECT_TRUE(f.run().empty());
  f.r.unfilled.push_back({f.at("B", 0, 6), 0, 1, Reason::no_skill});  // it is full
  f.r.unfilled.push_back({f.at("B", 0, 6), 0, 1, Reason::no_skill});
  auto v = check(f.in, f.from, f.days, f.r).violations;
  EXPECT_TRUE(has(v, "reported unfilled but has 2 guards"));
  EXPECT_TRUE(has(v, "reported unfilled twice"));
  f.r.unfilled.clear();
  v = check(f.in, f.from, f.days, f.r).violations;
  EXPECT_TRUE(has(v, "0 of 1 guards and not reported unfilled"));
}

TEST(GuardChecker, TooManyGuardsAndForeignShifts) {
  Fixture f;
  f.put(0, f.at("A", 0, 6));
  f.put(1, f.at("A", 0, 6));
  auto v = f.run();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(has(v, "2 guards, more than the target 1"));
  f.r.shifts.pop_back();
  v = check(f.in, f.from, f.days, f.r).violations;
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(has(v, "the roster has 17 shifts, the instance 18"));
}

}  // namespace
}  // namespace qorgan::guard
