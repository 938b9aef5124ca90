#include "http/reply.hpp"
#include "registry/region_counts.hpp"
#include "registry/registry_json.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;

namespace {

core::Json counts_json(const PeopleByRegion& c) {
  core::Json items = core::Json::array();
  for (const auto& i : c.items) {
    core::Json r = to_json(i.region);
    r["people"] = i.people;
    r["people_here"] = i.people_here;
    items.push_back(std::move(r));
  }
  return {{"items", std::move(items)}, {"people", c.people}};
}

}  // namespace

void mount_region_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  Regions& regions = registry.regions;
  auto json = [](const Region& r) { return to_json(r); };

  router.add("GET", "/api/v1/regions",
             guard.api({}, [&regions, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               RegionFilter f;
               f.parent_id = http::query_id(req, "parent_id", errors);
               f.within = http::query_id(req, "within", errors);
               f.level = http::query_enum(req, "level", Regions::levels(), errors);
               auto p = http::list_params(req, Regions::sorts(), errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, regions.list(who, f, *p), json);
             }));

  router.add("GET", "/api/v1/regions/stats",
             guard.api({}, [&registry](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto within = http::query_id(req, "within", errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply(req, people_by_region(registry.db, who, within), counts_json);
             }));

  router.add("GET", "/api/v1/regions/{id:id}",
             guard.api({}, [&regions, json](Request& req, const Principal& who) {
               return http::reply(req, regions.get(who, req.id()), json);
             }));

  router.add("POST", "/api/v1/regions",
             guard.api({Role::admin}, [&regions, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, regions.create(who, auth::actor(req, who), *body), json,
                                    "/api/v1/regions");
             }));

  router.add("PATCH", "/api/v1/regions/{id:id}",
             guard.api({Role::admin}, [&regions, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, regions.update(who, auth::actor(req, who), req.id(), *body),
                                  json);
             }));

  router.add("DELETE", "/api/v1/regions/{id:id}",
             guard.api({Role::admin}, [&regions](Request& req, const Principal& who) {
               return http::reply(req, regions.remove(who, auth::actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::registry
