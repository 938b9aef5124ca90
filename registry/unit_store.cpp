#include "registry/unit_store.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "core/text.hpp"
#include "core/time.hpp"
#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::unit_store {

namespace {

// The list's clauses use unqualified column names, so units are read from a derived table that
// adds the home region's path.
constexpr const char* kSelect =
    "SELECT id, parent_id, path, name, search_key, kind, region_id, region_path, status, "
    "commander_id, created_at, updated_at FROM (SELECT u.*, r.path AS region_path FROM units u "
    "JOIN regions r ON r.id = u.region_id) t";

Unit from_row(const storage::RowCursor& r) {
  Unit u;
  u.id = r.i64(0);
  u.parent_id = r.opt_i64(1);
  u.path = r.text(2);
  u.name = r.text(3);
  u.search_key = r.text(4);
  u.kind = r.text(5);
  u.region_id = r.i64(6);
  u.region_path = r.text(7);
  u.status = r.text(8);
  u.commander_id = r.opt_i64(9);
  u.created_at = r.i64(10);
  u.updated_at = r.i64(11);
  return u;
}

// The units `sql` (selecting kSelect's columns) reads, in its order, read from the engine's row
// in place: a readiness answer reads a region's thousand units twice.
std::vector<Unit> units_of(storage::Tx& tx, std::string_view sql, const storage::Params& params) {
  std::vector<Unit> out;
  storage::each_row(tx, sql, params,
                    [&](const storage::RowCursor& r) { out.push_back(from_row(r)); });
  return out;
}

// Fills the positions of every unit in one query.
void load_positions(storage::Tx& tx, std::vector<Unit>& units) {
  if (units.empty()) return;
  std::string sql = "SELECT unit_id, position, target FROM unit_positions WHERE unit_id IN (";
  storage::Params params;
  std::map<std::int64_t, Unit*> by_id;
  for (auto& u : units) {
    if (!params.empty()) sql += ", ";
    sql += param(params, u.id);
    by_id[u.id] = &u;
  }
  sql += ")";
  storage::each_row(tx, sql, params, [&](const storage::RowCursor& r) {
    by_id[r.i64(0)]->positions.push_back({std::string(r.text(1)), r.i64(2)});
  });
  // Byte order, the same on both engines whatever PostgreSQL's collation.
  for (auto& u : units)
    std::sort(u.positions.begin(), u.positions.end(),
              [](const auto& a, const auto& b) { return a.position < b.position; });
}

void write_positions(storage::Tx& tx, const Unit& u) {
  tx.exec("DELETE FROM unit_positions WHERE unit_id = $1", {u.id});
  for (const auto& p : u.positions)
    tx.exec("INSERT INTO unit_positions (unit_id, position, target) VALUES ($1, $2, $3)",
            {u.id, p.position, p.target});
}

// The units `scope` covers; paths hold only digits and '/', so they need no LIKE escaping.
std::string scope_clause(const auth::Scope& scope, storage::Params& params) {
  using enum auth::Scope::Kind;
  using storage::param;
  switch (scope.kind) {
    case everything:
      return {};
    case region:
      return " AND region_path LIKE " + param(params, scope.path + "%");
    case unit:
      return " AND id IN (SELECT unit_id FROM unit_ancestry WHERE ancestor_id = " +
             param(params, scope.id) + ")";
    case person: {
      auto who = param(params, scope.id);
      auto day = param(params, core::today_utc());
      return " AND id IN (SELECT unit_id FROM memberships WHERE person_id = " + who +
             " AND from_date <= " + day + " AND (to_date IS NULL OR to_date >= " + day + "))";
    }
    default:
      return " AND 1=0";
  }
}

}  // namespace

std::optional<Unit> get(storage::Tx& tx, std::int64_t id) {
  auto one = units_of(tx, std::string(kSelect) + " WHERE id = $1", {id});
  if (one.empty()) return std::nullopt;
  load_positions(tx, one);
  return one.front();
}

namespace {

// Calls `read(in, params)` for the ids in slices, `in` the slice's parameter list: each slice one
// statement, well under both engines' limits on parameters.
template <typename Read>
void in_slices(const std::set<std::int64_t>& ids, Read read) {
  constexpr std::size_t kSlice = 1000;
  std::vector<std::int64_t> all(ids.begin(), ids.end());
  for (std::size_t at = 0; at < all.size(); at += kSlice) {
    storage::Params params;
    std::string in;
    for (std::size_t i = at; i < std::min(all.size(), at + kSlice); ++i)
      in += (in.empty() ? "" : ", ") + param(params, all[i]);
    read(in, params);
  }
}

}  // namespace

