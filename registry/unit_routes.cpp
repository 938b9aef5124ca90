#include "registry/route_helpers.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_unit_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Units& units = registry.units;
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::volunteer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff};

  router.add("GET", "/api/v1/units",
             guard.api(readers, [&units](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               UnitFilter f;
               f.region = query_id(req, "region", errors);
               f.parent_id = query_id(req, "parent_id", errors);
               f.within = query_id(req, "within", errors);
               f.kind = query_enum(req, "kind", Units::kinds(), errors);
               f.status = query_enum(req, "status", Units::statuses(), errors);
               auto p = parse_list_params(req, Units::sorts());
               if (!p)
                 errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
               if (!errors.empty())
                 return problem(req, core::Error::invalid("The list query is not valid.", errors));
               return reply(req, units.list(who, f, *p));
             }));

  router.add("GET", "/api/v1/units/{id:id}",
             guard.api(readers, [&units](Request& req, const Principal& who) {
               return reply(req, units.get(who, req.id()));
             }));

  router.add("GET", "/api/v1/units/{id:id}/strength",
             guard.api(readers, [&units](Request& req, const Principal& who) {
               return reply(req, units.strength(who, req.id()));
             }));

  router.add("POST", "/api/v1/units",
             guard.api(writers, [&units](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               auto r = units.create(who, actor(req, who), *body);
               auto res = reply(req, r, 201);
               if (r) res.header("Location", "/api/v1/units/" + std::to_string(r->id));
               return res;
             }));

  // Commanders may call this too: the service lets them change only the status.
  router.add("PATCH", "/api/v1/units/{id:id}",
             guard.api({Role::admin, Role::hq_staff, Role::commander},
                       [&units](Request& req, const Principal& who) {
                         auto body = core::parse_json_object(req.body);
                         if (!body) return problem(req, body.error());
                         return reply(req, units.update(who, actor(req, who), req.id(), *body));
                       }));

  router.add("DELETE", "/api/v1/units/{id:id}",
             guard.api(writers, [&units](Request& req, const Principal& who) {
               return reply(req, units.remove(who, actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
