#pragma once
// Schema migrations, embedded in the binary from migrations/<engine>/NNNN_name.sql and applied
// in order, each in its own transaction, recorded in schema_migrations.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& migrations_for(Engine engine);
// Applies what is pending, up to version `up_to` (all by default); returns the versions applied.
core::Result<std::vector<int>> migrate(Database& db, int up_to = 1 << 30);
// True when the schema has every migration (used by /readyz and by commands that need it).
bool schema_current(Database& db);

}  // namespace qorgan::storage
