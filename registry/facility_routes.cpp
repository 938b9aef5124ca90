#include "registry/route_helpers.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_facility_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Facilities& facilities = registry.facilities;
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::company_officer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff, Role::company_officer};

  router.add("GET", "/api/v1/facilities",
             guard.api(readers, [&facilities](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               FacilityFilter f;
               f.region = query_id(req, "region", errors);
               f.organisation_id = query_id(req, "organisation_id", errors);
               f.kind = query_enum(req, "kind", Facilities::kinds(), errors);
               if (auto c = query_enum(req, "criticality", {"1", "2", "3"}, errors))
                 f.criticality = std::stoll(*c);
               if (auto s = query_enum(req, "shelter", {"true", "false"}, errors))
                 f.shelter = *s == "true";
               auto p = parse_list_params(req, Facilities::sorts());
               if (!p)
                 errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
               if (!errors.empty())
                 return problem(req, core::Error::invalid("The list query is not valid.", errors));
               return reply(req, facilities.list(who, f, *p));
             }));

  router.add("GET", "/api/v1/facilities/{id:id}",
             guard.api(readers, [&facilities](Request& req, const Principal& who) {
               return reply(req, facilities.get(who, req.id()));
             }));

  router.add("POST", "/api/v1/facilities",
             guard.api(writers, [&facilities](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               auto r = facilities.create(who, actor(req, who), *body);
               auto res = reply(req, r, 201);
               if (r) res.header("Location", "/api/v1/facilities/" + std::to_string(r->id));
               return res;
             }));

  router.add("PATCH", "/api/v1/facilities/{id:id}",
             guard.api(writers, [&facilities](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               return reply(req, facilities.update(who, actor(req, who), req.id(), *body));
             }));

  router.add("DELETE", "/api/v1/facilities/{id:id}",
             guard.api(writers, [&facilities](Request& req, const Principal& who) {
               return reply(req, facilities.remove(who, actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
