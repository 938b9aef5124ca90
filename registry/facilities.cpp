#include "registry/facilities.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/facility_check.hpp"
#include "registry/facility_store.hpp"
#include "registry/organisations.hpp"
#include "registry/region_store.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::registry {

using auth::Role;
using core::Error;
using core::fail;

const std::vector<core::SortOption>& Facilities::sorts() {
  static const std::vector<core::SortOption> s{
      {"name", "search_key", false}, {"id", "id", true}, {"criticality", "criticality", true}};
  return s;
}

const std::vector<std::string>& Facilities::kinds() {
  static const std::vector<std::string> k{
      "energy",     "water",   "gas",       "telecom",           "transport",
      "government", "medical", "education", "industrial_hazard", "other"};
  return k;
}

namespace {

Error not_found(std::int64_t id) {
  return Error::not_found("No facility has id " + std::to_string(id) + ".");
}

const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                 Role::company_officer};

bool can_read(storage::Tx& tx, const auth::Principal& who, const Facility& x) {
  if (!who.in(kReaders)) return false;
  auto scope = auth::scope_of(who);
  switch (scope.kind) {
    case auth::Scope::Kind::everything:
      return true;
    case auth::Scope::Kind::region:
      return x.region_path.starts_with(scope.path);
    case auth::Scope::Kind::unit: {
      auto home = facility_store::unit_region_path(tx, scope.id);
      return !home.empty() && x.region_path.starts_with(home);
    }
    case auth::Scope::Kind::organisation:
      return x.organisation_id == scope.id;
    default:
      return false;
  }
}

bool can_write(const auth::Principal& who, const Facility& x) {
  switch (who.role) {
    case Role::admin:
      return true;
    case Role::hq_staff:
      return who.sees_region_path(x.region_path);
    case Role::company_officer:
      return who.organisation_id && x.organisation_id == who.organisation_id;
    default:
      return false;
  }
}

bool writer(const auth::Principal& who) {
  return who.is(Role::admin) || who.is(Role::hq_staff) || who.is(Role::company_officer);
}

struct Input {
  std::optional<std::string> name, kind, address;
  std::optional<std::int64_t> organisation_id, region_id, criticality, guard_posts,
      shelter_capacity;
  std::optional<double> lat, lon;
  bool organisation_given = false, address_given = false, shelter_given = false;
};

core::Result<Input> read_input(const core::Json& body, bool creating) {
  core::JsonFields f(body);
  Input in;
  in.name = f.str("name", creating, 300);
  in.kind = f.choice("kind", creating, Facilities::kinds());
  in.organisation_given = f.has("organisation_id");
  in.organisation_id = f.i64("organisation_id", false, 1);
  in.region_id = f.i64("region_id", creating, 1);
  in.address_given = f.has("address");
  in.address = f.str("address", false, 500);
  if (in.address && in.address->empty()) in.address.reset();
  if (const auto* loc = f.object("location", creating)) {
    core::JsonFields l(*loc);
    in.lat = l.f64("lat", true, -90, 90);
    in.lon = l.f64("lon", true, -180, 180);
    if (auto s = l.finish(); !s)
      for (auto& e : s.error().fields) f.add("location." + e.field, e.message);
  }
  in.criticality = f.i64("criticality", creating, 1, 3);
  in.guard_posts = f.i64("guard_posts", false, 0, 10000);
  in.shelter_given = f.has("shelter_capacity");
  in.shelter_capacity = f.i64("shelter_capacity", false, 0, 1000000);
  if (!creating)
    for (const char* name : {"name", "kind", "region_id", "location", "criticality", "guard_posts"})
      if (f.has(name) && body[name].is_null()) f.add(name, "cannot be removed");
  if (in.name && in.name->empty()) f.add("name", "must not be empty");
  if (auto s = f.finish("The facility"); !s) return fail(s.error());
  return in;
}

// Checks the region and owner a facility refers to, filling its region path. An owner the
// caller cannot see is reported as missing. The owner is checked only when it is new.
core::Status check_refs(storage::Tx& tx, const auth::Principal& who, Facility& x,
                        const Facility* old = nullptr) {
  std::vector<core::FieldError> errors;
  auto region = region_store::get(tx, x.region_id);
  if (!region)
    errors.push_back({"region_id", "does not exist"});
  else
    x.region_path = region->path;
  if (x.organisation_id && (!old || old->organisation_id != x.organisation_id)) {
    // A company officer naming another owner is refused as out of scope (403) by the caller.
    auto org = organisation_in(tx, *x.organisation_id);
    if (!org || (!who.is(Role::company_officer) && !can_read_organisation(who, *org)))
      errors.push_back({"organisation_id", "does not exist"});
  }
  if (!errors.empty())
    return fail(Error::invalid("The facility refers to missing records.", errors));
  return {};
}

}  // namespace

