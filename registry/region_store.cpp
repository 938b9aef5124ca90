#include "registry/region_store.hpp"

#include "core/text.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::region_store {

namespace {

constexpr const char* kColumns =
    "id, parent_id, path, code, level, name_kk, name_ru, name_en, lat, lon";

Region from_row(const storage::Row& r) {
  Region g;
  g.id = r.i64(0);
  g.parent_id = r.opt_i64(1);
  g.path = r.str(2);
  g.code = r.str(3);
  g.level = r.str(4);
  g.name_kk = r.str(5);
  g.name_ru = r.str(6);
  g.name_en = r.str(7);
  g.lat = r.opt_f64(8);
  g.lon = r.opt_f64(9);
  return g;
}

std::string key_of(const Region& r) {
  return core::fold(r.name_ru + " " + r.name_kk + " " + r.name_en);
}
std::string name_key_of(const Region& r) {
  return core::name_key(r.name_ru + " " + r.name_kk + " " + r.name_en);
}

}  // namespace

std::optional<Region> get(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe(std::string("SELECT ") + kColumns + " FROM regions WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::optional<Region> by_code(storage::Tx& tx, const std::string& code) {
  auto row = tx.maybe(std::string("SELECT ") + kColumns + " FROM regions WHERE code = $1", {code});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::vector<Region> list(storage::Tx& tx, const RegionFilter& f, const core::ListParams& p) {
  using storage::param;
  std::string sql = std::string("SELECT ") + kColumns + " FROM regions WHERE 1=1";
  storage::Params params;
  if (f.parent_id) sql += " AND parent_id = " + param(params, *f.parent_id);
  if (f.within) sql += " AND path LIKE " + param(params, "%/" + std::to_string(*f.within) + "/%");
  if (f.level) sql += " AND level = " + param(params, *f.level);
  if (p.q) sql += storage::name_search_clause(*p.q, params);
  sql += storage::keyset_clause(p, params);
  sql += storage::order_clause(p, params);
  std::vector<Region> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(from_row(r));
  return out;
}

std::vector<std::pair<Region, std::int64_t>> people_here(storage::Tx& tx,
                                                         const std::string& path_prefix) {
  std::vector<std::pair<Region, std::int64_t>> out;
  for (const auto& r : tx.query(
           "SELECT r.id, r.parent_id, r.path, r.code, r.level, r.name_kk, r.name_ru, r.name_en, "
           "r.lat, r.lon, COALESCE(c.people, 0) FROM regions r "
           "LEFT JOIN region_people c ON c.region_id = r.id WHERE r.path LIKE $1 ORDER BY r.code",
           {path_prefix + "%"}))
    out.emplace_back(from_row(r), r.i64(10));
  return out;
}

Region insert(storage::Tx& tx, Region r, std::int64_t now) {
  std::string parent_path = "/";
  if (r.parent_id) parent_path = get(tx, *r.parent_id)->path;
  r.id = tx.one(
               "INSERT INTO regions (parent_id, path, code, level, name_kk, name_ru, name_en, "
               "search_key, lat, lon, created_at, updated_at, name_key) VALUES ($1, '', $2, $3, "
               "$4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
               {r.parent_id, r.code, r.level, r.name_kk, r.name_ru, r.name_en, key_of(r), r.lat,
                r.lon, now, name_key_of(r)})
             .i64(0);
  r.path = parent_path + std::to_string(r.id) + "/";
  tx.exec("UPDATE regions SET path = $1 WHERE id = $2", {r.path, r.id});
  return r;
}

Region update(storage::Tx& tx, Region r, const std::string& old_path, std::int64_t now) {
  std::string parent_path = r.parent_id ? get(tx, *r.parent_id)->path : "/";
  r.path = parent_path + std::to_string(r.id) + "/";
  tx.exec(
      "UPDATE regions SET parent_id = $1, code = $2, level = $3, name_kk = $4, name_ru = $5, "
      "name_en = $6, search_key = $7, lat = $8, lon = $9, updated_at = $10, name_key = $12 WHERE "
      "id = $11",
      {r.parent_id, r.code, r.level, r.name_kk, r.name_ru, r.name_en, key_of(r), r.lat, r.lon, now,
       r.id, name_key_of(r)});
  if (r.path != old_path)
    tx.exec("UPDATE regions SET path = $1 || substr(path, $2) WHERE substr(path, 1, $3) = $4",
            {r.path, std::int64_t(old_path.size() + 1), std::int64_t(old_path.size()), old_path});
  return r;
}

void remove(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM regions WHERE id = $1", {id});
}

std::string usage(storage::Tx& tx, std::int64_t id) {
  std::string out;
  for (auto [table, what] :
       {std::pair{"regions WHERE parent_id", "child regions"},
        std::pair{"people WHERE region_id", "people"}, std::pair{"units WHERE region_id", "units"},
        std::pair{"facilities WHERE region_id", "facilities"},
        std::pair{"organisations WHERE region_id", "organisations"},
        std::pair{"accounts WHERE region_id", "accounts"}}) {
    auto n = tx.one(std::string("SELECT COUNT(*) FROM ") + table + " = $1", {id}).i64(0);
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  }
  return out;
}

std::vector<std::string> overlapping_codes(storage::Tx& tx, const std::string& code) {
  auto self = tx.maybe("SELECT path FROM regions WHERE code = $1", {code});
  if (!self) return {};
  // Paths are digits and slashes, so the subtree of P is the range [P, P + 0x7f).
  auto path = self->str(0);
  auto rows = tx.query(
      "SELECT code FROM regions WHERE (path >= $1 AND path < $2) OR $1 LIKE path || '%' "
      "ORDER BY code",
      {path, path + "\x7f"});
  std::vector<std::string> codes;
  codes.reserve(rows.size());
  for (const auto& r : rows) codes.push_back(r.str(0));
  return codes;
}

}  // namespace qorgan::registry::region_store
