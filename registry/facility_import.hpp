#pragma once
// CSV import and export of key facilities.
//
// Columns (header-driven, any order, names case-insensitive): name, kind, organisation_id,
// region (its code) or region_id, address, lat, lon, criticality, guard_posts,
// shelter_capacity. Rows are checked against the same limits as POST /api/v1/facilities; the
// whole file is checked before anything is stored, and a good file is stored in one
// transaction with one audit entry ("facilities.import").
#include <functional>
#include <string_view>

#include "auth/principal.hpp"
#include "registry/csv.hpp"
#include "registry/registry.hpp"

namespace qorgan::registry {

const std::vector<std::string>& facility_csv_columns();

// Admins import anywhere, hq_staff into their region subtree, company officers only
// facilities owned by their organisation.
core::Result<csv::ImportReport> import_facilities(Registry& reg, const auth::Principal& who,
                                                  const auth::Actor& actor, std::string_view text,
                                                  const csv::ImportOptions& options);

std::int64_t export_facilities(Registry& reg, const std::function<void(std::string_view)>& sink);

}  // namespace qorgan::registry
