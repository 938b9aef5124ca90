#include "registry/organisation_store.hpp"

#include "core/text.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::organisation_store {

namespace {

constexpr const char* kSelect =
    "SELECT o.id, o.name, o.search_key, o.kind, o.size_category, o.region_id, o.contact_name, "
    "o.phone, o.email, o.created_at, o.updated_at, COALESCE(r.path, '') FROM organisations o "
    "LEFT JOIN regions r ON r.id = o.region_id";

Organisation from_row(const storage::Row& r) {
  Organisation o;
  o.id = r.i64(0);
  o.name = r.str(1);
  o.search_key = r.str(2);
  o.kind = r.str(3);
  o.size_category = r.str(4);
  o.region_id = r.opt_i64(5);
  o.contact_name = r.opt_str(6);
  o.phone = r.opt_str(7);
  o.email = r.opt_str(8);
  o.created_at = r.i64(9);
  o.updated_at = r.i64(10);
  o.region_path = r.str(11);
  return o;
}

// The organisations `scope` covers: a region scope also covers those without a region, a
// commander's unit scope covers all.
std::string scope_clause(const auth::Scope& scope, storage::Params& params) {
  using enum auth::Scope::Kind;
  switch (scope.kind) {
    case everything:
    case unit:
      return {};
    case region:
      return " AND (region_id IS NULL OR region_path LIKE " +
             storage::param(params, core::like_escape(scope.path) + "%") + " ESCAPE '\\')";
    case organisation:
      return " AND id = " + storage::param(params, scope.id);
    default:
      return " AND 1=0";
  }
}

}  // namespace

std::optional<Organisation> get(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe(std::string(kSelect) + " WHERE o.id = $1", {id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::vector<Organisation> list(storage::Tx& tx, const OrganisationFilter& f,
                               const core::ListParams& p) {
  using storage::param;
  // The list's columns are unqualified in the keyset and search clauses, so select from a
  // derived table whose column names are the organisation's own.
  std::string sql =
      "SELECT id, name, search_key, kind, size_category, region_id, contact_name, phone, email, "
      "created_at, updated_at, region_path FROM (SELECT o.*, COALESCE(r.path, '') AS region_path "
      "FROM organisations o LEFT JOIN regions r ON r.id = o.region_id) t WHERE 1=1";
  storage::Params params;
  if (f.region)
    sql += " AND region_path LIKE " + param(params, "%/" + std::to_string(*f.region) + "/%");
  if (f.kind) sql += " AND kind = " + param(params, *f.kind);
  if (f.size_category) sql += " AND size_category = " + param(params, *f.size_category);
  sql += scope_clause(f.scope, params);
  if (p.q) sql += storage::name_search_clause(*p.q, params);
  sql += storage::keyset_clause(p, params);
  sql += storage::order_clause(p, params);
  std::vector<Organisation> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(from_row(r));
  return out;
}

Organisation insert(storage::Tx& tx, Organisation o, std::int64_t now) {
  o.search_key = core::fold(o.name);
  o.created_at = o.updated_at = now;
  o.id = tx.one(
               "INSERT INTO organisations (name, search_key, kind, size_category, region_id, "
               "contact_name, phone, email, created_at, updated_at, name_key) VALUES ($1, $2, $3, "
               "$4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
               {o.name, o.search_key, o.kind, o.size_category, o.region_id, o.contact_name, o.phone,
                o.email, now, core::name_key(o.name)})
             .i64(0);
  return *get(tx, o.id);
}

Organisation update(storage::Tx& tx, Organisation o, std::int64_t now) {
  o.search_key = core::fold(o.name);
  tx.exec(
      "UPDATE organisations SET name = $1, search_key = $2, kind = $3, size_category = $4, "
      "region_id = $5, contact_name = $6, phone = $7, email = $8, updated_at = $9, name_key = $11 "
      "WHERE id = $10",
      {o.name, o.search_key, o.kind, o.size_category, o.region_id, o.contact_name, o.phone, o.email,
       now, o.id, core::name_key(o.name)});
  return *get(tx, o.id);
}

void remove(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM organisations WHERE id = $1", {id});
}

std::string usage(storage::Tx& tx, std::int64_t id) {
  std::string out;
  for (auto [table, what] : {std::pair{"facilities WHERE organisation_id", "facilities"},
                             std::pair{"accounts WHERE organisation_id", "accounts"}}) {
    auto n = tx.one(std::string("SELECT COUNT(*) FROM ") + table + " = $1", {id}).i64(0);
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  }
  return out;
}

}  // namespace qorgan::registry::organisation_store
