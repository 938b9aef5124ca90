#pragma once
// For unit tests only (it uses GoogleTest): a fresh, migrated SQLite database in a directory of
// its own, named after the running test, so that tests and test binaries never share a file.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace qorgan::storage {

// <tmp>/<prefix>-<pid>-<test name>, emptied.
inline std::filesystem::path fresh_test_directory(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The database `dir`/t.db, opened and migrated.
inline core::Result<std::unique_ptr<Database>> open_test_database(
    const std::filesystem::path& dir) {
  auto db = open_database("sqlite:" + (dir / "t.db").string());
  if (!db) return db;
  if (auto m = migrate(**db); !m) return core::fail(m.error());
  return db;
}

}  // namespace qorgan::storage
