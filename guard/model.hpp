#pragma once
// The guard roster model: people, posts with shift patterns, the hard rules of a run, and the
// roster a solver returns. A plain library (no HTTP, no SQL): the solvers and the checker read
// only these types.
//
// Time: instants are core::Timestamp (microseconds since the epoch, UTC); calendar dates are
// Day (days since 1970-01-01). A shift pattern's start times are wall-clock times in the
// instance's zone (Asia/Almaty by default); expand_shifts() turns them into UTC instants with
// the zone's offset on that date (Almaty has no DST, but moved from UTC+6 to UTC+5 on
// 2024-03-01, which the time zone database knows), and a shift that starts at 22:00 ends on
// the next calendar day.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace qorgan::guard {

using Day = std::int32_t;  // days since 1970-01-01
using core::Timestamp;
constexpr Timestamp kMinute = 60'000'000;
constexpr Timestamp kHour = 60 * kMinute;

struct Point {
  double lat = 0, lon = 0;
};

struct SkillGrant {
  std::string skill;
  Day from = 0, to = 0;  // valid on every date in [from, to]
};

struct Absence {
  Timestamp from = 0, to = 0;  // [from, to): the person cannot serve a shift overlapping it
};

enum class Sex : char { any = 0, male = 'M', female = 'F' };

struct Person {
  std::string id;
  Sex sex = Sex::any;  // any = not recorded (cannot serve a post that requires a sex)
  std::optional<Day> birth;
  Point home;
  std::vector<SkillGrant> skills;
  std::vector<Absence> absences;
};

struct ShiftSpec {
  int start_minute = 0;  // wall clock in the instance's zone, 0..1439
  int minutes = 0;       // 1..1440
};

struct Post {
  std::string id;
  Point location;
  int min_guards = 1, target_guards = 1;
  std::vector<std::string> skills;             // every one needed, valid on the shift's date
  Sex sex = Sex::any;                          // any = no requirement
  std::optional<int> min_age;                  // whole years on the shift's date
  Day active_from = 0, active_to = 1'000'000;  // inclusive
  std::vector<ShiftSpec> pattern;
};

struct Rules {
  Timestamp min_rest = 11 * kHour;        // from one shift's end to the next one's start
  Timestamp max_per_7_days = 48 * kHour;  // hours of shifts starting in any 7 x 24 h window
};

struct Instance {
  std::string zone = "Asia/Almaty";
  Rules rules;
  std::vector<Person> people;
  std::vector<Post> posts;
};

// One shift of one post: its guards are the post's slots for that shift.
struct PostShift {
  std::size_t post = 0;
  Day day = 0;  // the local date it starts on
  Timestamp start = 0, end = 0;
};

// Why a slot stays empty: the first stage of the funnel (qualified -> available -> rested ->
// within weekly hours -> free this shift) that nobody passes.
enum class Reason {
  no_skill,            // nobody has the skills valid on that date (with sex and age)
  nobody_available,    // every qualified person is absent
  rest_limit,          // every available one is on an overlapping shift or within the rest limit
  weekly_hours_limit,  // every rested one would go over the hours per 7 days
  all_assigned,        // every one left is already on another post in this shift
};
std::string_view to_string(Reason r);
std::optional<Reason> reason_from_string(std::string_view s);

struct Unfilled {
  std::size_t shift = 0;   // index into Roster::shifts
  int missing_min = 0;     // slots below min_guards
  int missing_target = 0;  // slots below target_guards (includes missing_min)
  Reason reason = Reason::no_skill;
};

struct Roster {
  std::vector<PostShift> shifts;                 // as expand_shifts() returns them
  std::vector<std::vector<std::size_t>> guards;  // per shift: people's indices
  std::vector<Unfilled> unfilled;
};

// Validates the instance (ids unique, guards 1 <= min <= target, patterns within a day and not
// overlapping themselves, known zone); the error names the first bad field.
core::Status validate(const Instance& in);

// Every post's shifts starting on the dates [from, from + days) while the post is active, sorted
// by start, then post. Contract: the instance is valid.
std::vector<PostShift> expand_shifts(const Instance& in, Day from, int days);

Day day_of(const core::Date& d);
core::Date date_of(Day d);
// "YYYY-MM-DD HH:MM" in `zone`.
std::string format_local(Timestamp t, std::string_view zone);
// The instant of the wall-clock time `minute` (may exceed 1440: later days) on local date `d`
// in `zone`. Contract: the zone is known (validate()).
Timestamp local_instant(std::string_view zone, Day d, int minute);
// Whole years from birth to the date.
int age_on(Day birth, Day date);
double haversine_km(Point a, Point b);

// Travel distance from a home to a post. The default is the straight line; a road network
// (evac's route query) can stand in for it.
class Distance {
 public:
  virtual ~Distance() = default;
  virtual double km(Point from, Point to) const = 0;
};
class StraightLine final : public Distance {
 public:
  double km(Point from, Point to) const override { return haversine_km(from, to); }
};

}  // namespace qorgan::guard