std::vector<Unit> get_many(storage::Tx& tx, const std::set<std::int64_t>& ids) {
  std::vector<Unit> out;
  in_slices(ids, [&](const std::string& in, const storage::Params& params) {
    auto slice = units_of(tx, std::string(kSelect) + " WHERE id IN (" + in + ")", params);
    load_positions(tx, slice);
    for (auto& u : slice) out.push_back(std::move(u));
  });
  std::sort(out.begin(), out.end(), [](const Unit& a, const Unit& b) { return a.id < b.id; });
  return out;
}

std::vector<Unit> reach_many(storage::Tx& tx, const std::set<std::int64_t>& ids) {
  std::vector<Unit> out;
  in_slices(ids, [&](const std::string& in, const storage::Params& params) {
    storage::each_row(tx,
                      "SELECT u.id, u.path, r.path FROM units u JOIN regions r ON r.id = "
                      "u.region_id WHERE u.id IN (" +
                          in + ")",
                      params, [&](const storage::RowCursor& r) {
                        Unit u;
                        u.id = r.i64(0);
                        u.path = r.text(1);
                        u.region_path = r.text(2);
                        out.push_back(std::move(u));
                      });
  });
  std::sort(out.begin(), out.end(), [](const Unit& a, const Unit& b) { return a.id < b.id; });
  return out;
}

std::vector<Unit> list(storage::Tx& tx, const UnitFilter& f, const core::ListParams& p) {
  using storage::param;
  std::string sql = std::string(kSelect) + " WHERE 1=1";
  storage::Params params;
  if (f.region)
    sql += " AND region_path LIKE " + param(params, "%/" + std::to_string(*f.region) + "/%");
  if (f.parent_id) sql += " AND parent_id = " + param(params, *f.parent_id);
  if (f.within)
    sql += " AND id IN (SELECT unit_id FROM unit_ancestry WHERE ancestor_id = " +
           param(params, *f.within) + ")";
  if (f.kind) sql += " AND kind = " + param(params, *f.kind);
  if (f.status) sql += " AND status = " + param(params, *f.status);
  sql += scope_clause(f.scope, params);
  if (p.q) sql += storage::name_search_clause(*p.q, params);
  sql += storage::keyset_clause(p, params);
  sql += storage::order_clause(p, params);
  auto out = units_of(tx, sql, params);
  load_positions(tx, out);
  return out;
}

Unit insert(storage::Tx& tx, Unit u, std::int64_t now) {
  std::string parent_path = u.parent_id ? get(tx, *u.parent_id)->path : "/";
  u.id = tx.one(
               "INSERT INTO units (parent_id, path, name, search_key, kind, region_id, status, "
               "commander_id, created_at, updated_at, name_key) VALUES ($1, '', $2, $3, $4, $5, "
               "$6, $7, $8, $8, $9) RETURNING id",
               {u.parent_id, u.name, core::fold(u.name), u.kind, u.region_id, u.status,
                u.commander_id, now, core::name_key(u.name)})
             .i64(0);
  tx.exec("UPDATE units SET path = $1 WHERE id = $2",
          {parent_path + std::to_string(u.id) + "/", u.id});
  tx.exec("INSERT INTO unit_ancestry (ancestor_id, unit_id, depth) VALUES ($1, $1, 0)", {u.id});
  if (u.parent_id)
    tx.exec(
        "INSERT INTO unit_ancestry (ancestor_id, unit_id, depth) SELECT ancestor_id, "
        "CAST($1 AS BIGINT), depth + 1 FROM unit_ancestry WHERE unit_id = $2",
        {u.id, *u.parent_id});
  write_positions(tx, u);
  return *get(tx, u.id);
}

