#include "activation/readiness_json.hpp"
#include "activation/routes.hpp"
#include "http/reply.hpp"

namespace qorgan::activation {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_readiness_routes(http::Router& router, const auth::Guard& guard,
                            ReadinessService& readiness) {
  // The service narrows commanders to their unit's subtree and hq_staff to their region.
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander};

  router.add("GET", "/api/v1/activation/readiness",
             guard.api(readers, [&readiness](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               ReadinessQuery q;
               q.region = http::query_id(req, "region", errors);
               q.unit = http::query_id(req, "unit", errors);
               q.date = req.query_param("date");
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               auto r = readiness.readiness(who, q);
               if (!r) return http::problem(req, r.error());
               return Response::text(json_text(*r), "application/json");
             }));
  router.add("GET", "/api/v1/activation/activations/{id:id}/muster",
             guard.api(readers, [&readiness](Request& req, const Principal& who) {
               auto m = readiness.muster(who, req.id());
               if (!m) return http::problem(req, m.error());
               return Response::text(json_text(*m), "application/json");
             }));
  router.add("GET", "/api/v1/activation/activations/{id:id}/after-action",
             guard.api(readers, [&readiness](Request& req, const Principal& who) {
               auto a = readiness.after_action(who, req.id());
               if (!a) return http::problem(req, a.error());
               return Response::json(to_json(*a));
             }));
  router.add("GET", "/api/v1/activation/activations/{id:id}/after-action.csv",
             guard.api(readers, [&readiness](Request& req, const Principal& who) {
               auto a = readiness.after_action(who, req.id());
               if (!a) return http::problem(req, a.error());
               auto res = Response::text(to_csv(*a), "text/csv; charset=utf-8");
               res.header("Content-Disposition", "attachment; filename=\"after-action-" +
                                                     std::to_string(req.id()) + ".csv\"");
               return res;
             }));
}

}  // namespace qorgan::activation
