// Requisitions: decisions, their versions and revocation.
#include <set>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "requisition/access.hpp"
#include "requisition/requisition_json.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error decision_not_found(std::int64_t id) {
  return Error::not_found("No requisition decision has id " + std::to_string(id) + ".");
}

bool is_date(const std::string& s) {
  return core::parse_date(s).has_value();
}

// Reads officials [{name, position}] or the commission [{name, position, appraiser, licence}].
Json read_people(core::JsonFields& f, const std::string& field, bool commission, bool required) {
  Json out = Json::array();
  const Json* list = f.array(field, required);
  if (!list) return out;
  if (list->empty()) f.add(field, "Name at least one person.");
  if (list->size() > 50) f.add(field, "At most 50 people.");
  bool licensed = false;
  for (size_t i = 0; i < list->size() && i < 50; ++i) {
    std::string at = field + "[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      f.add(at, "A person is an object {name, position}.");
      continue;
    }
    core::JsonFields g((*list)[i]);
    auto name = g.str("name", true, 200);
    auto position = g.str("position", false, 200);
    Json person{{"name", core::trim(name.value_or(""))},
                {"position", core::trim(position.value_or(""))}};
    if (commission) {
      bool appraiser = g.boolean("appraiser", false).value_or(false);
      auto licence = g.str("licence", false, 50);
      if (appraiser && core::trim(licence.value_or("")).empty())
        g.add("licence", "An appraiser's licence number is required.");
      if (appraiser) licensed = true;
      person["appraiser"] = appraiser;
      person["licence"] = core::trim(licence.value_or(""));
    }
    f.absorb(g, at);
    if (name && core::trim(*name).empty()) f.add(at + ".name", "must not be empty");
    out.push_back(person);
  }
  if (commission && !list->empty() && !licensed)
    f.add(field, "The commission needs at least one licensed appraiser.");
  return out;
}

core::Status read_into(const Json& body, bool creating, Decision& d) {
  core::JsonFields f(body);
  if (auto v = f.str("number", creating, 50)) d.number = core::trim(*v);
  if (auto v = f.str("decided_on", creating, 10)) {
    d.decided_on = *v;
    if (!is_date(*v)) f.add("decided_on", "must be a date YYYY-MM-DD");
  }
  if (auto v = f.str("issuing_body", creating, 300)) d.issuing_body = core::trim(*v);
  if (auto v = f.choice("grounds", creating, {"martial_law", "emergency", "exercise"}))
    d.grounds = *v;
  if (creating) {
    if (auto v = f.i64("region_id", true, 1)) d.region_id = *v;
  } else if (f.has("region_id")) {
    f.i64("region_id", false, 1);
    f.add("region_id", "A decision's region cannot change; revoke it and make a new one.");
  }
  if (auto v = f.str("deadline", creating, 10)) {
    d.deadline = *v;
    if (!is_date(*v)) f.add("deadline", "must be a date YYYY-MM-DD");
  }
  if (const Json* points = f.array("collection_point_ids", creating)) {
    Json ids = Json::array();
    std::set<std::int64_t> seen;
    if (points->empty()) f.add("collection_point_ids", "Name at least one collection point.");
    for (size_t i = 0; i < points->size() && i < 100; ++i) {
      const Json& p = (*points)[i];
      if (!p.is_number_integer() || p.get<std::int64_t>() < 1) {
        f.add("collection_point_ids[" + std::to_string(i) + "]", "must be a facility id");
        continue;
      }
      if (seen.insert(p.get<std::int64_t>()).second) ids.push_back(p);
    }
    if (points->size() > 100) f.add("collection_point_ids", "At most 100 collection points.");
    d.details["collection_point_ids"] = ids;
  }
  if (creating || f.has("officials"))
    d.details["officials"] = read_people(f, "officials", false, creating);
  if (creating || f.has("commission"))
    d.details["commission"] = read_people(f, "commission", true, creating);
  for (const char* name : {"number", "issuing_body"})
    if (f.has(name) && (name == std::string("number") ? d.number : d.issuing_body).empty())
      f.add(name, "must not be empty");
  if (!d.decided_on.empty() && !d.deadline.empty() && is_date(d.decided_on) &&
      is_date(d.deadline) && d.deadline < d.decided_on)
    f.add("deadline", "must not be before the decision's date");
  return f.finish("The requisition decision");
}

}  // namespace

core::Result<core::Page<Decision>> Requisitions::decisions(const auth::Principal& who,
                                                           std::optional<std::int64_t> after,
                                                           int limit) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  auto rows = db_.read(
      [&](storage::Tx& tx) { return store::decisions(tx, *prefix, after.value_or(0), limit); });
  core::Page<Decision> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<Decision> Requisitions::decision(const auth::Principal& who, std::int64_t id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  auto d = db_.read([&](storage::Tx& tx) { return store::decision(tx, id); });
  if (!d || !d->region_path.starts_with(*prefix)) return fail(decision_not_found(id));
  return *d;
}

core::Result<std::vector<DecisionVersion>> Requisitions::versions(const auth::Principal& who,
                                                                  std::int64_t id) {
  auto d = decision(who, id);
  if (!d) return fail(d.error());
  return db_.read([&](storage::Tx& tx) { return store::versions(tx, id); });
}

