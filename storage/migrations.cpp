#include "storage/migrations.hpp"

#include <ctime>
#include <set>

namespace qorgan::storage {

namespace embedded {
extern const std::vector<Migration> sqlite_migrations;
extern const std::vector<Migration> postgres_migrations;
}  // namespace embedded

const std::vector<Migration>& migrations_for(Engine engine) {
  return engine == Engine::sqlite ? embedded::sqlite_migrations : embedded::postgres_migrations;
}

static std::set<int> applied(Tx& tx) {
  tx.script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  std::set<int> out;
  for (auto& r : tx.query("SELECT version FROM schema_migrations")) out.insert(int(r.i64(0)));
  return out;
}

core::Result<std::vector<int>> migrate(Database& db, int up_to) {
  std::vector<int> done;
  for (const auto& m : migrations_for(db.engine())) {
    if (m.version > up_to) break;
    auto r = db.write([&](Tx& tx) -> core::Result<bool> {
      tx.lock(0x716f7267);  // two servers starting at once must not both migrate
      if (applied(tx).contains(m.version)) return false;
      tx.script(m.sql);
      tx.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              {m.version, m.name, std::int64_t(std::time(nullptr)) * 1000000});
      return true;
    });
    if (!r) return core::fail(r.error());
    if (*r) done.push_back(m.version);
  }
  return done;
}

bool schema_current(Database& db) {
  try {
    auto have = db.read([](Tx& tx) {
      std::set<int> out;
      for (auto& r : tx.query("SELECT version FROM schema_migrations")) out.insert(int(r.i64(0)));
      return out;
    });
    for (const auto& m : migrations_for(db.engine()))
      if (!have.contains(m.version)) return false;
    return true;
  } catch (const DbError&) {
    return false;
  }
}

}  // namespace qorgan::storage