Unit update(storage::Tx& tx, Unit u, const std::string& old_path, std::int64_t now) {
  std::string parent_path = u.parent_id ? get(tx, *u.parent_id)->path : "/";
  std::string path = parent_path + std::to_string(u.id) + "/";
  tx.exec(
      "UPDATE units SET parent_id = $1, name = $2, search_key = $3, kind = $4, region_id = $5, "
      "status = $6, commander_id = $7, updated_at = $8, name_key = $10 WHERE id = $9",
      {u.parent_id, u.name, core::fold(u.name), u.kind, u.region_id, u.status, u.commander_id, now,
       u.id, core::name_key(u.name)});
  if (path != old_path) {
    tx.exec("UPDATE units SET path = $1 || substr(path, $2) WHERE substr(path, 1, $3) = $4",
            {path, std::int64_t(old_path.size() + 1), std::int64_t(old_path.size()), old_path});
    // The subtree keeps its inner links and trades the old parent's ancestors for the new one's.
    tx.exec(
        "DELETE FROM unit_ancestry WHERE unit_id IN (SELECT unit_id FROM unit_ancestry WHERE "
        "ancestor_id = $1) AND ancestor_id NOT IN (SELECT unit_id FROM unit_ancestry WHERE "
        "ancestor_id = $1)",
        {u.id});
    if (u.parent_id)
      tx.exec(
          "INSERT INTO unit_ancestry (ancestor_id, unit_id, depth) SELECT a.ancestor_id, "
          "s.unit_id, a.depth + s.depth + 1 FROM unit_ancestry a JOIN unit_ancestry s ON "
          "s.ancestor_id = $1 WHERE a.unit_id = $2",
          {u.id, *u.parent_id});
  }
  write_positions(tx, u);
  return *get(tx, u.id);
}

void remove(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM unit_positions WHERE unit_id = $1", {id});
  tx.exec("DELETE FROM unit_ancestry WHERE unit_id = $1 OR ancestor_id = $1", {id});
  tx.exec("DELETE FROM units WHERE id = $1", {id});
}

std::string usage(storage::Tx& tx, std::int64_t id) {
  std::string out;
  for (auto [table, what] : {std::pair{"units WHERE parent_id", "child units"},
                             std::pair{"memberships WHERE unit_id", "memberships"},
                             std::pair{"accounts WHERE unit_id", "accounts"}}) {
    auto n = tx.one(std::string("SELECT COUNT(*) FROM ") + table + " = $1", {id}).i64(0);
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  }
  return out;
}

std::optional<std::string> person_region_path(storage::Tx& tx, std::int64_t person_id) {
  auto r = tx.maybe(
      "SELECT (SELECT path FROM regions WHERE regions.id = people.region_id) FROM people "
      "WHERE id = $1",
      {person_id});
  if (!r) return std::nullopt;
  return r->str(0);
}

bool is_member(storage::Tx& tx, std::int64_t person_id, std::int64_t unit_id) {
  return tx
      .maybe(
          "SELECT 1 FROM memberships WHERE person_id = $1 AND unit_id = $2 AND from_date <= $3 "
          "AND (to_date IS NULL OR to_date >= $3)",
          {person_id, unit_id, core::today_utc()})
      .has_value();
}

std::vector<PositionStrength> strength(storage::Tx& tx, std::int64_t unit_id) {
  std::vector<PositionStrength> out;
  for (const auto& r :
       tx.query("SELECT position, CAST(SUM(target) AS BIGINT), CAST(SUM(actual) AS BIGINT) FROM ("
                "SELECT position, target, 0 AS actual FROM unit_positions WHERE unit_id = $1 "
                "UNION ALL SELECT position, 0 AS target, 1 AS actual FROM memberships "
                "WHERE unit_id = $1 AND from_date <= $2 AND (to_date IS NULL OR to_date >= $2)) s "
                "GROUP BY position",
                {unit_id, core::today_utc()}))
    out.push_back({r.str(0), r.i64(1), r.i64(2)});
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.position < b.position; });
  return out;
}

namespace {

// A skill counts on a day (the placeholder `day`) when it was gained on or before it and had not
// expired before it.
std::string valid_skill(const std::string& day) {
  return "(s.qualified_on IS NULL OR s.qualified_on <= " + day + ") AND (s.expires_on IS NULL OR " +
         "s.expires_on >= " + day + ")";
}

}  // namespace

