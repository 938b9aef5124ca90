#include "registry/route_helpers.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_organisation_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Organisations& orgs = registry.organisations;
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::company_officer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff};

  router.add("GET", "/api/v1/organisations",
             guard.api(readers, [&orgs](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               OrganisationFilter f;
               f.region = query_id(req, "region", errors);
               f.kind = query_enum(req, "kind", Organisations::kinds(), errors);
               f.size_category = query_enum(req, "size_category", Organisations::sizes(), errors);
               auto p = parse_list_params(req, Organisations::sorts());
               if (!p)
                 errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
               if (!errors.empty())
                 return problem(req, core::Error::invalid("The list query is not valid.", errors));
               return reply(req, orgs.list(who, f, *p));
             }));

  router.add("GET", "/api/v1/organisations/{id:id}",
             guard.api(readers, [&orgs](Request& req, const Principal& who) {
               return reply(req, orgs.get(who, req.id()));
             }));

  router.add("POST", "/api/v1/organisations",
             guard.api(writers, [&orgs](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               auto r = orgs.create(who, actor(req, who), *body);
               auto res = reply(req, r, 201);
               if (r) res.header("Location", "/api/v1/organisations/" + std::to_string(r->id));
               return res;
             }));

  router.add("PATCH", "/api/v1/organisations/{id:id}",
             guard.api(writers, [&orgs](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               return reply(req, orgs.update(who, actor(req, who), req.id(), *body));
             }));

  router.add("DELETE", "/api/v1/organisations/{id:id}",
             guard.api(writers, [&orgs](Request& req, const Principal& who) {
               return reply(req, orgs.remove(who, actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
