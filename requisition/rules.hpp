#pragma once
// The compensation rules, configurable because the law leaves them to government rules and they
// change: what an item's owner is due, and what may be paid while a dispute runs. Pure: no
// storage, so the randomized ledger test and the service compute with the same code.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "requisition/model.hpp"

namespace qorgan::requisition {

struct Rules {
  // Pay the undisputed part (what is owed by the approved valuation) while a dispute is open;
  // otherwise nothing is payable until every dispute of the item is resolved.
  bool pay_undisputed_during_dispute = true;
  // Property taken into use and returned the same day is paid one day of rent.
  bool minimum_one_day = true;
};

// Whole days from `from` to `to` ("YYYY-MM-DD"); nullopt when either date is malformed.
std::optional<std::int64_t> days_between(const std::string& from, const std::string& to);

// What the owner is due by the latest approved valuation, before dispute adjustments:
// ownership: its market value; use: nothing until the return act, then days in custody × the
// approved daily rate + the damage beyond fair wear. No approved valuation: nothing.
std::int64_t due_by_rules(const Rules& rules, const Item& item,
                          const std::optional<Valuation>& approved);
// The same from only the fields the rules read, for an item that has an approved valuation (the
// reconciliation of a decision reads no more of its items).
std::int64_t due_by_rules(const Rules& rules, std::string_view requisition_type,
                          const std::optional<std::string>& taken_on,
                          const std::optional<std::string>& returned_on, std::int64_t market_value,
                          std::int64_t rent_per_day, std::int64_t damage);

}  // namespace qorgan::requisition
