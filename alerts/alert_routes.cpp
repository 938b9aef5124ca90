#include "alerts/access.hpp"
#include "alerts/alert_json.hpp"
#include "alerts/routes.hpp"
#include "alerts/templates.hpp"
#include "http/reply.hpp"

namespace qorgan::alerts {

using auth::Principal;
using http::Request;

void mount_routes(http::Router& router, const auth::Guard& guard, Alerts& alerts) {
  auto json = [](const Alert& a) { return to_json(a); };

  router.add(
      "GET", "/api/v1/alerts",
      guard.api(kReaders, [&alerts, json](Request& req, const Principal& who) {
        std::vector<core::FieldError> errors;
        auto before = http::query_id(req, "cursor", errors);
        auto limit = http::query_int(req, "limit", errors, 1, 200);
        auto state = http::query_enum(
            req, "state", {"draft", "published", "cancelled", "superseded", "expired", "discarded"},
            errors);
        if (!errors.empty()) return http::invalid_query(req, std::move(errors));
        std::optional<State> s;
        if (state) s = parse_state(*state);
        return http::reply_page(req, alerts.list(who, s, before, int(limit.value_or(50))), json);
      }));
  router.add("GET", "/api/v1/alerts/templates", guard.api(kReaders, [](Request&, const Principal&) {
    core::Json items = core::Json::array();
    for (const auto& t : templates()) items.push_back(to_json(t));
    return http::Response::json({{"items", items}});
  }));
  router.add("GET", "/api/v1/alerts/{id:id}",
             guard.api(kReaders, [&alerts, json](Request& req, const Principal& who) {
               return http::reply(req, alerts.get(who, req.id()), json);
             }));
  router.add("GET", "/api/v1/alerts/{id:id}/preview",
             guard.api(kReaders, [&alerts](Request& req, const Principal& who) {
               return http::reply(req, alerts.preview(who, req.id()),
                                  [](const Preview& p) { return to_json(p); });
             }));
  router.add("POST", "/api/v1/alerts",
             guard.api(kWriters, [&alerts, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, alerts.compose(who, auth::actor(req, who), *body), json,
                                    "/api/v1/alerts");
             }));
  router.add("PATCH", "/api/v1/alerts/{id:id}",
             guard.api(kWriters, [&alerts, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, alerts.edit(who, auth::actor(req, who), req.id(), *body),
                                  json);
             }));
  router.add("POST", "/api/v1/alerts/{id:id}/approve",
             guard.api(kWriters, [&alerts, json](Request& req, const Principal& who) {
               return http::reply(req, alerts.approve(who, auth::actor(req, who), req.id()), json);
             }));
  router.add("POST", "/api/v1/alerts/{id:id}/cancel",
             guard.api(kWriters, [&alerts, json](Request& req, const Principal& who) {
               core::Json body = core::Json::object();
               if (!req.body.empty()) {
                 auto parsed = http::json_body(req);
                 if (!parsed) return http::problem(req, parsed.error());
                 body = std::move(*parsed);
               }
               return http::reply(req, alerts.cancel(who, auth::actor(req, who), req.id(), body),
                                  json);
             }));
}

}  // namespace qorgan::alerts
