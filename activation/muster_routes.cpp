#include "activation/access.hpp"
#include "activation/activation_json.hpp"
#include "activation/routes.hpp"
#include "http/reply.hpp"

namespace qorgan::activation {

using auth::Principal;
using http::Request;
using http::Response;

void mount_muster_routes(http::Router& router, const auth::Guard& guard, MusterPoints& points) {
  // Headquarters and admins at any point of their region; a commander for their units' people.
  const std::vector<auth::Role> officers{auth::Role::admin, auth::Role::hq_staff,
                                         auth::Role::commander};
  router.add("GET", "/api/v1/activation/muster/{id:id}",
             guard.api(officers, [&points](Request& req, const Principal& who) {
               auto p = points.expected(who, req.id());
               if (!p) return http::problem(req, p.error());
               auto res = Response::json(to_json(*p));
               // The page keeps its own copy for offline use; the network's must be fresh.
               res.header("Cache-Control", "private, no-store");
               return res;
             }));
  router.add("POST", "/api/v1/activation/muster/{id:id}/check-ins",
             guard.api(officers, [&points](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               auto results = points.check_in(who, auth::actor(req, who), req.id(), *body);
               if (!results) return http::problem(req, results.error());
               core::Json items = core::Json::array();
               for (const auto& r : *results) items.push_back(to_json(r));
               return Response::json({{"items", items}});
             }));
}

}  // namespace qorgan::activation
