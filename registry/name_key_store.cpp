#include "registry/name_key_store.hpp"

#include "core/text.hpp"

namespace qorgan::registry {

std::int64_t fill_name_keys(storage::Database& db) {
  std::int64_t n = 0;
  struct Table {
    const char* select;
    const char* update;
  };
  const Table tables[] = {
      {"SELECT id, family_name || ' ' || given_name || ' ' || COALESCE(patronymic, '') FROM "
       "people WHERE name_key = '' AND id > $1 ORDER BY id LIMIT 1000",
       "UPDATE people SET name_key = $1 WHERE id = $2"},
      {"SELECT id, name FROM units WHERE name_key = '' AND id > $1 ORDER BY id LIMIT 1000",
       "UPDATE units SET name_key = $1 WHERE id = $2"},
      {"SELECT id, name FROM organisations WHERE name_key = '' AND id > $1 ORDER BY id LIMIT 1000",
       "UPDATE organisations SET name_key = $1 WHERE id = $2"},
      {"SELECT id, name || ' ' || COALESCE(address, '') FROM facilities WHERE name_key = '' AND "
       "id > $1 ORDER BY id LIMIT 1000",
       "UPDATE facilities SET name_key = $1 WHERE id = $2"},
      {"SELECT id, name_ru || ' ' || name_kk || ' ' || name_en FROM regions WHERE name_key = '' "
       "AND id > $1 ORDER BY id LIMIT 1000",
       "UPDATE regions SET name_key = $1 WHERE id = $2"}};
  for (const auto& t : tables) {
    // A thousand rows per transaction, so a large registry does not hold the writer long; a
    // name whose key is empty (no letters or digits) is passed over by the id cursor.
    std::int64_t after = 0;
    while (true) {
      auto done = db.write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
        std::int64_t rows = 0;
        for (const auto& r : tx.query(t.select, {after})) {
          ++rows;
          after = r.i64(0);
          auto key = core::name_key(r.str(1));
          if (key.empty()) continue;
          tx.exec(t.update, {key, after});
          ++n;
        }
        return rows;
      });
      if (!done || *done < 1000) break;
    }
  }
  return n;
}

}  // namespace qorgan::registry
