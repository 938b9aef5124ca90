#include "registry/unit_counts.hpp"

#include "registry/unit_store.hpp"

namespace qorgan::registry {

std::map<std::int64_t, std::map<std::string, std::int64_t>> position_members(
    storage::Database& db, const std::vector<std::int64_t>& unit_ids, const std::string& date,
    const std::vector<std::int64_t>* among) {
  return db.read(
      [&](storage::Tx& tx) { return unit_store::position_members(tx, unit_ids, date, among); });
}

std::map<std::int64_t, std::int64_t> members_among(storage::Database& db,
                                                   const std::vector<std::int64_t>& unit_ids,
                                                   const std::vector<std::int64_t>& people,
                                                   const std::string& date) {
  return db.read(
      [&](storage::Tx& tx) { return unit_store::members_among(tx, unit_ids, people, date); });
}

std::map<std::int64_t, std::set<std::string>> known_positions(
    storage::Database& db, const std::vector<std::int64_t>& unit_ids) {
  return db.read([&](storage::Tx& tx) { return unit_store::known_positions(tx, unit_ids); });
}

}  // namespace qorgan::registry
