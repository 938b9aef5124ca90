#include "activation/access.hpp"
#include "activation/activation_json.hpp"
#include "activation/routes.hpp"
#include "http/reply.hpp"

namespace qorgan::activation {

using auth::Principal;
using auth::Role;
using http::Request;

void mount_plan_routes(http::Router& router, const auth::Guard& guard, Plans& plans) {
  const std::vector<Role>& readers = kReaders;
  const std::vector<Role>& writers = kWriters;
  auto json = [](const Plan& p) { return to_json(p); };

  router.add("GET", "/api/v1/activation/plans",
             guard.api(readers, [&plans, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto after = http::query_id(req, "cursor", errors);
               auto limit = http::query_id(req, "limit", errors);
               if (limit && *limit > 200) errors.push_back({"limit", "at most 200"});
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, plans.list(who, after, int(limit.value_or(50))), json);
             }));
  router.add("GET", "/api/v1/activation/plans/{id:id}",
             guard.api(readers, [&plans, json](Request& req, const Principal& who) {
               return http::reply(req, plans.get(who, req.id()), json);
             }));
  router.add("POST", "/api/v1/activation/plans",
             guard.api(writers, [&plans, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, plans.create(who, auth::actor(req, who), *body), json,
                                    "/api/v1/activation/plans");
             }));
  router.add("PATCH", "/api/v1/activation/plans/{id:id}",
             guard.api(writers, [&plans, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, plans.update(who, auth::actor(req, who), req.id(), *body),
                                  json);
             }));
  router.add("DELETE", "/api/v1/activation/plans/{id:id}",
             guard.api(writers, [&plans](Request& req, const Principal& who) {
               return http::reply(req, plans.remove(who, auth::actor(req, who), req.id()));
             }));
}

}  // namespace qorgan::activation
