#include "registry/units.hpp"

#include <algorithm>
#include <set>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/capacity_cache.hpp"
#include "registry/generation_store.hpp"
#include "registry/region_store.hpp"
#include "registry/registry_json.hpp"
#include "registry/unit_store.hpp"

namespace qorgan::registry {

using auth::Role;
using core::Error;
using core::fail;

const std::vector<core::SortOption>& Units::sorts() {
  static const std::vector<core::SortOption> s{
      {"name", "search_key", false}, {"id", "id", true}, {"created_at", "created_at", true}};
  return s;
}

const std::vector<std::string>& Units::kinds() {
  static const std::vector<std::string> k{"territorial_troops", "law_enforcement", "special_unit",
                                          "volunteer_squad"};
  return k;
}

const std::vector<std::string>& Units::statuses() {
  static const std::vector<std::string> s{"planned", "forming", "active", "stood_down"};
  return s;
}

namespace {

Error not_found(std::int64_t id) {
  return Error::not_found("No unit has id " + std::to_string(id) + ".");
}

const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                 Role::volunteer};

bool can_read(storage::Tx& tx, const auth::Principal& who, const Unit& u) {
  if (!who.in(kReaders)) return false;
  auto scope = auth::scope_of(who);
  switch (scope.kind) {
    case auth::Scope::Kind::everything:
      return true;
    case auth::Scope::Kind::region:
      return u.region_path.starts_with(scope.path);
    case auth::Scope::Kind::unit:
      return u.path.starts_with(scope.path);
    case auth::Scope::Kind::person:
      return unit_store::is_member(tx, scope.id, u.id);
    default:
      return false;
  }
}

// Full write access (every field, create, delete); commanders only change status, checked apart.
bool can_write(const auth::Principal& who, const Unit& u) {
  if (who.is(Role::admin)) return true;
  return who.is(Role::hq_staff) && who.sees_region_path(u.region_path);
}

struct Input {
  std::optional<std::string> name, kind, status;
  std::optional<std::int64_t> parent_id, region_id, commander_id;
  bool parent_given = false, commander_given = false;
  std::optional<std::vector<UnitPosition>> positions;
  std::set<std::string> given;  // the fields present in the body
};

core::Result<Input> read_input(const core::Json& body, bool creating) {
  core::JsonFields f(body);
  Input in;
  for (auto it = body.begin(); it != body.end(); ++it) in.given.insert(it.key());
  in.name = f.str("name", creating, 300);
  in.kind = f.choice("kind", creating, Units::kinds());
  in.status = f.choice("status", false, Units::statuses());
  in.parent_given = f.has("parent_id");
  in.parent_id = f.i64("parent_id", false, 1);
  in.region_id = f.i64("region_id", creating, 1);
  in.commander_given = f.has("commander_id");
  in.commander_id = f.i64("commander_id", false, 1);
  if (!creating)
    for (const char* name : {"name", "kind", "status", "region_id", "positions"})
      if (f.has(name) && body[name].is_null()) f.add(name, "cannot be removed");
  if (in.name && in.name->empty()) f.add("name", "must not be empty");
  if (const auto* arr = f.array("positions", false)) {
    std::vector<UnitPosition> list;
    std::set<std::string> seen;
    if (arr->size() > 200) f.add("positions", "may list at most 200 positions");
    for (size_t i = 0; i < arr->size() && i < 200; ++i) {
      std::string at = "positions[" + std::to_string(i) + "]";
      if (!(*arr)[i].is_object()) {
        f.add(at, "must be an object {position, target}");
        continue;
      }
      core::JsonFields p((*arr)[i]);
      auto name = p.str("position", true, 100);
      auto target = p.i64("target", true, 0, 100000);
      if (name && !seen.insert(*name).second) p.add("position", "is listed twice");
      if (auto s = p.finish(); !s) {
        for (auto& e : s.error().fields) f.add(at + "." + e.field, e.message);
        continue;
      }
      list.push_back({*name, *target});
    }
    in.positions = std::move(list);
  }
  if (auto s = f.finish("The unit"); !s) return fail(s.error());
  return in;
}

// Checks the references a unit holds, filling its region path. The parent is checked only when
// it is new: a unit keeps a parent set earlier by someone who could see it.
core::Status check_refs(storage::Tx& tx, const auth::Principal& who, Unit& u,
                        const Unit* old = nullptr) {
  std::int64_t self = old ? old->id : 0;
  std::vector<core::FieldError> errors;
  auto region = region_store::get(tx, u.region_id);
  if (!region)
    errors.push_back({"region_id", "does not exist"});
  else
    u.region_path = region->path;
  if (u.parent_id && (!old || old->parent_id != u.parent_id)) {
    auto parent = unit_store::get(tx, *u.parent_id);
    if (!parent || !can_read(tx, who, *parent))
      errors.push_back({"parent_id", "does not exist"});
    else if (self && parent->path.find("/" + std::to_string(self) + "/") != std::string::npos)
      errors.push_back({"parent_id", "is this unit or one of its subunits"});
  }
  // A commander outside the caller's region is answered as missing: a scoped account may
  // neither learn that the person exists nor put them in charge of its unit.
  if (u.commander_id && (!old || old->commander_id != u.commander_id)) {
    auto path = unit_store::person_region_path(tx, *u.commander_id);
    if (!path || !who.sees_region_path(*path)) errors.push_back({"commander_id", "does not exist"});
  }
  if (!errors.empty()) return fail(Error::invalid("The unit refers to missing records.", errors));
  return {};
}

}  // namespace

