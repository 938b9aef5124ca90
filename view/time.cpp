#include "view/time.hpp"

#include <date/tz.h>
#include <fmt/format.h>

namespace qorgan::view {

bool known_time_zone(std::string_view tz) {
  try {
    return date::locate_zone(std::string(tz)) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::string format_time(core::Timestamp t, std::string_view tz) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(std::string(tz));
  } catch (const std::exception&) {
    zone = date::locate_zone("UTC");
  }
  date::sys_seconds s{std::chrono::seconds(t / 1'000'000 - (t % 1'000'000 < 0 ? 1 : 0))};
  auto info = zone->get_info(s);
  auto local = s + info.offset;
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{local - day};
  auto off = info.offset.count();
  std::string label = "UTC";
  if (off != 0) {
    auto a = off < 0 ? -off : off;
    label += (off < 0 ? "-" : "+") + std::to_string(a / 3600);
    if (a % 3600) label += fmt::format(":{:02}", a % 3600 / 60);
  }
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} {}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(), label);
}

}  // namespace qorgan::view