std::map<std::int64_t, UnitCapacity> capacities(storage::Tx& tx, const std::vector<Unit>& units,
                                                const std::string& date) {
  // A few queries for any number of units, rather than a few per unit: which units lie in which
  // asked-for subtrees (unit_ancestry), their current memberships, then those members' valid
  // skills.
  std::map<std::int64_t, UnitCapacity> out;
  if (units.empty()) return out;
  storage::Params asked;
  std::string in_asked;
  for (const auto& u : units) {
    out[u.id].unit_id = u.id;
    in_asked += (in_asked.empty() ? "" : ", ") + storage::param(asked, u.id);
  }
  std::map<std::int64_t, std::vector<std::int64_t>> under;  // unit → asked-for units above it
  for (const auto& r : tx.query(
           "SELECT unit_id, ancestor_id FROM unit_ancestry WHERE ancestor_id IN (" + in_asked + ")",
           asked))
    under[r.i64(0)].push_back(r.i64(1));
  std::map<std::int64_t, std::set<std::int64_t>> members;  // asked-for unit → people
  std::set<std::int64_t> people;
  constexpr std::size_t kChunk = 500;
  std::vector<std::int64_t> unit_ids;
  for (const auto& [id, above] : under) unit_ids.push_back(id);
  for (std::size_t from = 0; from < unit_ids.size(); from += kChunk) {
    storage::Params params{date};
    std::string in;
    for (std::size_t i = from; i < std::min(unit_ids.size(), from + kChunk); ++i)
      in += (in.empty() ? "" : ", ") + storage::param(params, unit_ids[i]);
    for (const auto& r :
         tx.query("SELECT m.unit_id, m.person_id FROM memberships m WHERE m.unit_id IN (" + in +
                      ") AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date >= $1)",
                  params)) {
      const std::int64_t person = r.i64(1);
      people.insert(person);
      for (auto unit : under[r.i64(0)]) members[unit].insert(person);
    }
  }
  std::map<std::int64_t, std::vector<std::string>> skills_of;  // person → valid skills
  std::vector<std::int64_t> all(people.begin(), people.end());
  for (std::size_t from = 0; from < all.size(); from += kChunk) {
    storage::Params params{date};
    std::string in;
    for (std::size_t i = from; i < std::min(all.size(), from + kChunk); ++i)
      in += (in.empty() ? "" : ", ") + storage::param(params, all[i]);
    for (const auto& r :
         tx.query("SELECT DISTINCT s.person_id, s.skill FROM person_skills s WHERE " +
                      valid_skill("$1") + " AND s.person_id IN (" + in + ")",
                  params))
      skills_of[r.i64(0)].push_back(r.str(1));
  }
  for (const auto& [unit, who] : members) {
    UnitCapacity& c = out[unit];
    c.members = std::int64_t(who.size());
    for (auto person : who)
      if (auto it = skills_of.find(person); it != skills_of.end())
        for (const auto& skill : it->second) ++c.skills[skill];
  }
  return out;
}

std::map<std::string, std::int64_t> skill_holders(storage::Tx& tx,
                                                  const std::vector<std::int64_t>& people,
                                                  const std::string& date) {
  // Per skill, the people holding it; counted here so that chunks of the IN list add up.
  std::map<std::string, std::set<std::int64_t>> holders;
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < people.size(); from += kChunk) {
    storage::Params params{date};
    std::string in;
    for (std::size_t i = from; i < std::min(people.size(), from + kChunk); ++i)
      in += (in.empty() ? "" : ", ") + storage::param(params, people[i]);
    for (const auto& r : tx.query("SELECT s.skill, s.person_id FROM person_skills s WHERE " +
                                      valid_skill("$1") + " AND s.person_id IN (" + in + ")",
                                  params))
      holders[r.str(0)].insert(r.i64(1));
  }
  std::map<std::string, std::int64_t> out;
  for (const auto& [skill, who] : holders) out[skill] = std::int64_t(who.size());
  return out;
}

}  // namespace qorgan::registry::unit_store

