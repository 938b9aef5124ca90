#pragma once
// The script-blind name keys (core::name_key) of people, units, organisations, facilities and
// regions, which every write keeps current. Rows written before the keys existed (migrations
// kNameKeyMigration, kPlaceNameKeyMigration) get theirs once, right after those migrations.
#include <cstdint>

#include "storage/database.hpp"

namespace qorgan::registry {

inline constexpr int kNameKeyMigration = 48;
inline constexpr int kPlaceNameKeyMigration = 87;

// Fills every empty name key; returns how many rows it set.
std::int64_t fill_name_keys(storage::Database& db);

}  // namespace qorgan::registry
