// The translation from stored posts and registry people to the solver's model.
#include <gtest/gtest.h>

#include "guard/checker.hpp"
#include "guard/roster_model.hpp"
#include "guard/solver.hpp"

namespace qorgan::guard {
namespace {

Day day(const char* s) {
  return day_of(*core::parse_date(s));
}

DutyPost gate(std::int64_t id, std::int64_t facility, std::string region_path) {
  DutyPost p;
  p.id = id;
  p.facility_id = facility;
  p.region_path = std::move(region_path);
  p.name = "Gate " + std::to_string(id);
  p.lat = 43.25;
  p.lon = 76.9;
  p.active_from = "2026-01-01";
  return p;
}

registry::DutyPerson member(std::int64_t id, std::string unit_path, std::string region_path) {
  registry::DutyPerson d;
  d.id = id;
  d.name = "Person " + std::to_string(id);
  d.birth_date = "1990-05-05";
  d.lat = 43.26;
  d.lon = 76.91;
  d.memberships.push_back({1, std::move(unit_path), std::move(region_path), "2020-01-01", {}});
  return d;
}

DutyInput week() {
  DutyInput in;
  in.from = day("2026-12-07");
  in.days = 7;
  return in;
}

TEST(GuardRosterModel, APostWithTwoPatternsBecomesTwoPostsSplitAtTheChange) {
  auto in = week();
  in.posts.push_back(gate(5, 1, "/1/2/"));
  in.patterns[5] = {{10, 5, "3x8@06:00", {{360, 480}, {840, 480}, {1320, 480}}, "2026-01-01", 0},
                    {11, 5, "2x12@08:00", {{480, 720}, {1200, 720}}, "2026-12-10", 0}};
  auto m = build_model(in);
  ASSERT_EQ(m.instance.posts.size(), 2u);
  EXPECT_EQ(m.instance.posts[0].id, "post-5/pattern-10");
  EXPECT_EQ(m.instance.posts[0].active_to, day("2026-12-09"));
  EXPECT_EQ(m.instance.posts[1].active_from, day("2026-12-10"));
  EXPECT_EQ(m.post_ids, (std::vector<std::int64_t>{5, 5}));
  auto shifts = expand_shifts(m.instance, in.from, in.days);
  // 3 days of three shifts, then 4 days of two.
  EXPECT_EQ(shifts.size(), 3u * 3 + 4u * 2);
}

TEST(GuardRosterModel, MembersOfAssignedUnitsAndOfUnitsCoveringTheRegionMayStand) {
  auto in = week();
  in.posts.push_back(gate(1, 100, "/1/2/"));  // a facility in district /1/2/
  in.patterns[1] = {{1, 1, "day", {{540, 540}}, "2026-01-01", 0}};
  in.facility_unit_paths[100] = {"/7/"};
  in.people.push_back(member(1, "/3/", "/1/"));    // unit based in the city: covers /1/2/
  in.people.push_back(member(2, "/7/9/", "/5/"));  // sub-unit of the assigned unit
  in.people.push_back(member(3, "/8/", "/1/4/"));  // another district's unit
  auto m = build_model(in);
  EXPECT_EQ(m.person_ids, (std::vector<std::int64_t>{1, 2}));
  auto r = solve(m.instance, in.from, in.days);
  ASSERT_TRUE(r);
  EXPECT_TRUE(check(m.instance, in.from, in.days, *r).ok());
}

TEST(GuardRosterModel, NobodyEligibleIsReportedAsAnUnfillableSlot) {
  auto in = week();
  in.posts.push_back(gate(1, 100, "/1/2/"));
  in.patterns[1] = {{1, 1, "day", {{540, 540}}, "2026-01-01", 0}};
  in.people.push_back(member(3, "/8/", "/1/4/"));
  auto m = build_model(in);
  auto r = solve(m.instance, in.from, in.days);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->unfilled.size(), 7u);
  EXPECT_EQ(r->unfilled[0].reason, Reason::no_skill);
}

TEST(GuardRosterModel, UnavailableDaysAndTimeOutsideWeeklyAvailabilityAreAbsences) {
  auto in = week();
  in.posts.push_back(gate(1, 100, "/1/"));
  in.patterns[1] = {{1, 1, "night", {{1320, 600}}, "2026-01-01", 0}};  // 22:00 → 08:00
  auto d = member(1, "/3/", "/1/");
  d.unavailable.push_back({"2026-12-08", "2026-12-08", "exam"});
  d.availability.push_back({1, 0, 1440});  // Mondays only
  in.people.push_back(d);
  auto m = build_model(in);
  ASSERT_EQ(m.instance.people.size(), 1u);
  auto r = solve(m.instance, in.from, in.days);
  ASSERT_TRUE(r);
  EXPECT_TRUE(check(m.instance, in.from, in.days, *r).ok());
  // A night from Monday 22:00 runs into Tuesday, when the person is neither available nor
  // free: no shift can be served at all.
  for (const auto& g : r->guards) EXPECT_TRUE(g.empty());
}

TEST(GuardRosterModel, SkillsCountOnlyWhileValid) {
  auto in = week();
  auto p = gate(1, 100, "/1/");
  p.skills = {"armed_guard"};
  in.posts.push_back(p);
  in.patterns[1] = {{1, 1, "day", {{540, 540}}, "2026-01-01", 0}};
  auto d = member(1, "/3/", "/1/");
  d.skills.push_back({"armed_guard", "2025-01-01", "2026-12-09"});
  in.people.push_back(d);
  auto m = build_model(in);
  auto r = solve(m.instance, in.from, in.days);
  ASSERT_TRUE(r);
  int served = 0;
  for (std::size_t i = 0; i < r->shifts.size(); ++i)
    if (!r->guards[i].empty()) {
      ++served;
      EXPECT_LE(r->shifts[i].day, day("2026-12-09"));
    }
  EXPECT_GT(served, 0);
}

TEST(GuardRosterModel, ThePostsPartRoundTripsThroughJson) {
  auto in = week();
  auto p = gate(1, 100, "/1/");
  p.sex = "F";
  p.min_age = 21;
  p.active_to = "2027-01-01";
  in.posts.push_back(p);
  in.patterns[1] = {{1, 1, "2x12@08:00", {{480, 720}, {1200, 720}}, "2026-01-01", 0}};
  in.facility_unit_paths[100] = {"/7/"};
  DutyInput back;
  posts_from_json(posts_to_json(in), back);
  in.people.push_back(member(1, "/7/", "/9/"));
  back.people = in.people;
  auto a = build_model(in), b = build_model(back);
  EXPECT_EQ(a.instance.posts.size(), b.instance.posts.size());
  EXPECT_EQ(a.instance.posts[0].id, b.instance.posts[0].id);
  EXPECT_EQ(a.instance.posts[0].sex, b.instance.posts[0].sex);
  EXPECT_EQ(a.instance.posts[0].min_age, b.instance.posts[0].min_age);
  EXPECT_EQ(a.instance.posts[0].active_to, b.instance.posts[0].active_to);
  EXPECT_EQ(a.instance.people[0].skills.size(), b.instance.people[0].skills.size());
  EXPECT_EQ(back.rules.min_rest, in.rules.min_rest);
}

}  // namespace
}  // namespace qorgan::guard
