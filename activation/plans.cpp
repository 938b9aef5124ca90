#include "activation/plans.hpp"
#include "activation/access.hpp"

#include <set>

#include "activation/activation_store.hpp"
#include "activation/plan_store.hpp"
#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/unit_counts.hpp"

namespace qorgan::activation {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error not_found(std::int64_t id) {
  return Error::not_found("No activation plan has id " + std::to_string(id) + ".");
}

Json audit_view(const Plan& p) {
  Json units = Json::array();
  for (const auto& u : p.units) {
    Json needs = Json::array();
    for (const auto& n : u.needs) needs.push_back({{"skill", n.skill}, {"count", n.count}});
    Json positions = Json::array();
    for (const auto& t : u.positions)
      positions.push_back({{"position", t.position}, {"target", t.target}});
    units.push_back({{"unit_id", u.unit_id},
                     {"target", u.target},
                     {"assembly_facility_id", u.assembly_facility_id},
                     {"needs", needs},
                     {"positions", positions}});
  }
  return {{"name", p.name},
          {"region_id", p.region_id},
          {"deadline_minutes", p.deadline_minutes},
          {"messages", {{"kk", p.message_kk}, {"ru", p.message_ru}, {"en", p.message_en}}},
          {"units", units}};
}

// A unit's optional "needs": [{skill, count}], each skill once; errors go to `g`.
std::vector<Need> read_needs(core::JsonFields& g) {
  std::vector<Need> out;
  const Json* needs = g.array("needs", false);
  if (!needs) return out;
  if (needs->size() > size_t(kMaxUnitNeeds))
    g.add("needs", "At most " + std::to_string(kMaxUnitNeeds) + " skills.");
  std::set<std::string> seen;
  for (size_t i = 0; i < needs->size() && i < size_t(kMaxUnitNeeds); ++i) {
    std::string at = "needs[" + std::to_string(i) + "]";
    if (!(*needs)[i].is_object()) {
      g.add(at, "A need is an object {skill, count}.");
      continue;
    }
    core::JsonFields h((*needs)[i]);
    auto skill = h.str("skill", true, 100);
    auto count = h.i64("count", true, 1, 100000);
    g.absorb(h, at);
    if (skill && core::trim(*skill).empty())
      g.add(at + ".skill", "must not be empty");
    else if (skill && !seen.insert(core::trim(*skill)).second)
      g.add(at + ".skill", "The skill is named twice.");
    else if (skill && count)
      out.push_back({core::trim(*skill), *count});
  }
  return out;
}

// A unit's optional "positions": [{position, target}], each position once, their targets adding
// up to at most the unit's `target`; errors go to `g`.
std::vector<PositionTarget> read_positions(core::JsonFields& g,
                                           std::optional<std::int64_t> unit_target) {
  std::vector<PositionTarget> out;
  const Json* positions = g.array("positions", false);
  if (!positions) return out;
  if (positions->size() > size_t(kMaxUnitPositions))
    g.add("positions", "At most " + std::to_string(kMaxUnitPositions) + " positions.");
  std::set<std::string> seen;
  std::int64_t sum = 0;
  for (size_t i = 0; i < positions->size() && i < size_t(kMaxUnitPositions); ++i) {
    std::string at = "positions[" + std::to_string(i) + "]";
    if (!(*positions)[i].is_object()) {
      g.add(at, "A position is an object {position, target}.");
      continue;
    }
    core::JsonFields h((*positions)[i]);
    auto position = h.str("position", true, 100);
    auto target = h.i64("target", true, 1, 100000);
    g.absorb(h, at);
    if (position && core::trim(*position).empty())
      g.add(at + ".position", "must not be empty");
    else if (position && !seen.insert(core::trim(*position)).second)
      g.add(at + ".position", "The position is named twice.");
    else if (position && target) {
      out.push_back({core::trim(*position), *target});
      sum += *target;
    }
  }
  if (unit_target && sum > *unit_target)
    g.add("positions", "The positions' targets add up to more than the unit's target.");
  return out;
}

// Reads the fields a body gives into `p`; on create every required field must be there.
core::Status read_into(const Json& body, bool creating, Plan& p) {
  core::JsonFields f(body);
  if (auto v = f.str("name", creating, 200)) p.name = core::trim(*v);
  if (auto v = f.i64("region_id", creating, 1)) p.region_id = *v;
  if (auto v = f.i64("deadline_minutes", false, 1, 7 * 24 * 60)) p.deadline_minutes = *v;
  if (const Json* m = f.object("messages", creating)) {
    core::JsonFields g(*m);
    p.message_kk = core::trim(g.str("kk", false, 1000).value_or(""));
    p.message_ru = core::trim(g.str("ru", false, 1000).value_or(""));
    p.message_en = core::trim(g.str("en", false, 1000).value_or(""));
    f.absorb(g, "messages");
    if (p.message_kk.empty() && p.message_ru.empty() && p.message_en.empty())
      f.add("messages", "Write the call-up message in at least one of kk, ru and en.");
  }
  if (const Json* units = f.array("units", creating)) {
    p.units.clear();
    std::set<std::int64_t> seen;
    if (units->empty()) f.add("units", "Name at least one unit.");
    if (units->size() > size_t(kMaxPlanUnits))
      f.add("units", "At most " + std::to_string(kMaxPlanUnits) + " units.");
    for (size_t i = 0; i < units->size() && i < size_t(kMaxPlanUnits); ++i) {
      std::string at = "units[" + std::to_string(i) + "]";
      if (!(*units)[i].is_object()) {
        f.add(at, "A unit is an object {unit_id, target, assembly_facility_id, needs, positions}.");
        continue;
      }
      core::JsonFields g((*units)[i]);
      auto unit = g.i64("unit_id", true, 1);
      auto target = g.i64("target", true, 1, 100000);
      auto facility = g.i64("assembly_facility_id", true, 1);
      auto needs = read_needs(g);
      auto positions = read_positions(g, target);
      f.absorb(g, at);
      if (unit && !seen.insert(*unit).second) f.add(at + ".unit_id", "The unit is named twice.");
      if (unit && target && facility)
        p.units.push_back({*unit, *target, *facility, needs, positions});
    }
  }
  if (f.has("name") && p.name.empty()) f.add("name", "must not be empty");
  return f.finish("The activation plan");
}

}  // namespace

