#include "registry/organisations.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "core/validate.hpp"
#include "registry/organisation_store.hpp"
#include "registry/region_store.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::registry {

using auth::Role;
using core::Error;
using core::fail;

const std::vector<core::SortOption>& Organisations::sorts() {
  static const std::vector<core::SortOption> s{
      {"name", "search_key", false}, {"id", "id", true}, {"created_at", "created_at", true}};
  return s;
}

const std::vector<std::string>& Organisations::kinds() {
  static const std::vector<std::string> k{"agency", "company", "ngo", "other"};
  return k;
}

const std::vector<std::string>& Organisations::sizes() {
  static const std::vector<std::string> s{"small", "medium", "large"};
  return s;
}

namespace {

Error not_found(std::int64_t id) {
  return Error::not_found("No organisation has id " + std::to_string(id) + ".");
}

}  // namespace

namespace {
const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                 Role::company_officer};
}  // namespace

bool can_read_organisation(const auth::Principal& who, const Organisation& o) {
  if (!who.in(kReaders)) return false;
  auto scope = auth::scope_of(who);
  switch (scope.kind) {
    case auth::Scope::Kind::everything:
    case auth::Scope::Kind::unit:
      return true;
    case auth::Scope::Kind::region:
      return !o.region_id || o.region_path.starts_with(scope.path);
    case auth::Scope::Kind::organisation:
      return o.id == scope.id;
    default:
      return false;
  }
}

bool can_write_organisation(const auth::Principal& who, const Organisation& o) {
  if (who.is(Role::admin)) return true;
  if (!who.is(Role::hq_staff)) return false;
  if (!who.region_id) return true;  // unscoped headquarters staff act for the whole country
  return o.region_id && who.sees_region_path(o.region_path);
}

std::optional<Organisation> organisation_in(storage::Tx& tx, std::int64_t id) {
  return organisation_store::get(tx, id);
}

core::Result<Organisation> Organisations::get(const auth::Principal& who, std::int64_t id) {
  auto o = db_.read([&](storage::Tx& tx) { return organisation_store::get(tx, id); });
  if (!o || !can_read_organisation(who, *o)) return fail(not_found(id));
  return *o;
}

core::Result<core::Page<Organisation>> Organisations::list(const auth::Principal& who,
                                                           OrganisationFilter f,
                                                           const core::ListParams& p) {
  if (!who.in(kReaders)) return fail(Error::forbidden("Your role does not see organisations."));
  f.scope = auth::scope_of(who);
  auto rows = db_.read([&](storage::Tx& tx) { return organisation_store::list(tx, f, p); });
  return core::take_page(std::move(rows), p, [&](const Organisation& last) -> std::string {
    return p.sort_column == "id"           ? std::to_string(last.id)
           : p.sort_column == "created_at" ? std::to_string(last.created_at)
                                           : last.search_key;
  });
}

namespace {

struct Input {
  std::optional<std::string> name, kind, size_category, contact_name, phone, email;
  std::optional<std::int64_t> region_id;
  bool region_given = false, contact_given = false, phone_given = false, email_given = false;
};

core::Result<Input> read_input(const core::Json& body, bool creating) {
  core::JsonFields f(body);
  Input in;
  in.name = f.str("name", creating, 300);
  in.kind = f.choice("kind", creating, Organisations::kinds());
  in.size_category = f.choice("size_category", creating, Organisations::sizes());
  in.region_given = f.has("region_id");
  in.region_id = f.i64("region_id", false, 1);
  in.contact_given = f.has("contact_name");
  in.contact_name = f.str("contact_name", false, 200);
  in.phone_given = f.has("phone");
  in.phone = f.str("phone", false, 32);
  in.email_given = f.has("email");
  in.email = f.str("email", false, 254);
  // A required-on-create field sent as null or "" on update is not a way to clear it.
  if (!creating)
    for (const char* name : {"name", "kind", "size_category"})
      if (f.has(name) && body[name].is_null()) f.add(name, "cannot be removed");
  if (in.name && in.name->empty()) f.add("name", "must not be empty");
  // Empty optional strings mean "none".
  for (auto* s : {&in.contact_name, &in.phone, &in.email})
    if (*s && (*s)->empty()) s->reset();
  if (in.phone)
    if (auto m = core::check_phone(*in.phone); !m.empty()) f.add("phone", m);
  if (in.email)
    if (auto m = core::check_email(*in.email); !m.empty()) f.add("email", m);
  if (auto s = f.finish("The organisation"); !s) return fail(s.error());
  return in;
}

core::Status check_region(storage::Tx& tx, Organisation& o) {
  o.region_path.clear();
  if (!o.region_id) return {};
  auto r = region_store::get(tx, *o.region_id);
  if (!r) return fail(Error::invalid("No such region.", {{"region_id", "does not exist"}}));
  o.region_path = r->path;
  return {};
}

}  // namespace