core::Result<Unit> Units::get(const auth::Principal& who, std::int64_t id) {
  return db_.read([&](storage::Tx& tx) -> core::Result<Unit> {
    auto u = unit_store::get(tx, id);
    if (!u || !can_read(tx, who, *u)) return fail(not_found(id));
    return *u;
  });
}

std::map<std::int64_t, Unit> Units::get_many(const auth::Principal& who,
                                             const std::vector<std::int64_t>& ids) {
  return db_.read([&](storage::Tx& tx) {
    std::map<std::int64_t, Unit> out;
    for (auto& u : unit_store::get_many(tx, {ids.begin(), ids.end()}))
      if (can_read(tx, who, u)) out.emplace(u.id, std::move(u));
    return out;
  });
}

core::Result<core::Page<Unit>> Units::list(const auth::Principal& who, UnitFilter f,
                                           const core::ListParams& p) {
  if (!who.in(kReaders)) return fail(Error::forbidden("Your role does not see units."));
  f.scope = auth::scope_of(who);
  auto rows = db_.read([&](storage::Tx& tx) { return unit_store::list(tx, f, p); });
  return core::take_page(std::move(rows), p, [&](const Unit& last) -> std::string {
    return p.sort_column == "id"           ? std::to_string(last.id)
           : p.sort_column == "created_at" ? std::to_string(last.created_at)
                                           : last.search_key;
  });
}

core::Result<UnitStrength> Units::strength(const auth::Principal& who, std::int64_t id) {
  return db_.read([&](storage::Tx& tx) -> core::Result<UnitStrength> {
    auto u = unit_store::get(tx, id);
    if (!u || !can_read(tx, who, *u)) return fail(not_found(id));
    UnitStrength s{id, unit_store::strength(tx, id), 0, 0};
    for (const auto& p : s.positions) {
      s.target_total += p.target;
      s.actual_total += p.actual;
    }
    return s;
  });
}

std::map<std::int64_t, UnitCapacity> Units::capacities(const auth::Principal& who,
                                                       const std::vector<std::int64_t>& ids,
                                                       const std::string& date) {
  return db_.read([&](storage::Tx& tx) {
    // The generation is read before the registry: what is read after it is at least as new.
    // Of the units, only what can_read and the counts need (a region's thousand, on each
    // readiness request that the cache answers).
    auto generation = generation_store::current(tx);
    std::vector<Unit> seen;
    std::vector<std::int64_t> seen_ids;
    for (auto& u : unit_store::reach_many(tx, {ids.begin(), ids.end()}))
      if (can_read(tx, who, u)) {
        seen_ids.push_back(u.id);
        seen.push_back(std::move(u));
      }
    if (auto known = capacity_cache_->find(generation, date, seen_ids)) return std::move(*known);
    auto answer = unit_store::capacities(tx, seen, date);
    capacity_cache_->store(generation, date, seen_ids, answer);
    return answer;
  });
}