core::Status Plans::check_refs(const auth::Principal& who, Plan& p) {
  std::vector<core::FieldError> errors;
  auto region = registry_.regions.get(who, p.region_id);
  auto scope = auth::scope_of(who);
  if (!region) {
    errors.push_back({"region_id", "does not exist"});
  } else {
    p.region_path = region->path;
    if (scope.kind == auth::Scope::Kind::region && !p.region_path.starts_with(scope.path))
      return fail(Error::forbidden("The plan's region is outside your region."));
  }
  std::vector<size_t> with_positions;                 // units that exist and set position targets
  std::vector<std::pair<std::string, size_t>> paths;  // the units that exist, by unit path
  for (size_t i = 0; i < p.units.size(); ++i) {
    std::string at = "units[" + std::to_string(i) + "]";
    auto unit = registry_.units.get(who, p.units[i].unit_id);
    if (!unit)
      errors.push_back({at + ".unit_id", "does not exist"});
    else if (region && !unit->region_path.starts_with(p.region_path))
      errors.push_back({at + ".unit_id", "is not in the plan's region"});
    if (!registry_.facilities.get(who, p.units[i].assembly_facility_id))
      errors.push_back({at + ".assembly_facility_id", "does not exist"});
    if (unit && !p.units[i].positions.empty()) with_positions.push_back(i);
    if (unit) paths.emplace_back(unit->path, i);
  }
  // A unit's entry calls up and counts the members of its whole subtree, so a sub-unit named
  // beside it would be called and counted twice: name the sub-units instead of their parent.
  std::ranges::sort(paths);
  for (size_t k = 1, top = 0; k < paths.size(); ++k) {
    if (paths[k].first.starts_with(paths[top].first))
      errors.push_back({"units[" + std::to_string(paths[k].second) + "].unit_id",
                        "is under unit no. " + std::to_string(paths[top].second + 1) +
                            " of this plan, whose entry already counts its members"});
    else
      top = k;
  }
  // A position target must name a position the unit's subtree knows, so that a misspelt one
  // ("medik") is refused rather than counted as nobody for ever.
  if (!with_positions.empty()) {
    std::vector<std::int64_t> ids;
    ids.reserve(with_positions.size());
    for (auto i : with_positions) ids.push_back(p.units[i].unit_id);
    auto known = registry::known_positions(registry_.db, ids);
    for (auto i : with_positions)
      for (size_t j = 0; j < p.units[i].positions.size(); ++j)
        if (!known[p.units[i].unit_id].contains(p.units[i].positions[j].position))
          errors.push_back(
              {"units[" + std::to_string(i) + "].positions[" + std::to_string(j) + "].position",
               "is not a position of the unit or of a unit under it"});
  }
  if (!errors.empty())
    return fail(Error::invalid("The activation plan refers to missing records.", errors));
  return {};
}

