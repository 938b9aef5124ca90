#include "activation/access.hpp"
#include "activation/activation_json.hpp"
#include "activation/print_html.hpp"
#include "activation/routes.hpp"
#include "http/later.hpp"
#include "http/reply.hpp"
#include "view/i18n.hpp"

namespace qorgan::activation {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_activation_routes(http::Router& router, const auth::Guard& guard,
                             Activations& activations) {
  const std::vector<Role>& readers = kReaders;
  const std::vector<Role>& writers = kWriters;
  auto json = [](const Activation& a) { return to_json(a); };
  auto act = [&activations, json](Request& req, const Principal& who, auto method) {
    return http::reply(req, (activations.*method)(who, auth::actor(req, who), req.id()), json);
  };

  router.add("POST", "/api/v1/activation/plans/{id:id}/activations",
             guard.api(writers, [&activations, json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(
                   req, activations.propose(who, auth::actor(req, who), req.id(), *body), json,
                   "/api/v1/activation/activations");
             }));
  router.add("GET", "/api/v1/activation/activations",
             guard.api(readers, [&activations, json](Request& req, const Principal& who) {
               auto list = activations.list(who);
               if (!list) return http::problem(req, list.error());
               core::Json items = core::Json::array();
               for (const auto& a : *list) items.push_back(json(a));
               return Response::json({{"items", items}, {"next_cursor", nullptr}});
             }));
  router.add("GET", "/api/v1/activation/activations/{id:id}",
             guard.api(readers, [&activations, json](Request& req, const Principal& who) {
               return http::reply(req, activations.get(who, req.id()), json);
             }));
  router.add("POST", "/api/v1/activation/activations/{id:id}/approve",
             guard.api(writers, [act](Request& req, const Principal& who) {
               return act(req, who, &Activations::approve);
             }));
  router.add("POST", "/api/v1/activation/activations/{id:id}/cancel",
             guard.api(writers, [act](Request& req, const Principal& who) {
               return act(req, who, &Activations::cancel);
             }));
  router.add("POST", "/api/v1/activation/activations/{id:id}/close",
             guard.api(writers, [act](Request& req, const Principal& who) {
               return act(req, who, &Activations::close);
             }));
  router.add("GET", "/api/v1/activation/activations/{id:id}/notices",
             guard.api(readers, [&activations](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               std::optional<Muster> status;
               if (auto s = req.query_param("status")) {
                 status = muster_from(*s);
                 if (!status)
                   errors.push_back({"status",
                                     "must be one of: called, reached, confirmed, declined, "
                                     "arrived, overdue"});
               }
               auto after = http::query_id(req, "cursor", errors);
               auto limit = http::query_id(req, "limit", errors);
               if (limit && *limit > 500) errors.push_back({"limit", "at most 500"});
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(
                   req, activations.notices(who, req.id(), status, after, int(limit.value_or(100))),
                   [&](const Notice& n) {
                     auto token = activations.token(n);
                     return to_json(n, &token);
                   });
             }));
  router.add("POST", "/api/v1/activation/activations/{id:id}/notices/{notice:id}/answer",
             guard.api({Role::admin, Role::hq_staff, Role::commander},
                       [&activations](Request& req, const Principal& who) {
                         auto body = http::json_body(req);
                         if (!body) return http::problem(req, body.error());
                         auto n = activations.answer(who, auth::actor(req, who), req.id(),
                                                     req.id("notice"), *body);
                         return http::reply(req, n, [&activations](const Notice& x) {
                           auto token = activations.token(x);
                           return to_json(x, &token);
                         });
                       }));
  router.add("POST", "/api/v1/activation/activations/{id:id}/check-ins",
             guard.api({Role::admin, Role::hq_staff, Role::commander},
                       [&activations](Request& req, const Principal& who) {
                         auto body = http::json_body(req);
                         if (!body) return http::problem(req, body.error());
                         // Answered once the check-in is durable, without holding this thread
                         // while it waits for the writer and its group's commit.
                         auto later = http::Later::take();
                         try {
                           activations.check_in_later(
                               who, auth::actor(req, who), req.id(), *body,
                               [later, &req](Activations::CheckedIn written) {
                                 try {
                                   auto r = written.take();
                                   if (!r) return later.answer(http::problem(req, r.error()));
                                   // Without the token: signing it was a tenth of a check-in's
                                   // work, and the one checked in holds it on their notice already.
                                   later.answer(Response{r->already ? 200 : 201,
                                                         {{"Content-Type", "application/json"}},
                                                         check_in_json(*r)});
                                 } catch (...) {
                                   later.fail(std::current_exception());
                                 }
                               });
                         } catch (...) {  // before the write was queued (a read failed)
                           later.fail(std::current_exception());
                         }
                         return http::Later::pending();
                       }));
  // The notices of one unit to deliver by hand, printable: in ?lang=, else the account's
  // language, else the one Accept-Language prefers.
  router.add("GET", "/api/v1/activation/activations/{id:id}/print",
             guard.api(readers,
                       [&activations](Request& req, const Principal& who) {
                         std::vector<core::FieldError> errors;
                         auto unit = http::query_id(req, "unit", errors);
                         if (!unit && errors.empty()) errors.push_back({"unit", "is required"});
                         auto all = http::query_enum(req, "all", {"true", "false"}, errors);
                         auto lang = http::query_enum(req, "lang", view::languages(), errors);
                         if (!errors.empty()) return http::invalid_query(req, std::move(errors));
                         if (!lang) lang = view::is_language(who.language) ? who.language : "";
                         if (lang->empty())
                           lang = view::pick_language(req.header("Accept-Language"));
                         auto batch = activations.print_batch(who, req.id(), *unit, all == "true");
                         if (!batch) return http::problem(req, batch.error());
                         auto res = Response::html(render_print_batch(
                             *batch, *lang, activations.time_zone(), activations.origin()));
                         res.header("Content-Security-Policy", kPrintContentSecurityPolicy);
                         return res;
                       }),
             http::Cost::heavy);
  router.add("POST", "/api/v1/activation/activations/{id:id}/remind",
             guard.api({Role::admin, Role::hq_staff, Role::commander},
                       [&activations](Request& req, const Principal& who) {
                         auto body = req.body.empty()
                                         ? core::Result<core::Json>(core::Json::object())
                                         : http::json_body(req);
                         if (!body) return http::problem(req, body.error());
                         auto r = activations.remind(who, auth::actor(req, who), req.id(), *body);
                         return http::reply(req, r, [](const Reminder& x) { return to_json(x); });
                       }));
  router.add("GET", "/api/v1/activation/activations/{id:id}/token-key",
             guard.api(readers, [&activations](Request& req, const Principal& who) {
               auto a = activations.get(who, req.id());
               if (!a) return http::problem(req, a.error());
               return Response::json({{"activation_id", a->id},
                                      {"algorithm", "Ed25519"},
                                      {"public_key", activations.token_key(a->id)}});
             }));
}

}  // namespace qorgan::activation
