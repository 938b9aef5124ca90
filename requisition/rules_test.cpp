#include "requisition/rules.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include "requisition/owner_code.hpp"

namespace qorgan::requisition {

namespace {
Item item(const char* type, std::optional<std::string> taken, std::optional<std::string> back) {
  Item i;
  i.requisition_type = type;
  i.taken_on = std::move(taken);
  i.returned_on = std::move(back);
  return i;
}
Valuation valued(std::int64_t market, std::int64_t rent, std::int64_t damage) {
  Valuation v;
  v.market_value = market;
  v.rent_per_day = rent;
  v.damage = damage;
  v.status = "approved";
  return v;
}
}  // namespace

TEST(RequisitionRules, DaysAcrossMonthsAndLeapYears) {
  EXPECT_EQ(days_between("2026-02-27", "2026-03-02"), 3);
  EXPECT_EQ(days_between("2028-02-27", "2028-03-02"), 4);
  EXPECT_EQ(days_between("2026-12-31", "2027-01-01"), 1);
  EXPECT_FALSE(days_between("2026-02-30", "2026-03-02"));
}

TEST(RequisitionRules, OwnershipIsTheApprovedMarketValue) {
  Rules rules;
  EXPECT_EQ(due_by_rules(rules, item("ownership", "2026-03-01", {}), valued(500'00, 7, 9)), 500'00);
  EXPECT_EQ(due_by_rules(rules, item("ownership", "2026-03-01", {}), std::nullopt), 0)
      << "nothing without an approved valuation";
}

TEST(RequisitionRules, UseIsDaysTimesRentPlusDamageFromTheReturn) {
  Rules rules;
  auto v = valued(1'000'000'00, 45'000'00, 120'000'00);
  EXPECT_EQ(due_by_rules(rules, item("use", "2026-03-03", {}), v), 0) << "not returned yet";
  EXPECT_EQ(due_by_rules(rules, item("use", "2026-03-03", "2026-03-13"), v),
            10 * 45'000'00 + 120'000'00);
  EXPECT_EQ(due_by_rules(rules, item("use", "2026-03-03", "2026-03-03"), v), 45'000'00 + 120'000'00)
      << "a day at least";
  rules.minimum_one_day = false;
  EXPECT_EQ(due_by_rules(rules, item("use", "2026-03-03", "2026-03-03"), v), 120'000'00);
}

TEST(RequisitionOwnerCode, ReadableGroupedAndRetypable) {
  auto code = new_owner_code();
  ASSERT_EQ(code.size(), 14u);
  EXPECT_EQ(code[4], '-');
  EXPECT_EQ(code[9], '-');
  for (char c : code) EXPECT_TRUE(c == '-' || (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '9'));
  EXPECT_EQ(code.find_first_of("01IO"), std::string::npos);
  std::string typed;
  for (char c : code) typed += c == '-' ? ' ' : char(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(normalise_owner_code(typed), code);
  EXPECT_NE(new_owner_code(), code);
}

}  // namespace qorgan::requisition
