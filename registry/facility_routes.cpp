#include "http/reply.hpp"
#include "registry/registry_json.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;

void mount_facility_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Facilities& facilities = registry.facilities;
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::company_officer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff, Role::company_officer};
  auto json = [](const Facility& x) { return to_json(x); };

  router.add("GET", "/api/v1/facilities",
             guard.api(readers, [&facilities, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               FacilityFilter f;
               f.region = http::query_id(req, "region", errors);
               f.organisation_id = http::query_id(req, "organisation_id", errors);
               f.kind = http::query_enum(req, "kind", Facilities::kinds(), errors);
               f.criticality = http::query_int(req, "criticality", errors, 1, 3);
               if (auto s = http::query_enum(req, "shelter", {"true", "false"}, errors))
                 f.shelter = *s == "true";
               auto p = http::list_params(req, Facilities::sorts(), errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, facilities.list(who, f, *p), json);
             }));

  router.add("GET", "/api/v1/facilities/{id:id}",
             guard.api(readers, [&facilities, json](Request& req, const Principal& who) {
               return http::reply(req, facilities.get(who, req.id()), json);
             }));

  router.add("POST", "/api/v1/facilities",
             guard.api(writers, [&facilities, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, facilities.create(who, auth::actor(req, who), *body), json,
                                    "/api/v1/facilities");
             }));

  router.add("PATCH", "/api/v1/facilities/{id:id}",
             guard.api(writers, [&facilities, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(
                   req, facilities.update(who, auth::actor(req, who), req.id(), *body), json);
             }));

  router.add("DELETE", "/api/v1/facilities/{id:id}",
             guard.api(writers, [&facilities](Request& req, const Principal& who) {
               return http::reply(req, facilities.remove(who, auth::actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
