#pragma once
// SQL for units and their target positions. Paths are materialised ("/1/4/9/") so a subtree is a
// prefix match; unit_ancestry holds every (ancestor, unit) pair, itself included, so that a
// subtree is also an index lookup (kept here on insert, move and removal). A transaction that
// writes units raises the registry generation (generation_store.hpp) last.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "registry/units.hpp"

namespace qorgan::registry::unit_store {

// A membership is current from its from_date through its to_date inclusive; an open to_date
// never ends.

std::optional<Unit> get(storage::Tx& tx, std::int64_t id);
// The units of `ids` that exist, by id, in a few statements rather than one each.
std::vector<Unit> get_many(storage::Tx& tx, const std::set<std::int64_t>& ids);
// The same units with only their id, path and region path: what deciding who reads them needs.
std::vector<Unit> reach_many(storage::Tx& tx, const std::set<std::int64_t>& ids);
// Returns up to p.limit + 1 rows (the extra one tells that there is a next page).
std::vector<Unit> list(storage::Tx& tx, const UnitFilter& f, const core::ListParams& p);
Unit insert(storage::Tx& tx, Unit u, std::int64_t now);
// Moves the subtree's paths and ancestry when the parent changed and replaces the positions.
Unit update(storage::Tx& tx, Unit u, const std::string& old_path, std::int64_t now);
void remove(storage::Tx& tx, std::int64_t id);
// What still refers to the unit ("2 child units, 14 memberships"), empty when nothing.
std::string usage(storage::Tx& tx, std::int64_t id);
// The region path of a person, nullopt when there is no such person.
std::optional<std::string> person_region_path(storage::Tx& tx, std::int64_t person_id);
// Whether the person currently belongs to the unit.
bool is_member(storage::Tx& tx, std::int64_t person_id, std::int64_t unit_id);
// Targets and current members by position, ordered by position.
std::vector<PositionStrength> strength(storage::Tx& tx, std::int64_t unit_id);
// For each unit: the current members of its subtree on `date`, and their skills valid that day.
std::map<std::int64_t, UnitCapacity> capacities(storage::Tx& tx, const std::vector<Unit>& units,
                                                const std::string& date);
std::map<std::string, std::int64_t> skill_holders(storage::Tx& tx,
                                                  const std::vector<std::int64_t>& people,
                                                  const std::string& date);
// For each unit of `unit_ids`: position → the current members of its subtree on `date` holding
// it, each person once per position (a person in two positions counts in each); with `among`,
// only those people are counted.
std::map<std::int64_t, std::map<std::string, std::int64_t>> position_members(
    storage::Tx& tx, const std::vector<std::int64_t>& unit_ids, const std::string& date,
    const std::vector<std::int64_t>* among);
// For each unit of `unit_ids`: how many of `people` are current members of its subtree on `date`.
std::map<std::int64_t, std::int64_t> members_among(storage::Tx& tx,
                                                   const std::vector<std::int64_t>& unit_ids,
                                                   const std::vector<std::int64_t>& people,
                                                   const std::string& date);
// For each unit of `unit_ids`: the positions its subtree knows, as a target position of a unit
// in it or as the position of a membership there, past or present.
std::map<std::int64_t, std::set<std::string>> known_positions(
    storage::Tx& tx, const std::vector<std::int64_t>& unit_ids);

}  // namespace qorgan::registry::unit_store
