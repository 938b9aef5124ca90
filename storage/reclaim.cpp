#include "storage/reclaim.hpp"

#include <cstdio>
#include <exception>

namespace qorgan::storage {

bool reclaim_rolled_back(Database& db, const std::vector<std::string>& tables) {
  if (db.engine() != Engine::postgres || tables.empty()) return true;
  std::string sql = "VACUUM (INDEX_CLEANUP ON) ";
  for (size_t i = 0; i < tables.size(); ++i) sql += (i ? ", " : "") + tables[i];
  try {
    // A read lease runs each statement in autocommit, as VACUUM must.
    db.read([&](Tx& tx) { tx.script(sql); });
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qorgan: the vacuum after a rolled-back load failed (%s)\n", e.what());
    return false;
  }
}

}  // namespace qorgan::storage