bool facility_visible(storage::Tx& tx, const auth::Principal& who, std::int64_t id) {
  auto x = facility_store::reach(tx, id);
  return x && can_read(tx, who, *x);
}

core::Result<Facility> Facilities::get(const auth::Principal& who, std::int64_t id) {
  return db_.read([&](storage::Tx& tx) -> core::Result<Facility> {
    auto x = facility_store::get(tx, id);
    if (!x || !can_read(tx, who, *x)) return fail(not_found(id));
    return *x;
  });
}

core::Result<core::Page<Facility>> Facilities::list(const auth::Principal& who, FacilityFilter f,
                                                    const core::ListParams& p) {
  if (!who.in(kReaders)) return fail(Error::forbidden("Your role does not see facilities."));
  f.scope = auth::scope_of(who);
  auto rows = db_.read([&](storage::Tx& tx) { return facility_store::list(tx, f, p); });
  return core::take_page(std::move(rows), p, [&](const Facility& last) -> std::string {
    return p.sort_column == "id"            ? std::to_string(last.id)
           : p.sort_column == "criticality" ? std::to_string(last.criticality)
                                            : last.search_key;
  });
}

core::Result<Facility> Facilities::create(const auth::Principal& who, const auth::Actor& actor,
                                          const core::Json& body) {
  if (!writer(who)) return fail(Error::forbidden("You may not add facilities."));
  auto in = read_input(body, true);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Facility> {
    Facility x;
    x.name = *in->name;
    x.kind = *in->kind;
    x.organisation_id = in->organisation_id;
    x.region_id = *in->region_id;
    x.address = in->address;
    x.lat = *in->lat;
    x.lon = *in->lon;
    x.criticality = *in->criticality;
    x.guard_posts = in->guard_posts.value_or(0);
    x.shelter_capacity = in->shelter_capacity;
    if (auto s = check_refs(tx, who, x); !s) return fail(s.error());
    if (!can_write(who, x))
      return fail(Error::forbidden("The facility would be outside your scope."));
    x = facility_store::insert(tx, x, core::now_us());
    auth::audit(tx, actor, "facility.create", "facility", std::to_string(x.id), nullptr,
                to_json(x));
    return x;
  });
}

core::Result<Facility> Facilities::update(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t id, const core::Json& body) {
  if (!writer(who)) return fail(Error::forbidden("You may not change facilities."));
  auto in = read_input(body, false);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Facility> {
    auto old = facility_store::get(tx, id);
    if (!old || !can_read(tx, who, *old)) return fail(not_found(id));
    if (!can_write(who, *old))
      return fail(Error::forbidden("This facility is outside your scope."));
    Facility x = *old;
    if (in->name) x.name = *in->name;
    if (in->kind) x.kind = *in->kind;
    if (in->organisation_given) x.organisation_id = in->organisation_id;
    if (in->region_id) x.region_id = *in->region_id;
    if (in->address_given) x.address = in->address;
    if (in->lat) x.lat = *in->lat, x.lon = *in->lon;
    if (in->criticality) x.criticality = *in->criticality;
    if (in->guard_posts) x.guard_posts = *in->guard_posts;
    if (in->shelter_given) x.shelter_capacity = in->shelter_capacity;
    if (auto s = check_refs(tx, who, x, &*old); !s) return fail(s.error());
    if (!can_write(who, x))
      return fail(Error::forbidden("The change would move the facility outside your scope."));
    x = facility_store::update(tx, x, core::now_us());
    auth::audit(tx, actor, "facility.update", "facility", std::to_string(id), to_json(*old),
                to_json(x));
    return x;
  });
}

core::Status Facilities::remove(const auth::Principal& who, const auth::Actor& actor,
                                std::int64_t id) {
  if (!writer(who)) return fail(Error::forbidden("You may not remove facilities."));
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = facility_store::get(tx, id);
    if (!old || !can_read(tx, who, *old)) return fail(not_found(id));
    if (!can_write(who, *old))
      return fail(Error::forbidden("This facility is outside your scope."));
    facility_store::remove(tx, id);
    auth::audit(tx, actor, "facility.delete", "facility", std::to_string(id), to_json(*old),
                nullptr);
    return {};
  });
}

}  // namespace qorgan::registry