core::Result<Decision> Requisitions::create_decision(const auth::Principal& who,
                                                     const auth::Actor& actor, const Json& body) {
  if (!who.in(kOfficers))
    return fail(Error::forbidden("You may not prepare requisition decisions."));
  Decision d;
  if (auto s = read_into(body, true, d); !s) return fail(s.error());
  auto system = auth::system_principal("requisition");
  auto region = registry_.regions.get(system, d.region_id);
  if (!region)
    return fail(Error::invalid("The requisition decision refers to missing records.",
                               {{"region_id", "does not exist"}}));
  d.region_path = region->path;
  auto scope = auth::scope_of(who);
  if (scope.kind == auth::Scope::Kind::region && !d.region_path.starts_with(scope.path))
    return fail(Error::forbidden("The decision's region is outside your region."));
  std::vector<core::FieldError> errors;
  const Json& points = d.details["collection_point_ids"];
  for (size_t i = 0; i < points.size(); ++i) {
    auto f = registry_.facilities.get(system, points[i].get<std::int64_t>());
    if (!f)
      errors.push_back({"collection_point_ids[" + std::to_string(i) + "]", "does not exist"});
    else if (!f->region_path.starts_with(d.region_path))
      errors.push_back(
          {"collection_point_ids[" + std::to_string(i) + "]", "is not in the decision's region"});
  }
  if (!errors.empty())
    return fail(Error::invalid("The requisition decision refers to missing records.", errors));
  d.created_by = who.login;
  d.created_at = d.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Decision> {
    d.id = store::insert_decision(tx, d);
    store::insert_version(tx, d.id, {1, to_json(d), who.login, d.created_at});
    auth::audit(tx, actor, "requisition_decision.create", "requisition_decision",
                std::to_string(d.id), nullptr, to_json(d));
    return d;
  });
}

core::Result<Decision> Requisitions::amend_decision(const auth::Principal& who,
                                                    const auth::Actor& actor, std::int64_t id,
                                                    const Json& body) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not amend requisition decisions."));
  auto before = decision(who, id);
  if (!before) return fail(before.error());
  if (before->status == "revoked")
    return fail(Error::conflict("The decision has been revoked; it cannot be amended."));
  Decision d = *before;
  if (auto s = read_into(body, false, d); !s) return fail(s.error());
  auto system = auth::system_principal("requisition");
  std::vector<core::FieldError> errors;
  const Json& points = d.details["collection_point_ids"];
  for (size_t i = 0; i < points.size(); ++i) {
    auto f = registry_.facilities.get(system, points[i].get<std::int64_t>());
    if (!f || !f->region_path.starts_with(d.region_path))
      errors.push_back({"collection_point_ids[" + std::to_string(i) + "]",
                        f ? "is not in the decision's region" : "does not exist"});
  }
  if (!errors.empty())
    return fail(Error::invalid("The requisition decision refers to missing records.", errors));
  d.version = before->version + 1;
  d.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Decision> {
    auto current = store::decision(tx, id);
    if (!current || current->version != before->version)
      return fail(Error::conflict("The decision changed meanwhile; read it again."));
    // An exercise takes nothing real, so a decision under which property was taken stays real.
    if (d.grounds == "exercise" && current->grounds != "exercise" && store::taken_items(tx, id) > 0)
      return fail(Error::conflict(
          "Property has been taken under this decision; its grounds cannot become an exercise."));
    store::update_decision(tx, d);
    store::insert_version(tx, id, {d.version, to_json(d), who.login, d.updated_at});
    auth::audit(tx, actor, "requisition_decision.amend", "requisition_decision", std::to_string(id),
                to_json(*current), to_json(d));
    return d;
  });
}

core::Result<Decision> Requisitions::revoke_decision(const auth::Principal& who,
                                                     const auth::Actor& actor, std::int64_t id,
                                                     const Json& body) {
  if (!who.in(kOfficers))
    return fail(Error::forbidden("You may not revoke requisition decisions."));
  core::JsonFields f(body);
  auto reason = f.str("reason", true, 1000);
  if (reason && core::trim(*reason).empty()) f.add("reason", "must not be empty");
  if (auto s = f.finish("The revocation"); !s) return fail(s.error());
  auto before = decision(who, id);
  if (!before) return fail(before.error());
  if (before->status == "revoked")
    return fail(Error::conflict("The decision has already been revoked."));
  Decision d = *before;
  d.status = "revoked";
  d.version = before->version + 1;
  d.details["revocation_reason"] = core::trim(*reason);
  d.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Decision> {
    auto current = store::decision(tx, id);
    if (!current || current->version != before->version)
      return fail(Error::conflict("The decision changed meanwhile; read it again."));
    store::update_decision(tx, d);
    store::insert_version(tx, id, {d.version, to_json(d), who.login, d.updated_at});
    auth::audit(tx, actor, "requisition_decision.revoke", "requisition_decision",
                std::to_string(id), to_json(*current), to_json(d));
    return d;
  });
}

}  // namespace qorgan::requisition
