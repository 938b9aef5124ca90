#include "registry/facility_store.hpp"

#include "core/text.hpp"
#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::facility_store {

namespace {

// The list's clauses use unqualified column names, so facilities are read from a derived table
// that adds the region's path.
constexpr const char* kSelect =
    "SELECT id, name, search_key, kind, organisation_id, region_id, region_path, address, lat, "
    "lon, criticality, guard_posts, shelter_capacity, created_at, updated_at FROM (SELECT f.*, "
    "r.path AS region_path FROM facilities f JOIN regions r ON r.id = f.region_id) t";

Facility from_row(const storage::Row& r) {
  Facility x;
  x.id = r.i64(0);
  x.name = r.str(1);
  x.search_key = r.str(2);
  x.kind = r.str(3);
  x.organisation_id = r.opt_i64(4);
  x.region_id = r.i64(5);
  x.region_path = r.str(6);
  x.address = r.opt_str(7);
  x.lat = r.f64(8);
  x.lon = r.f64(9);
  x.criticality = r.i64(10);
  x.guard_posts = r.i64(11);
  x.shelter_capacity = r.opt_i64(12);
  x.created_at = r.i64(13);
  x.updated_at = r.i64(14);
  return x;
}

// Names and addresses are both searched: people look a school up by its street as often as by
// its number.
std::string key_of(const Facility& x) {
  return core::fold(x.name + " " + x.address.value_or(""));
}
std::string name_key_of(const Facility& x) {
  return core::name_key(x.name + " " + x.address.value_or(""));
}

// The facilities `scope` covers; paths hold only digits and '/', so they need no LIKE escaping.
std::string scope_clause(storage::Tx& tx, const auth::Scope& scope, storage::Params& params) {
  using enum auth::Scope::Kind;
  switch (scope.kind) {
    case everything:
      return {};
    case region:
      return " AND region_path LIKE " + storage::param(params, scope.path + "%");
    case unit: {
      auto home = unit_region_path(tx, scope.id);
      if (home.empty()) return " AND 1=0";
      return " AND region_path LIKE " + storage::param(params, home + "%");
    }
    case organisation:
      return " AND organisation_id = " + storage::param(params, scope.id);
    default:
      return " AND 1=0";
  }
}

}  // namespace

std::optional<Facility> get(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe(std::string(kSelect) + " WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::optional<Facility> reach(storage::Tx& tx, std::int64_t id) {
  std::optional<Facility> out;
  storage::each_row(tx,
                    "SELECT r.path, f.organisation_id FROM facilities f JOIN regions r ON r.id = "
                    "f.region_id WHERE f.id = $1",
                    {id}, [&](const storage::RowCursor& r) {
                      out.emplace();
                      out->id = id;
                      out->region_path = r.text(0);
                      out->organisation_id = r.opt_i64(1);
                    });
  return out;
}

std::vector<Facility> list(storage::Tx& tx, const FacilityFilter& f, const core::ListParams& p) {
  using storage::param;
  std::string sql = std::string(kSelect) + " WHERE 1=1";
  storage::Params params;
  if (f.region)
    sql += " AND region_path LIKE " + param(params, "%/" + std::to_string(*f.region) + "/%");
  if (f.organisation_id) sql += " AND organisation_id = " + param(params, *f.organisation_id);
  if (f.criticality) sql += " AND criticality = " + param(params, *f.criticality);
  if (f.kind) sql += " AND kind = " + param(params, *f.kind);
  if (f.shelter)
    sql += *f.shelter ? " AND shelter_capacity IS NOT NULL" : " AND shelter_capacity IS NULL";
  sql += scope_clause(tx, f.scope, params);
  if (p.q) sql += storage::name_search_clause(*p.q, params);
  sql += storage::keyset_clause(p, params);
  sql += storage::order_clause(p, params);
  std::vector<Facility> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(from_row(r));
  return out;
}

Facility insert(storage::Tx& tx, Facility x, std::int64_t now) {
  x.id = tx.one(
               "INSERT INTO facilities (name, search_key, kind, organisation_id, region_id, "
               "address, lat, lon, criticality, guard_posts, shelter_capacity, created_at, "
               "updated_at, name_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
               "$12, $13) RETURNING id",
               {x.name, key_of(x), x.kind, x.organisation_id, x.region_id, x.address, x.lat, x.lon,
                x.criticality, x.guard_posts, x.shelter_capacity, now, name_key_of(x)})
             .i64(0);
  return *get(tx, x.id);
}

Facility update(storage::Tx& tx, const Facility& x, std::int64_t now) {
  tx.exec(
      "UPDATE facilities SET name = $1, search_key = $2, kind = $3, organisation_id = $4, "
      "region_id = $5, address = $6, lat = $7, lon = $8, criticality = $9, guard_posts = $10, "
      "shelter_capacity = $11, updated_at = $12, name_key = $14 WHERE id = $13",
      {x.name, key_of(x), x.kind, x.organisation_id, x.region_id, x.address, x.lat, x.lon,
       x.criticality, x.guard_posts, x.shelter_capacity, now, x.id, name_key_of(x)});
  return *get(tx, x.id);
}

void remove(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM facilities WHERE id = $1", {id});
}

std::string unit_region_path(storage::Tx& tx, std::int64_t unit_id) {
  auto row = tx.maybe(
      "SELECT r.path FROM units u JOIN regions r ON r.id = u.region_id WHERE u.id = $1", {unit_id});
  return row ? row->str(0) : std::string();
}

}  // namespace qorgan::registry::facility_store
