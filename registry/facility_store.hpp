#pragma once
// SQL for key facilities.
#include <optional>
#include <string>
#include <vector>

#include "registry/facilities.hpp"

namespace qorgan::registry::facility_store {

std::optional<Facility> get(storage::Tx& tx, std::int64_t id);
// What deciding who may see a facility needs of it: its region's path and owner (a facility's
// other fields left empty). One read of two columns where get() reads fifteen.
std::optional<Facility> reach(storage::Tx& tx, std::int64_t id);
// Returns up to p.limit + 1 rows (the extra one tells that there is a next page).
std::vector<Facility> list(storage::Tx& tx, const FacilityFilter& f, const core::ListParams& p);
Facility insert(storage::Tx& tx, Facility x, std::int64_t now);
Facility update(storage::Tx& tx, const Facility& x, std::int64_t now);
void remove(storage::Tx& tx, std::int64_t id);
// The path of a unit's home region (a commander's facility scope); empty if there is no unit.
std::string unit_region_path(storage::Tx& tx, std::int64_t unit_id);

}  // namespace qorgan::registry::facility_store
