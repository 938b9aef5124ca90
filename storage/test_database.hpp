#pragma once
// For unit tests only: a fresh, migrated SQLite database in a directory of its own
// (core::fresh_test_directory), so that tests and test binaries never share a file.

#include <filesystem>
#include <memory>

#include "core/test_directory.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace qorgan::storage {

// The database `dir`/t.db, opened and migrated.
inline core::Result<std::unique_ptr<Database>> open_test_database(
    const std::filesystem::path& dir) {
  auto db = open_database("sqlite:" + (dir / "t.db").string());
  if (!db) return db;
  if (auto m = migrate(**db); !m) return core::fail(m.error());
  return db;
}

}  // namespace qorgan::storage
