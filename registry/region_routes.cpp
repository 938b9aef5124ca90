#include "registry/route_helpers.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_region_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Regions& regions = registry.regions;

  router.add("GET", "/api/v1/regions", guard.api({}, [&regions](Request& req, const Principal&) {
    std::vector<core::FieldError> errors;
    RegionFilter f;
    f.parent_id = query_id(req, "parent_id", errors);
    f.within = query_id(req, "within", errors);
    f.level = query_enum(req, "level", Regions::levels(), errors);
    auto p = parse_list_params(req, Regions::sorts());
    if (!p) errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
    if (!errors.empty())
      return problem(req, core::Error::invalid("The list query is not valid.", errors));
    return Response::json(regions.list(f, *p));
  }));

  router.add("GET", "/api/v1/regions/{id:id}",
             guard.api({}, [&regions](Request& req, const Principal&) {
               return reply(req, regions.get(req.id()));
             }));

  router.add("POST", "/api/v1/regions",
             guard.api({Role::admin}, [&regions](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               auto r = regions.create(who, actor(req, who), *body);
               auto res = reply(req, r, 201);
               if (r) res.header("Location", "/api/v1/regions/" + std::to_string(r->id));
               return res;
             }));

  router.add("PATCH", "/api/v1/regions/{id:id}",
             guard.api({Role::admin}, [&regions](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               return reply(req, regions.update(who, actor(req, who), req.id(), *body));
             }));

  router.add("DELETE", "/api/v1/regions/{id:id}",
             guard.api({Role::admin}, [&regions](Request& req, const Principal& who) {
               return reply(req, regions.remove(who, actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