std::map<std::string, std::int64_t> Units::skill_holders(const std::vector<std::int64_t>& people,
                                                         const std::string& date) {
  if (people.empty()) return {};
  return db_.read([&](storage::Tx& tx) { return unit_store::skill_holders(tx, people, date); });
}

Units::Units(storage::Database& db) : db_(db), capacity_cache_(std::make_unique<CapacityCache>()) {}

Units::~Units() = default;

core::Result<Unit> Units::create(const auth::Principal& who, const auth::Actor& actor,
                                 const core::Json& body) {
  if (!who.is(Role::admin) && !who.is(Role::hq_staff))
    return fail(Error::forbidden("Only admins and headquarters staff add units."));
  auto in = read_input(body, true);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Unit> {
    Unit u;
    u.name = *in->name;
    u.kind = *in->kind;
    u.status = in->status.value_or("planned");
    u.parent_id = in->parent_id;
    u.region_id = *in->region_id;
    u.commander_id = in->commander_id;
    u.positions = in->positions.value_or(std::vector<UnitPosition>{});
    if (auto s = check_refs(tx, who, u); !s) return fail(s.error());
    if (!can_write(who, u))
      return fail(Error::forbidden("The unit's home region is outside your scope."));
    u = unit_store::insert(tx, u, core::now_us());
    auth::audit(tx, actor, "unit.create", "unit", std::to_string(u.id), nullptr, to_json(u));
    generation_store::raise(tx);
    return u;
  });
}

core::Result<Unit> Units::update(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t id, const core::Json& body) {
  if (!who.is(Role::admin) && !who.is(Role::hq_staff) && !who.is(Role::commander))
    return fail(Error::forbidden("You may not change units."));
  auto in = read_input(body, false);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Unit> {
    auto old = unit_store::get(tx, id);
    if (!old || !can_read(tx, who, *old)) return fail(not_found(id));
    if (who.is(Role::commander)) {
      if (in->given.size() != 1 || !in->status)
        return fail(Error::forbidden("Commanders change only the status of their units."));
    } else if (!can_write(who, *old)) {
      return fail(Error::forbidden("This unit is outside your scope."));
    }
    Unit u = *old;
    if (in->name) u.name = *in->name;
    if (in->kind) u.kind = *in->kind;
    if (in->status) u.status = *in->status;
    if (in->parent_given) u.parent_id = in->parent_id;
    if (in->region_id) u.region_id = *in->region_id;
    if (in->commander_given) u.commander_id = in->commander_id;
    if (in->positions) u.positions = *in->positions;
    if (auto s = check_refs(tx, who, u, &*old); !s) return fail(s.error());
    if (!who.is(Role::commander) && !can_write(who, u))
      return fail(Error::forbidden("The new home region is outside your scope."));
    u = unit_store::update(tx, u, old->path, core::now_us());
    auth::audit(tx, actor, "unit.update", "unit", std::to_string(id), to_json(*old), to_json(u));
    generation_store::raise(tx);
    return u;
  });
}

core::Status Units::remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id) {
  if (!who.is(Role::admin) && !who.is(Role::hq_staff))
    return fail(Error::forbidden("Only admins and headquarters staff remove units."));
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = unit_store::get(tx, id);
    if (!old || !can_read(tx, who, *old)) return fail(not_found(id));
    if (!can_write(who, *old)) return fail(Error::forbidden("This unit is outside your scope."));
    if (auto used = unit_store::usage(tx, id); !used.empty())
      return fail(Error::conflict("The unit is still used by " + used + "."));
    unit_store::remove(tx, id);
    auth::audit(tx, actor, "unit.delete", "unit", std::to_string(id), to_json(*old), nullptr);
    generation_store::raise(tx);
    return {};
  });
}

}  // namespace qorgan::registry
