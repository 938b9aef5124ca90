#include "requisition/rules.hpp"

#include "core/time.hpp"

namespace qorgan::requisition {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = unsigned((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> days_between(const std::string& from, const std::string& to) {
  auto a = core::parse_date(from), b = core::parse_date(to);
  if (!a || !b) return std::nullopt;
  return days_from_civil(b->year, b->month, b->day) - days_from_civil(a->year, a->month, a->day);
}

std::int64_t due_by_rules(const Rules& rules, const Item& item,
                          const std::optional<Valuation>& approved) {
  if (!approved) return 0;
  return due_by_rules(rules, item.requisition_type, item.taken_on, item.returned_on,
                      approved->market_value, approved->rent_per_day, approved->damage);
}

std::int64_t due_by_rules(const Rules& rules, std::string_view requisition_type,
                          const std::optional<std::string>& taken_on,
                          const std::optional<std::string>& returned_on, std::int64_t market_value,
                          std::int64_t rent_per_day, std::int64_t damage) {
  if (requisition_type == "ownership") return market_value;
  if (!returned_on || !taken_on) return 0;
  std::int64_t days = days_between(*taken_on, *returned_on).value_or(0);
  if (days < 1 && rules.minimum_one_day) days = 1;
  if (days < 0) days = 0;
  return days * rent_per_day + damage;
}

}  // namespace qorgan::requisition