core::Result<Plan> Plans::get(const auth::Principal& who, std::int64_t id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see activation plans."));
  auto p = db_.read([&](storage::Tx& tx) { return plan_store::get(tx, id); });
  if (!p || !p->region_path.starts_with(*prefix)) return fail(not_found(id));
  return *p;
}

core::Result<core::Page<Plan>> Plans::list(const auth::Principal& who,
                                           std::optional<std::int64_t> after, int limit) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see activation plans."));
  auto rows = db_.read(
      [&](storage::Tx& tx) { return plan_store::list(tx, *prefix, after.value_or(0), limit); });
  core::Page<Plan> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<Plan> Plans::create(const auth::Principal& who, const auth::Actor& actor,
                                 const Json& body) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not prepare activation plans."));
  Plan p;
  if (auto s = read_into(body, true, p); !s) return fail(s.error());
  if (auto s = check_refs(who, p); !s) return fail(s.error());
  p.created_by = who.login;
  p.created_at = p.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Plan> {
    p.id = plan_store::insert(tx, p);
    auth::audit(tx, actor, "activation_plan.create", "activation_plan", std::to_string(p.id),
                nullptr, audit_view(p));
    return p;
  });
}

core::Result<Plan> Plans::update(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t id, const Json& body) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not change activation plans."));
  auto before = get(who, id);
  if (!before) return fail(before.error());
  Plan p = *before;
  if (auto s = read_into(body, false, p); !s) return fail(s.error());
  if (auto s = check_refs(who, p); !s) return fail(s.error());
  p.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Plan> {
    auto current = plan_store::get(tx, id);
    if (!current) return fail(not_found(id));
    plan_store::update(tx, p);
    auth::audit(tx, actor, "activation_plan.update", "activation_plan", std::to_string(id),
                audit_view(*current), audit_view(p));
    return p;
  });
}

core::Status Plans::remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not delete activation plans."));
  auto before = get(who, id);
  if (!before) return fail(before.error());
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto current = plan_store::get(tx, id);
    if (!current) return fail(not_found(id));
    if (activation_store::plan_has_activations(tx, id))
      return fail(Error::conflict(
          "The plan has been activated; it is kept with its activations and cannot be deleted."));
    plan_store::remove(tx, id);
    auth::audit(tx, actor, "activation_plan.delete", "activation_plan", std::to_string(id),
                audit_view(*current), nullptr);
    return {};
  });
}

}  // namespace qorgan::activation
