#pragma once
// Counts over the members of units beside Units::capacities, for activation plans and readiness:
// members by position, how many of some people belong to each unit, and the positions a unit's
// subtree knows. Qorgan's own services call these after their own access checks on the units
// (as Units::skill_holders); they reveal counts and position names only, never who.
//
// Kept apart from units.hpp so that the many files including it need not rebuild for them.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::registry {

// Per unit: position → the current members of its subtree on `date` (YYYY-MM-DD) holding it, each
// person once per position. With `among`, only those people count (e.g. those who came).
std::map<std::int64_t, std::map<std::string, std::int64_t>> position_members(
    storage::Database& db, const std::vector<std::int64_t>& unit_ids, const std::string& date,
    const std::vector<std::int64_t>* among = nullptr);

// Per unit: how many of `people` are current members of its subtree on `date`.
std::map<std::int64_t, std::int64_t> members_among(storage::Database& db,
                                                   const std::vector<std::int64_t>& unit_ids,
                                                   const std::vector<std::int64_t>& people,
                                                   const std::string& date);

// Per unit: the positions its subtree knows, named as a unit's target position or held by a
// membership, past or present.
std::map<std::int64_t, std::set<std::string>> known_positions(
    storage::Database& db, const std::vector<std::int64_t>& unit_ids);

}  // namespace qorgan::registry
