#include "guard/model.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace qorgan::guard {

namespace {
constexpr std::array<std::string_view, 5> kReasonNames{"no_skill", "nobody_available", "rest_limit",
                                                       "weekly_hours_limit", "all_assigned"};

const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    return nullptr;
  }
}
}  // namespace

std::string_view to_string(Reason r) {
  return kReasonNames[static_cast<std::size_t>(r)];
}

std::optional<Reason> reason_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kReasonNames.size(); ++i)
    if (kReasonNames[i] == s) return static_cast<Reason>(i);
  return std::nullopt;
}

Day day_of(const core::Date& d) {
  date::year_month_day ymd{date::year(d.year), date::month(unsigned(d.month)),
                           date::day(unsigned(d.day))};
  return static_cast<Day>(date::sys_days(ymd).time_since_epoch().count());
}

core::Date date_of(Day d) {
  date::year_month_day ymd{date::sys_days(date::days(d))};
  return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

int age_on(Day birth, Day date) {
  auto b = date_of(birth), d = date_of(date);
  int age = d.year - b.year;
  if (d.month < b.month || (d.month == b.month && d.day < b.day)) --age;
  return age;
}

double haversine_km(Point a, Point b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * kRad) *
                                                           std::cos(b.lat * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
}

std::string format_local(Timestamp t, std::string_view zone) {
  using namespace std::chrono;
  const date::time_zone* z = find_zone(zone);
  sys_seconds s{seconds(t / 1'000'000)};
  seconds offset = z ? z->get_info(s).offset : seconds(0);
  auto local = s + offset;
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{local - day};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), hms.hours().count(), hms.minutes().count());
}

core::Status validate(const Instance& in) {
  using core::Error;
  if (!find_zone(in.zone))
    return core::fail(
        Error::invalid("Unknown time zone \"" + in.zone + "\".", {{"zone", "unknown"}}));
  if (in.rules.min_rest < 0)
    return core::fail(Error::invalid("The minimum rest cannot be negative.",
                                     {{"rules.min_rest_hours", "negative"}}));
  if (in.rules.max_per_7_days <= 0)
    return core::fail(Error::invalid("The hours per 7 days must be positive.",
                                     {{"rules.max_hours_per_7_days", "not positive"}}));
  std::set<std::string> ids;
  for (std::size_t i = 0; i < in.people.size(); ++i) {
    const auto& p = in.people[i];
    // Formatted only for an error: a valid instance is checked before every solve.
    auto field = [i](std::string_view key) { return fmt::format("people[{}].{}", i, key); };
    if (p.id.empty() || !ids.insert(p.id).second)
      return core::fail(
          Error::invalid(fmt::format("Person {} has an empty or repeated id \"{}\".", i, p.id),
                         {{field("id"), "empty or repeated"}}));
    for (const auto& s : p.skills)
      if (s.to < s.from)
        return core::fail(Error::invalid(
            fmt::format("Person \"{}\": skill \"{}\" ends before it starts.", p.id, s.skill),
            {{field("skills"), "ends before it starts"}}));
    for (const auto& a : p.absences)
      if (a.to <= a.from)
        return core::fail(
            Error::invalid(fmt::format("Person \"{}\": an absence ends before it starts.", p.id),
                           {{field("absences"), "ends before it starts"}}));
  }
  ids.clear();
  for (std::size_t i = 0; i < in.posts.size(); ++i) {
    const auto& p = in.posts[i];
    auto field = [i](std::string_view key) { return fmt::format("posts[{}].{}", i, key); };
    if (p.id.empty() || !ids.insert(p.id).second)
      return core::fail(
          Error::invalid(fmt::format("Post {} has an empty or repeated id \"{}\".", i, p.id),
                         {{field("id"), "empty or repeated"}}));
    if (p.min_guards < 1 || p.target_guards < p.min_guards)
      return core::fail(
          Error::invalid(fmt::format("Post \"{}\": guards must satisfy 1 <= min <= target.", p.id),
                         {{field("min_guards"), "out of range"}}));
    if (p.pattern.empty())
      return core::fail(Error::invalid(fmt::format("Post \"{}\" has no shifts.", p.id),
                                       {{field("shifts"), "empty"}}));
    // The pattern repeats daily: its shifts, laid on a 24 h circle, must not overlap.
    std::vector<std::pair<int, int>> spans;
    for (const auto& s : p.pattern) {
      if (s.start_minute < 0 || s.start_minute >= 1440 || s.minutes < 1 || s.minutes > 1440)
        return core::fail(Error::invalid(
            fmt::format(
                "Post \"{}\": a shift must start at 00:00..23:59 and last 1 minute to 24 hours.",
                p.id),
            {{field("shifts"), "out of range"}}));
      spans.emplace_back(s.start_minute, s.start_minute + s.minutes);
    }
    std::sort(spans.begin(), spans.end());
    for (std::size_t k = 0; k < spans.size(); ++k) {
      int next_start = k + 1 < spans.size() ? spans[k + 1].first : spans[0].first + 1440;
      if (spans[k].second > next_start)
        return core::fail(
            Error::invalid(fmt::format("Post \"{}\": its shifts overlap each other.", p.id),
                           {{field("shifts"), "overlapping"}}));
    }
  }
  return {};
}

Timestamp local_instant(std::string_view zone, Day d, int minute) {
  using namespace std::chrono;
  date::local_seconds local{date::days(d) + minutes(minute)};
  auto utc = find_zone(zone)->to_sys(local, date::choose::earliest);
  return Timestamp(utc.time_since_epoch().count()) * 1'000'000;
}

std::vector<PostShift> expand_shifts(const Instance& in, Day from, int days) {
  using namespace std::chrono;
  const date::time_zone* zone = find_zone(in.zone);
  std::vector<PostShift> out;
  for (std::size_t p = 0; p < in.posts.size(); ++p) {
    const auto& post = in.posts[p];
    for (Day d = from; d < from + days; ++d) {
      if (d < post.active_from || d > post.active_to) continue;
      for (const auto& s : post.pattern) {
        date::local_seconds local{date::days(d) + minutes(s.start_minute)};
        // Almaty has no DST, so every local time maps to exactly one instant.
        auto utc = zone->to_sys(local, date::choose::earliest);
        Timestamp start = Timestamp(utc.time_since_epoch().count()) * 1'000'000;
        out.push_back({p, d, start, start + s.minutes * kMinute});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PostShift& a, const PostShift& b) {
    return a.start != b.start ? a.start < b.start : a.post < b.post;
  });
  return out;
}

}  // namespace qorgan::guard
