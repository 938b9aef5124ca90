#pragma once
// Timestamps are microseconds since the Unix epoch, UTC, as stored in the database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qorgan::core {

using Timestamp = std::int64_t;

Timestamp now_us();
// RFC 3339 in UTC with whole seconds ("2026-11-25T13:25:09Z"). Contract: a year from 0 to 9999.
std::string format_rfc3339(Timestamp t);
// RFC 5322 date-time in UTC, "Sat, 07 Jun 2025 11:54:00 +0000" (RSS's pubDate); with `zone`
// "GMT" it is HTTP's IMF-fixdate.
std::string format_rfc822(Timestamp t, std::string_view zone = "+0000");
// Accepts RFC 3339 with 'Z' or an offset; nullopt when malformed.
std::optional<Timestamp> parse_rfc3339(std::string_view s);
// A calendar date "YYYY-MM-DD", validated (leap years included); nullopt when malformed.
struct Date {
  int year, month, day;
};
std::optional<Date> parse_date(std::string_view s);
std::string format_date(const Date& d);
// Today's date in UTC as "YYYY-MM-DD" (membership currency, skill expiry, ages).
std::string today_utc();

}  // namespace qorgan::core
