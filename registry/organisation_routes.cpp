#include "http/reply.hpp"
#include "registry/registry_json.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;

void mount_organisation_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Organisations& orgs = registry.organisations;
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::company_officer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff};
  auto json = [](const Organisation& o) { return to_json(o); };

  router.add("GET", "/api/v1/organisations",
             guard.api(readers, [&orgs, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               OrganisationFilter f;
               f.region = http::query_id(req, "region", errors);
               f.kind = http::query_enum(req, "kind", Organisations::kinds(), errors);
               f.size_category =
                   http::query_enum(req, "size_category", Organisations::sizes(), errors);
               auto p = http::list_params(req, Organisations::sorts(), errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, orgs.list(who, f, *p), json);
             }));

  router.add("GET", "/api/v1/organisations/{id:id}",
             guard.api(readers, [&orgs, json](Request& req, const Principal& who) {
               return http::reply(req, orgs.get(who, req.id()), json);
             }));

  router.add("POST", "/api/v1/organisations",
             guard.api(writers, [&orgs, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, orgs.create(who, auth::actor(req, who), *body), json,
                                    "/api/v1/organisations");
             }));

  router.add("PATCH", "/api/v1/organisations/{id:id}",
             guard.api(writers, [&orgs, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, orgs.update(who, auth::actor(req, who), req.id(), *body),
                                  json);
             }));

  router.add("DELETE", "/api/v1/organisations/{id:id}",
             guard.api(writers, [&orgs](Request& req, const Principal& who) {
               return http::reply(req, orgs.remove(who, auth::actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
