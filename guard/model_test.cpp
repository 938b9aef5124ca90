#include <gtest/gtest.h>

#include "guard/instance_json.hpp"
#include "guard/model.hpp"
#include "guard/test_support.hpp"

namespace qorgan::guard {
namespace {
using test::day;

TEST(GuardModel, NightShiftEndsNextMorningInAlmatyTime) {
  Instance in;
  in.posts.push_back(test::post("Gate", {{22 * 60, 8 * 60}}));
  auto shifts = expand_shifts(in, day(2026, 12, 4), 2);
  ASSERT_EQ(shifts.size(), 2u);
  EXPECT_EQ(format_local(shifts[0].start, in.zone), "2026-12-04 22:00");
  EXPECT_EQ(format_local(shifts[0].end, in.zone), "2026-12-05 06:00");
  EXPECT_EQ(shifts[0].day, day(2026, 12, 4));
  // Almaty is UTC+5 since 2024-03-01: 22:00 local is 17:00 UTC.
  EXPECT_EQ(core::format_rfc3339(shifts[0].start), "2026-12-04T17:00:00Z");
  EXPECT_EQ(shifts[1].start - shifts[0].start, 24 * kHour);
}

TEST(GuardModel, OffsetChangeOf2024IsKnown) {
  Instance in;
  in.posts.push_back(test::post("Gate", {{8 * 60, 12 * 60}}));
  auto shifts = expand_shifts(in, day(2024, 2, 29), 2);
  ASSERT_EQ(shifts.size(), 2u);
  EXPECT_EQ(core::format_rfc3339(shifts[0].start), "2024-02-29T02:00:00Z");  // UTC+6
  EXPECT_EQ(core::format_rfc3339(shifts[1].start), "2024-03-01T03:00:00Z");  // UTC+5
}

TEST(GuardModel, PatternsExpandAndSortByStart) {
  auto three = pattern_from_string("3x8@22:00");
  ASSERT_TRUE(three);
  ASSERT_EQ(three->size(), 3u);
  EXPECT_EQ((*three)[0].start_minute, 22 * 60);
  EXPECT_EQ((*three)[1].start_minute, 6 * 60);
  EXPECT_EQ((*three)[2].start_minute, 14 * 60);
  Instance in;
  in.posts.push_back(test::post("A", *three));
  in.posts.push_back(test::post("B", *pattern_from_string("day@09:00-18:00")));
  auto shifts = expand_shifts(in, day(2026, 12, 7), 1);
  ASSERT_EQ(shifts.size(), 4u);
  EXPECT_EQ(format_local(shifts[0].start, in.zone), "2026-12-07 06:00");
  EXPECT_EQ(format_local(shifts[1].start, in.zone), "2026-12-07 09:00");
  EXPECT_EQ(format_local(shifts[3].start, in.zone), "2026-12-07 22:00");
  EXPECT_EQ(format_local(shifts[3].end, in.zone), "2026-12-08 06:00");
  EXPECT_FALSE(pattern_from_string("4x8@06:00"));
  EXPECT_FALSE(pattern_from_string("day@18:00-09:00"));
  EXPECT_FALSE(pattern_from_string("3x8"));
}

TEST(GuardModel, InactivePostHasNoShiftsAndOverlappingPatternIsRefused) {
  Instance in;
  auto p = test::post("A", {{8 * 60, 12 * 60}});
  p.active_from = day(2026, 12, 5);
  p.active_to = day(2026, 12, 6);
  in.posts.push_back(p);
  EXPECT_EQ(expand_shifts(in, day(2026, 12, 1), 10).size(), 2u);
  in.posts[0].pattern = {{20 * 60, 12 * 60}, {6 * 60, 8 * 60}};  // 20:00-08:00 runs into 06:00
  auto ok = validate(in);
  ASSERT_FALSE(ok);
  EXPECT_NE(ok.error().message.find("overlap"), std::string::npos);
  EXPECT_EQ(ok.error().fields[0].field, "posts[0].shifts");
}

TEST(GuardModel, AgeAndDistance) {
  EXPECT_EQ(age_on(day(2000, 12, 5), day(2021, 12, 4)), 20);
  EXPECT_EQ(age_on(day(2000, 12, 5), day(2021, 12, 5)), 21);
  // Almaty's Republic Square to Medeu is about 11.8 km in a straight line.
  EXPECT_NEAR(haversine_km({43.2389, 76.9456}, {43.1573, 77.0590}), 12.9, 0.5);
}

TEST(GuardInstanceJson, BadInputNamesTheField) {
  auto r = instance_from_json(
      R"({"people": [], "posts": [{"id": "A", "location": [43, 76], "min_guards": 2,
    "target_guards": 1, "shifts": "3x8@06:00"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "posts[0].min_guards");
  r = instance_from_json(
      R"({"people": [{"id": "P", "home": [43, 76], "skills": [{"skill": "x", "from": "2026-02-30"}]}], "posts": []})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "people[0].skills[0].from");
  r = instance_from_json(
      R"({"people": [], "posts": [{"id": "A", "location": [43, 76], "min_guards": 1, "shifts": "9x8@06:00"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "posts[0].shifts");
  EXPECT_FALSE(instance_from_json("{not json"));
  EXPECT_FALSE(instance_from_json(R"({"zone": "Mars/Olympus", "people": [], "posts": []})"));
}

TEST(GuardInstanceJson, RoundTrip) {
  auto r = instance_from_json(
      R"({"rules": {"min_rest_hours": 12}, "people": [{"id": "P1", "sex": "F", "birth": "1995-03-08",
    "home": [43.25, 76.92], "skills": [{"skill": "first_aid", "from": "2026-01-01", "to": "2026-12-31"}],
    "absences": [{"from": "2026-12-05T00:00:00+05:00", "to": "2026-12-06T00:00:00+05:00"}]}],
    "posts": [{"id": "Water-1", "location": [43.2, 76.9], "min_guards": 1, "target_guards": 2, "skills": ["first_aid"],
    "sex": "F", "min_age": 21, "shifts": [{"start": "22:00", "hours": 8}]}]})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->rules.min_rest, 12 * kHour);
  EXPECT_EQ(r->people[0].absences[0].from, *core::parse_rfc3339("2026-12-04T19:00:00Z"));
  auto again = instance_from_json(instance_to_json(*r).dump());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(instance_to_json(*again), instance_to_json(*r));
}

}  // namespace
}  // namespace qorgan::guard
