#pragma once
// People per region: how many people have a region as their home region and how many have it or
// one of its sub-regions. The counts are kept by triggers on the people table in the transaction
// that writes them (migration 0072), so a count reads one row per region, not the people.
#include <optional>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "registry/regions.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct RegionPeople {
  Region region;
  std::int64_t people = 0;       // in the region and its sub-regions
  std::int64_t people_here = 0;  // in the region itself
};

struct PeopleByRegion {
  std::vector<RegionPeople> items;  // by code
  std::int64_t people = 0;          // in all the listed regions
};

// For those who see people by region: admins, auditors and headquarters staff, the latter within
// their own region only; others are refused. `within` narrows to that region's subtree (a region
// above the caller's own narrows nothing, one beside it is refused).
core::Result<PeopleByRegion> people_by_region(storage::Database& db, const auth::Principal& who,
                                              std::optional<std::int64_t> within);

}  // namespace qorgan::registry
