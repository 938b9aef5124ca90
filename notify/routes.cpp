#include "notify/routes.hpp"

#include "http/reply.hpp"
#include "notify/notify_json.hpp"

namespace qorgan::notify {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

const std::vector<Role> kReaders{Role::admin, Role::auditor};

// The filters of the list and the counts; bad ones are added to `errors`.
MessageFilter filter_of(const Request& req, std::vector<core::FieldError>& errors) {
  MessageFilter f;
  f.status = http::query_enum(req, "status", statuses(), errors);
  f.channel = http::query_enum(req, "channel", channels(), errors);
  auto exact = req.query_param("reference");
  auto prefix = req.query_param("reference_prefix");
  if (exact && prefix)
    errors.push_back({"reference_prefix", "give either reference or reference_prefix"});
  else if (exact)
    f.reference = ReferenceMatch{*exact, false};
  else if (prefix)
    f.reference = ReferenceMatch{*prefix, true};
  f.before_id = http::query_id(req, "cursor", errors);
  if (auto l = http::query_int(req, "limit", errors, 1, 500)) f.limit = int(*l);
  return f;
}

}  // namespace

void mount_routes(http::Router& router, const auth::Guard& guard, Outbox& outbox,
                  const std::function<void()>& on_retry) {
  router.add("GET", "/api/v1/notify/messages",
             guard.api(kReaders, [&outbox](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto f = filter_of(req, errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, outbox.list(who, f),
                                       [](const Message& m) { return to_json(m); });
             }));

  router.add("GET", "/api/v1/notify/counts",
             guard.api(kReaders, [&outbox](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto f = filter_of(req, errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply(req, outbox.counts(who, f), counts_json);
             }));

  router.add("GET", "/api/v1/notify/messages/{id:id}",
             guard.api(kReaders, [&outbox](Request& req, const Principal& who) {
               return http::reply(req, outbox.get(who, req.id()),
                                  [](const Message& m) { return to_json(m); });
             }));

  router.add("POST", "/api/v1/notify/messages/{id:id}/retry",
             guard.api({Role::admin}, [&outbox, on_retry](Request& req, const Principal& who) {
               auto r = outbox.retry(who, auth::actor(req, who), req.id());
               if (r && on_retry) on_retry();
               return http::reply(req, r, [](const Message& m) { return to_json(m); });
             }));

  router.add("POST", "/api/v1/notify/messages/{id:id}/cancel",
             guard.api({Role::admin}, [&outbox](Request& req, const Principal& who) {
               return http::reply(req, outbox.cancel(who, auth::actor(req, who), req.id()),
                                  [](const Message& m) { return to_json(m); });
             }));
}

}  // namespace qorgan::notify
