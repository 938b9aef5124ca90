#include "activation/plan_store.hpp"

namespace qorgan::activation::plan_store {

namespace {

constexpr const char* kColumns =
    "id, name, region_id, region_path, deadline_minutes, message_kk, message_ru, message_en, "
    "created_by, created_at, updated_at";

Plan row(const storage::Row& r) {
  Plan p;
  p.id = r.i64(0);
  p.name = r.str(1);
  p.region_id = r.i64(2);
  p.region_path = r.str(3);
  p.deadline_minutes = r.i64(4);
  p.message_kk = r.str(5);
  p.message_ru = r.str(6);
  p.message_en = r.str(7);
  p.created_by = r.str(8);
  p.created_at = r.i64(9);
  p.updated_at = r.i64(10);
  return p;
}

void load_units(storage::Tx& tx, Plan& p) {
  p.units.clear();
  for (const auto& r :
       tx.query("SELECT unit_id, target, assembly_facility_id FROM activation_plan_units WHERE "
                "plan_id = $1 ORDER BY position",
                {p.id}))
    p.units.push_back({r.i64(0), r.i64(1), r.i64(2), {}, {}});
  if (p.units.empty()) return;
  // Needs in the order they were given (their rowid/insertion order is kept by `position`).
  for (const auto& r : tx.query(
           "SELECT unit_id, skill, count FROM activation_plan_needs WHERE plan_id = $1 ORDER BY "
           "unit_id, position",
           {p.id}))
    for (auto& u : p.units)
      if (u.unit_id == r.i64(0)) u.needs.push_back({r.str(1), r.i64(2)});
  for (const auto& r : tx.query(
           "SELECT unit_id, position, target FROM activation_plan_positions WHERE plan_id = $1 "
           "ORDER BY unit_id, ordinal",
           {p.id}))
    for (auto& u : p.units)
      if (u.unit_id == r.i64(0)) u.positions.push_back({r.str(1), r.i64(2)});
}

void store_units(storage::Tx& tx, const Plan& p) {
  tx.exec("DELETE FROM activation_plan_units WHERE plan_id = $1", {p.id});
  std::int64_t position = 0;
  for (const auto& u : p.units)
    tx.exec(
        "INSERT INTO activation_plan_units (plan_id, position, unit_id, target, "
        "assembly_facility_id) VALUES ($1, $2, $3, $4, $5)",
        {p.id, position++, u.unit_id, u.target, u.assembly_facility_id});
  tx.exec("DELETE FROM activation_plan_needs WHERE plan_id = $1", {p.id});
  for (const auto& u : p.units) {
    std::int64_t at = 0;
    for (const auto& n : u.needs)
      tx.exec(
          "INSERT INTO activation_plan_needs (plan_id, unit_id, position, skill, count) VALUES "
          "($1, $2, $3, $4, $5)",
          {p.id, u.unit_id, at++, n.skill, n.count});
  }
  tx.exec("DELETE FROM activation_plan_positions WHERE plan_id = $1", {p.id});
  for (const auto& u : p.units) {
    std::int64_t at = 0;
    for (const auto& t : u.positions)
      tx.exec(
          "INSERT INTO activation_plan_positions (plan_id, unit_id, ordinal, position, target) "
          "VALUES ($1, $2, $3, $4, $5)",
          {p.id, u.unit_id, at++, t.position, t.target});
  }
}

}  // namespace

std::optional<Plan> get(storage::Tx& tx, std::int64_t id) {
  auto r =
      tx.maybe(std::string("SELECT ") + kColumns + " FROM activation_plans WHERE id = $1", {id});
  if (!r) return std::nullopt;
  Plan p = row(*r);
  load_units(tx, p);
  return p;
}

std::vector<Plan> list(storage::Tx& tx, const std::string& path_prefix, std::int64_t after,
                       int limit) {
  std::vector<Plan> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kColumns +
                    " FROM activation_plans WHERE id > $1 AND substr(region_path, 1, $2) = $3 "
                    "ORDER BY id LIMIT $4",
                {after, std::int64_t(path_prefix.size()), path_prefix, std::int64_t(limit) + 1}))
    out.push_back(row(r));
  for (auto& p : out) load_units(tx, p);
  return out;
}

std::int64_t insert(storage::Tx& tx, const Plan& p) {
  auto id = tx.one(
                  "INSERT INTO activation_plans (name, region_id, region_path, deadline_minutes, "
                  "message_kk, message_ru, message_en, created_by, created_at, updated_at) VALUES "
                  "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                  {p.name, p.region_id, p.region_path, p.deadline_minutes, p.message_kk,
                   p.message_ru, p.message_en, p.created_by, p.created_at, p.updated_at})
                .i64(0);
  Plan stored = p;
  stored.id = id;
  store_units(tx, stored);
  return id;
}

void update(storage::Tx& tx, const Plan& p) {
  tx.exec(
      "UPDATE activation_plans SET name = $2, region_id = $3, region_path = $4, "
      "deadline_minutes = $5, message_kk = $6, message_ru = $7, message_en = $8, updated_at = $9 "
      "WHERE id = $1",
      {p.id, p.name, p.region_id, p.region_path, p.deadline_minutes, p.message_kk, p.message_ru,
       p.message_en, p.updated_at});
  store_units(tx, p);
}

void remove(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM activation_plan_positions WHERE plan_id = $1", {id});
  tx.exec("DELETE FROM activation_plan_needs WHERE plan_id = $1", {id});
  tx.exec("DELETE FROM activation_plan_units WHERE plan_id = $1", {id});
  tx.exec("DELETE FROM activation_plans WHERE id = $1", {id});
}

}  // namespace qorgan::activation::plan_store
