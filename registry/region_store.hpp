#pragma once
// SQL for regions. Paths are materialised ("/1/4/9/") so a subtree is a prefix match.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "registry/regions.hpp"

namespace qorgan::registry::region_store {

std::optional<Region> get(storage::Tx& tx, std::int64_t id);
std::optional<Region> by_code(storage::Tx& tx, const std::string& code);
// Returns up to p.limit + 1 rows (the extra one tells that there is a next page).
std::vector<Region> list(storage::Tx& tx, const RegionFilter& f, const core::ListParams& p);
Region insert(storage::Tx& tx, Region r, std::int64_t now);
// Moves the subtree's paths when the parent changed.
Region update(storage::Tx& tx, Region r, const std::string& old_path, std::int64_t now);
void remove(storage::Tx& tx, std::int64_t id);
// What still refers to the region ("2 child regions, 14 people"), empty when nothing.
std::string usage(storage::Tx& tx, std::int64_t id);
// The regions whose path starts with `path_prefix`, by code, each with how many people have it as
// their home region (region_people, kept by triggers on people).
std::vector<std::pair<Region, std::int64_t>> people_here(storage::Tx& tx,
                                                         const std::string& path_prefix);
// Codes of the region with `code`, its subtree and its ancestors (empty: no such region).
std::vector<std::string> overlapping_codes(storage::Tx& tx, const std::string& code);

}  // namespace qorgan::registry::region_store
