#pragma once
// The script-blind name keys (core::name_key) of people, units and organisations, which every
// write keeps current. Rows written before the keys existed (migration kNameKeyMigration) get
// theirs once, right after that migration.
#include <cstdint>

#include "storage/database.hpp"

namespace qorgan::registry {

inline constexpr int kNameKeyMigration = 48;

// Fills every empty name key; returns how many rows it set.
std::int64_t fill_name_keys(storage::Database& db);

}  // namespace qorgan::registry
