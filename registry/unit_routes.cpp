#include "http/reply.hpp"
#include "registry/registry_json.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;

void mount_unit_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Units& units = registry.units;
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::volunteer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff};
  auto json = [](const Unit& u) { return to_json(u); };

  router.add("GET", "/api/v1/units",
             guard.api(readers, [&units, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               UnitFilter f;
               f.region = http::query_id(req, "region", errors);
               f.parent_id = http::query_id(req, "parent_id", errors);
               f.within = http::query_id(req, "within", errors);
               f.kind = http::query_enum(req, "kind", Units::kinds(), errors);
               f.status = http::query_enum(req, "status", Units::statuses(), errors);
               auto p = http::list_params(req, Units::sorts(), errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, units.list(who, f, *p), json);
             }));

  router.add("GET", "/api/v1/units/{id:id}",
             guard.api(readers, [&units, json](Request& req, const Principal& who) {
               return http::reply(req, units.get(who, req.id()), json);
             }));

  router.add("GET", "/api/v1/units/{id:id}/strength",
             guard.api(readers, [&units](Request& req, const Principal& who) {
               return http::reply(req, units.strength(who, req.id()),
                                  [](const UnitStrength& s) { return to_json(s); });
             }));

  router.add("POST", "/api/v1/units",
             guard.api(writers, [&units, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, units.create(who, auth::actor(req, who), *body), json,
                                    "/api/v1/units");
             }));

  // Commanders may call this too: the service lets them change only the status.
  router.add("PATCH", "/api/v1/units/{id:id}",
             guard.api({Role::admin, Role::hq_staff, Role::commander},
                       [&units, json](Request& req, const Principal& who) {
                         auto body = http::json_body(req);
                         if (!body) return http::problem(req, body.error());
                         return http::reply(
                             req, units.update(who, auth::actor(req, who), req.id(), *body), json);
                       }));

  router.add("DELETE", "/api/v1/units/{id:id}",
             guard.api(writers, [&units](Request& req, const Principal& who) {
               return http::reply(req, units.remove(who, auth::actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
