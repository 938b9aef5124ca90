#pragma once
// For unit tests only: a fresh, migrated SQLite database in a directory of its own
// (core::fresh_test_directory), so that tests and test binaries never share a file; and a fresh,
// migrated PostgreSQL database of its own on the server QORGAN_TEST_PG names, when it names one
// (the test script starts a throwaway cluster and sets it).

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/test_directory.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace qorgan::storage {

// The database `dir`/t.db, opened and migrated (up to migration `up_to`).
inline core::Result<std::unique_ptr<Database>> open_test_database(const std::filesystem::path& dir,
                                                                  int up_to = 1 << 30) {
  auto db = open_database("sqlite:" + (dir / "t.db").string());
  if (!db) return db;
  if (auto m = migrate(**db, up_to); !m) return core::fail(m.error());
  return db;
}

// The PostgreSQL server's URL from QORGAN_TEST_PG; nullopt when it is not set.
inline std::optional<std::string> test_postgres_server() {
  const char* pg = std::getenv("QORGAN_TEST_PG");
  if (!pg || !*pg) return std::nullopt;
  return std::string(pg);
}

// A database named after this process and `name` on `server`, dropped and made anew, opened and
// migrated (up to migration `up_to`), so that runs and tests never share rows.
inline core::Result<std::unique_ptr<Database>> open_test_postgres(const std::string& server,
                                                                  std::string name,
                                                                  int up_to = 1 << 30) {
  // The process first: PostgreSQL cuts a name at 63 bytes.
  name = "qorgan_" + std::to_string(::getpid()) + "_" + name;
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    c = char(std::tolower(static_cast<unsigned char>(c)));
  }
  auto admin = open_database(server, 1);
  if (!admin) return admin;
  (*admin)->read([&](Tx& tx) {
    tx.script("DROP DATABASE IF EXISTS " + name);
    tx.script("CREATE DATABASE " + name);
    return 0;
  });
  auto q = server.find('?');
  auto slash = server.rfind('/', q == std::string::npos ? server.size() : q);
  auto db = open_database(server.substr(0, slash + 1) + name +
                          (q == std::string::npos ? "" : server.substr(q)));
  if (!db) return db;
  if (auto m = migrate(**db, up_to); !m) return core::fail(m.error());
  return db;
}

}  // namespace qorgan::storage
