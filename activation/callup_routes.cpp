#include "activation/activation_json.hpp"
#include "activation/routes.hpp"
#include "http/reply.hpp"

namespace qorgan::activation {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_callup_routes(http::Router& router, const auth::Guard& guard, Callup& callup) {
  // No account: the code in the body is the credential (rate-limited per address).
  router.add("POST", "/api/v1/activation/answer", guard.open([&callup](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    const auto* code = body->contains("code") ? &(*body)["code"] : nullptr;
    if (!code || !code->is_string())
      return http::problem(
          req, core::Error::invalid("The answer is not valid.",
                                    {{"code", "Give the code printed on the notice."}}));
    core::Json rest = *body;
    rest.erase("code");
    auto r = callup.answer_by_code({req.remote, req.request_id}, code->get<std::string>(), rest);
    return http::reply(req, r, [](const OwnNotice& o) { return to_json(o, nullptr); });
  }));
  const std::vector<Role> volunteers{Role::volunteer};
  router.add("GET", "/api/v1/activation/my-notices",
             guard.api(volunteers, [&callup](Request& req, const Principal& who) {
               auto list = callup.mine(who);
               if (!list) return http::problem(req, list.error());
               core::Json items = core::Json::array();
               for (const auto& o : *list) {
                 auto token = callup.token(o.notice);
                 items.push_back(to_json(o, &token));
               }
               return Response::json({{"items", items}, {"next_cursor", nullptr}});
             }));
  router.add("POST", "/api/v1/activation/my-notices/{notice:id}/answer",
             guard.api(volunteers, [&callup](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               auto r = callup.answer_mine(who, auth::actor(req, who), req.id("notice"), *body);
               return http::reply(req, r, [&callup](const OwnNotice& o) {
                 auto token = callup.token(o.notice);
                 return to_json(o, &token);
               });
             }));
}

}  // namespace qorgan::activation