core::Result<Organisation> Organisations::create(const auth::Principal& who,
                                                 const auth::Actor& actor, const core::Json& body) {
  if (!who.is(Role::admin) && !who.is(Role::hq_staff))
    return fail(Error::forbidden("Only admins and headquarters staff add organisations."));
  auto in = read_input(body, true);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Organisation> {
    Organisation o;
    o.name = *in->name;
    o.kind = *in->kind;
    o.size_category = *in->size_category;
    o.region_id = in->region_id;
    o.contact_name = in->contact_name;
    o.phone = in->phone;
    o.email = in->email;
    if (auto s = check_region(tx, o); !s) return fail(s.error());
    if (!can_write_organisation(who, o))
      return fail(Error::forbidden("The organisation's region is outside your scope."));
    o = organisation_store::insert(tx, o, core::now_us());
    auth::audit(tx, actor, "organisation.create", "organisation", std::to_string(o.id), nullptr,
                to_json(o));
    return o;
  });
}

core::Result<Organisation> Organisations::update(const auth::Principal& who,
                                                 const auth::Actor& actor, std::int64_t id,
                                                 const core::Json& body) {
  if (!who.is(Role::admin) && !who.is(Role::hq_staff))
    return fail(Error::forbidden("Only admins and headquarters staff change organisations."));
  auto in = read_input(body, false);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Organisation> {
    auto old = organisation_store::get(tx, id);
    if (!old || !can_read_organisation(who, *old)) return fail(not_found(id));
    if (!can_write_organisation(who, *old))
      return fail(Error::forbidden("This organisation is outside your scope."));
    Organisation o = *old;
    if (in->name) o.name = *in->name;
    if (in->kind) o.kind = *in->kind;
    if (in->size_category) o.size_category = *in->size_category;
    if (in->region_given) o.region_id = in->region_id;
    if (in->contact_given) o.contact_name = in->contact_name;
    if (in->phone_given) o.phone = in->phone;
    if (in->email_given) o.email = in->email;
    if (auto s = check_region(tx, o); !s) return fail(s.error());
    if (!can_write_organisation(who, o))
      return fail(Error::forbidden("The new region is outside your scope."));
    o = organisation_store::update(tx, o, core::now_us());
    auth::audit(tx, actor, "organisation.update", "organisation", std::to_string(id), to_json(*old),
                to_json(o));
    return o;
  });
}

core::Status Organisations::remove(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t id) {
  if (!who.is(Role::admin) && !who.is(Role::hq_staff))
    return fail(Error::forbidden("Only admins and headquarters staff remove organisations."));
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = organisation_store::get(tx, id);
    if (!old || !can_read_organisation(who, *old)) return fail(not_found(id));
    if (!can_write_organisation(who, *old))
      return fail(Error::forbidden("This organisation is outside your scope."));
    if (auto used = organisation_store::usage(tx, id); !used.empty())
      return fail(Error::conflict("The organisation is still used by " + used + "."));
    organisation_store::remove(tx, id);
    auth::audit(tx, actor, "organisation.delete", "organisation", std::to_string(id), to_json(*old),
                nullptr);
    return {};
  });
}

}  // namespace qorgan::registry