namespace qorgan::registry::unit_store {

namespace {

// unit → the asked-for units whose subtree holds it (unit_ancestry lists a unit as its own
// ancestor, so each asked-for unit is there too).
std::map<std::int64_t, std::vector<std::int64_t>> subtrees(storage::Tx& tx,
                                                           const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::vector<std::int64_t>> under;
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < ids.size(); from += kChunk) {
    storage::Params params;
    std::string in;
    for (std::size_t i = from; i < std::min(ids.size(), from + kChunk); ++i)
      in += (in.empty() ? "" : ", ") + storage::param(params, ids[i]);
    for (const auto& r : tx.query(
             "SELECT unit_id, ancestor_id FROM unit_ancestry WHERE ancestor_id IN (" + in + ")",
             params))
      under[r.i64(0)].push_back(r.i64(1));
  }
  return under;
}

// Calls f(row) for each row of `sql_head` + " IN (…)" + `sql_tail` over `values` in chunks; the
// date, when given, is $1.
template <class F>
void chunked(storage::Tx& tx, const std::string& sql_head, const std::string& sql_tail,
             const std::vector<std::int64_t>& values, const std::optional<std::string>& date,
             F&& f) {
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < values.size(); from += kChunk) {
    storage::Params params;
    if (date) params.push_back(*date);
    std::string in;
    for (std::size_t i = from; i < std::min(values.size(), from + kChunk); ++i)
      in += (in.empty() ? "" : ", ") + storage::param(params, values[i]);
    for (const auto& r : tx.query(sql_head + " IN (" + in + ")" + sql_tail, params)) f(r);
  }
}

std::vector<std::int64_t> keys(const std::map<std::int64_t, std::vector<std::int64_t>>& m) {
  std::vector<std::int64_t> out;
  out.reserve(m.size());
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

constexpr const char* kCurrent =
    " AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date >= $1)";

}  // namespace

std::map<std::int64_t, std::map<std::string, std::int64_t>> position_members(
    storage::Tx& tx, const std::vector<std::int64_t>& unit_ids, const std::string& date,
    const std::vector<std::int64_t>* among) {
  std::map<std::int64_t, std::map<std::string, std::int64_t>> out;
  for (auto id : unit_ids) out[id];
  if (unit_ids.empty() || (among && among->empty())) return out;
  const auto under = subtrees(tx, unit_ids);
  const std::set<std::int64_t> only =
      among ? std::set<std::int64_t>(among->begin(), among->end()) : std::set<std::int64_t>{};
  std::map<std::int64_t, std::map<std::string, std::set<std::int64_t>>> holders;
  chunked(tx, "SELECT m.unit_id, m.person_id, m.position FROM memberships m WHERE m.unit_id",
          kCurrent, keys(under), date, [&](const storage::Row& r) {
            const std::int64_t person = r.i64(1);
            if (among && !only.contains(person)) return;
            for (auto unit : under.at(r.i64(0))) holders[unit][r.str(2)].insert(person);
          });
  for (const auto& [unit, by_position] : holders)
    for (const auto& [position, who] : by_position) out[unit][position] = std::int64_t(who.size());
  return out;
}

std::map<std::int64_t, std::int64_t> members_among(storage::Tx& tx,
                                                   const std::vector<std::int64_t>& unit_ids,
                                                   const std::vector<std::int64_t>& people,
                                                   const std::string& date) {
  std::map<std::int64_t, std::int64_t> out;
  for (auto id : unit_ids) out[id] = 0;
  if (unit_ids.empty() || people.empty()) return out;
  const auto under = subtrees(tx, unit_ids);
  std::map<std::int64_t, std::set<std::int64_t>> members;  // asked-for unit → people
  chunked(tx, "SELECT m.unit_id, m.person_id FROM memberships m WHERE m.person_id", kCurrent,
          people, date, [&](const storage::Row& r) {
            if (auto it = under.find(r.i64(0)); it != under.end())
              for (auto unit : it->second) members[unit].insert(r.i64(1));
          });
  for (const auto& [unit, who] : members) out[unit] = std::int64_t(who.size());
  return out;
}

std::map<std::int64_t, std::set<std::string>> known_positions(
    storage::Tx& tx, const std::vector<std::int64_t>& unit_ids) {
  std::map<std::int64_t, std::set<std::string>> out;
  for (auto id : unit_ids) out[id];
  if (unit_ids.empty()) return out;
  const auto under = subtrees(tx, unit_ids);
  auto add = [&](const storage::Row& r) {
    for (auto unit : under.at(r.i64(0))) out[unit].insert(r.str(1));
  };
  chunked(tx, "SELECT DISTINCT unit_id, position FROM unit_positions WHERE unit_id", "",
          keys(under), std::nullopt, add);
  chunked(tx, "SELECT DISTINCT unit_id, position FROM memberships WHERE unit_id", "", keys(under),
          std::nullopt, add);
  return out;
}

}  // namespace qorgan::registry::unit_store
