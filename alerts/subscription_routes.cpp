#include "alerts/subscription_routes.hpp"

#include "http/reply.hpp"

namespace qorgan::alerts {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

core::Json to_json(const Subscription& s) {
  return {{"channel", s.channel},
          {"address", s.address_masked},
          {"language", s.language},
          {"status", s.status},
          {"regions", s.regions}};
}

core::Json to_json(const Delivery& d) {
  core::Json messages = core::Json::object();
  for (const auto& [channel, counts] : d.messages) messages[channel] = counts;
  return {{"fan_out_id", d.fan_out_id},
          {"alert_id", d.alert_id},
          {"msg_type", d.msg_type},
          {"identifier", d.identifier},
          {"status", d.cap_status},
          {"state", d.state},
          {"enqueued", d.enqueued},
          {"created_at", d.created_at},
          {"done_at", d.done_at ? core::Json(*d.done_at) : core::Json(nullptr)},
          {"messages", messages}};
}

// The link's token from a JSON body {"token": "..."}.
core::Result<std::string> token_of(const Request& req) {
  auto body = http::json_body(req);
  if (!body) return core::fail(body.error());
  core::JsonFields f(*body);
  auto token = f.str("token", true, 100);
  if (auto done = f.finish("The request"); !done) return core::fail(done.error());
  return *token;
}

}  // namespace

void mount_subscription_routes(http::Router& router, const auth::Guard& guard,
                               Subscriptions& subscriptions, FanOutWorker& fan_out) {
  router.add("POST", "/api/v1/alerts/subscriptions", [&subscriptions](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    auto done = subscriptions.subscribe({req.remote, req.request_id}, *body);
    if (!done) return http::problem(req, done.error());
    return Response::json({{"status", "confirmation_sent"}}, 202);
  });
  router.add("POST", "/api/v1/alerts/subscriptions/confirm", [&subscriptions](Request& req) {
    auto token = token_of(req);
    if (!token) return http::problem(req, token.error());
    auto r = subscriptions.confirm({req.remote, req.request_id}, *token);
    return http::reply(req, r, [](const Subscription& s) { return to_json(s); });
  });
  router.add("POST", "/api/v1/alerts/subscriptions/unsubscribe", [&subscriptions](Request& req) {
    auto token = token_of(req);
    if (!token) return http::problem(req, token.error());
    auto done = subscriptions.unsubscribe({req.remote, req.request_id}, *token);
    if (!done) return http::problem(req, done.error());
    return Response::json({{"status", "unsubscribed"}});
  });
  const std::vector<Role> readers{Role::admin, Role::auditor};
  router.add("GET", "/api/v1/alerts/subscriptions/counts",
             guard.api(readers, [&subscriptions](Request& req, const Principal& who) {
               auto r = subscriptions.counts(who);
               return http::reply(req, r, [](const std::vector<SubscriberCount>& counts) {
                 core::Json items = core::Json::array();
                 for (const auto& c : counts)
                   items.push_back({{"region", c.region},
                                    {"channel", c.channel},
                                    {"language", c.language},
                                    {"status", c.status},
                                    {"count", c.count}});
                 return core::Json{{"items", items}};
               });
             }));
  // An alert's delivery: whoever sees the alert (FanOutWorker::deliveries decides the scope).
  const std::vector<Role> watchers{Role::admin, Role::auditor, Role::alert_officer};
  router.add("GET", "/api/v1/alerts/deliveries/{alert:id}",
             guard.api(watchers, [&fan_out](Request& req, const Principal& who) {
               auto r = fan_out.deliveries(who, req.id("alert"));
               return http::reply(req, r, [](const std::vector<Delivery>& list) {
                 core::Json items = core::Json::array();
                 for (const auto& d : list) items.push_back(to_json(d));
                 return core::Json{{"items", items}};
               });
             }));
}

}  // namespace qorgan::alerts
