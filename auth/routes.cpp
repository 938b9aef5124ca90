#include "auth/routes.hpp"

#include "auth/auth_json.hpp"
#include "core/paging.hpp"
#include "core/time.hpp"
#include "http/reply.hpp"

namespace qorgan::auth {

using http::Request;
using http::Response;

namespace {

core::Json account_json(const AccountView& a) {
  return to_json(a);
}

core::Json audit_json(const AuditEntry& e) {
  return to_json(e);
}

// 204 clearing the session cookie once the session has ended.
Response signed_out(const Request& req, const Guard& guard, const core::Status& ended) {
  auto res = http::reply(req, ended);
  if (ended) res.header("Set-Cookie", guard.clear_cookie(req.tls));
  return res;
}

// The filters of GET /api/v1/audit; bad ones are added to `errors`.
AuditQuery audit_query(const Request& req, std::vector<core::FieldError>& errors) {
  AuditQuery q;
  q.entity_type = req.query_param("entity_type");
  q.entity_id = req.query_param("entity_id");
  q.actor_id = http::query_id(req, "actor_id", errors);
  q.before_seq = http::query_id(req, "cursor", errors);
  for (auto [name, slot] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    if (auto v = req.query_param(name)) {
      if (auto t = core::parse_rfc3339(*v))
        *slot = *t;
      else
        errors.push_back({name, "must be an RFC 3339 time such as 2026-11-25T10:00:00Z"});
    }
  }
  if (auto l = http::query_int(req, "limit", errors, 1, 500)) q.limit = int(*l);
  return q;
}

}  // namespace

void mount_routes(http::Router& router, const Guard& guard, storage::Database& db) {
  Accounts& accounts = guard.accounts();

  router.add("POST", "/api/v1/session", guard.open([&guard, &accounts](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    core::JsonFields f(*body);
    auto login = f.str("login", true, 64);
    auto password = f.str("password", true, 1024);
    if (auto s = f.finish("The sign-in request"); !s) return http::problem(req, s.error());
    auto result = accounts.login(*login, *password, req.remote,
                                 std::string(req.header("User-Agent")), req.request_id);
    if (!result) return http::problem(req, result.error());
    auto max_age = accounts.settings().absolute.count();
    Response res = Response::json({{"token", result->token},
                                   {"csrf_token", result->csrf_token},
                                   {"expires_at", core::format_rfc3339(result->expires_at)},
                                   {"account", to_json(result->principal)}},
                                  201);
    res.header("Set-Cookie", guard.session_cookie(result->token, max_age, req.tls));
    return res;
  }));

  router.add("DELETE", "/api/v1/session",
             guard.api({}, [&guard, &accounts](Request& req, const Principal& who) {
               return signed_out(req, guard, accounts.logout(who, req.request_id));
             }));

  router.add("DELETE", "/api/v1/sessions",
             guard.api({}, [&guard, &accounts](Request& req, const Principal& who) {
               return signed_out(req, guard, accounts.logout_everywhere(who, req.request_id));
             }));

  router.add("GET", "/api/v1/me", guard.api({}, [](Request&, const Principal& who) {
    auto j = to_json(who);
    j["csrf_token"] = who.csrf_token;
    return Response::json(j);
  }));

  router.add(
      "PUT", "/api/v1/me/password", guard.api({}, [&accounts](Request& req, const Principal& who) {
        auto body = http::json_body(req);
        if (!body) return http::problem(req, body.error());
        core::JsonFields f(*body);
        auto current = f.str("current_password", true, 1024);
        auto next = f.str("new_password", true, 2048);
        if (auto s = f.finish(); !s) return http::problem(req, s.error());
        return http::reply(req, accounts.change_password(who, *current, *next, req.request_id));
      }));

  // The interface language of the caller's own account, and (admins) of any account:
  // {"language": "kk" | "ru" | "en" | null}.
  auto set_language = [&accounts](Request& req, const Principal& who, std::int64_t id) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    if (!body->is_object() || !body->contains("language") ||
        !((*body)["language"].is_string() || (*body)["language"].is_null()))
      return http::problem(
          req,
          core::Error::invalid("The language is not valid.",
                               {{"language", "must be one of: kk, ru, en (or null for none)"}}));
    std::string lang = (*body)["language"].is_null() ? "" : (*body)["language"].get<std::string>();
    if (auto s = accounts.set_language(who, actor(req, who), id, lang); !s)
      return http::problem(req, s.error());
    return http::reply(req, accounts.find(id), account_json);
  };
  router.add("PUT", "/api/v1/me/language",
             guard.api({}, [set_language](Request& req, const Principal& who) {
               return set_language(req, who, who.account_id);
             }));
  router.add("PUT", "/api/v1/accounts/{id:id}/language",
             guard.api({Role::admin}, [set_language](Request& req, const Principal& who) {
               return set_language(req, who, req.id());
             }));

  router.add("GET", "/api/v1/accounts",
             guard.api({Role::admin}, [&accounts](Request&, const Principal&) {
               core::Page<AccountView> page{accounts.list(), std::nullopt};
               return Response::json(core::page_json(page, account_json));
             }));

  router.add("POST", "/api/v1/accounts",
             guard.api({Role::admin}, [&accounts](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               core::JsonFields f(*body);
               NewAccount a;
               auto login = f.str("login", true, 64);
               auto password = f.str("password", true, 2048);
               auto role = f.str("role", true, 32);
               a.region_code = f.str("region", false, 32);
               a.unit_id = f.i64("unit_id", false, 1);
               a.organisation_id = f.i64("organisation_id", false, 1);
               a.person_id = f.i64("person_id", false, 1);
               if (role && !parse_role(*role)) f.add("role", "is not a known role");
               if (auto s = f.finish(); !s) return http::problem(req, s.error());
               a.login = *login;
               a.password = *password;
               a.role = *parse_role(*role);
               auto id = accounts.create(actor(req, who), a);
               if (!id) return http::problem(req, id.error());
               return http::created(req, accounts.find(*id), account_json, "/api/v1/accounts");
             }));

  for (bool disable : {true, false}) {
    router.add("POST",
               disable ? "/api/v1/accounts/{id:id}/disable" : "/api/v1/accounts/{id:id}/enable",
               guard.api({Role::admin}, [&accounts, disable](Request& req, const Principal& who) {
                 if (auto s = accounts.set_disabled(actor(req, who), req.id(), disable); !s)
                   return http::problem(req, s.error());
                 return http::reply(req, accounts.find(req.id()), account_json);
               }));
  }

  // The signed checkpoint of the log's head, for another server or person to keep.
  router.add("GET", "/api/v1/audit/checkpoint",
             guard.api({Role::admin, Role::auditor}, [&db](Request&, const Principal&) {
               return Response::json(core::Json::parse(checkpoint_line(checkpoint_now(db))));
             }));

  router.add("GET", "/api/v1/audit",
             guard.api({Role::admin, Role::auditor}, [&db](Request& req, const Principal&) {
               std::vector<core::FieldError> errors;
               auto q = audit_query(req, errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               core::Page<AuditEntry> page{list_audit(db, q), std::nullopt};
               // A full page may have more after it.
               if (int(page.items.size()) == q.limit && !page.items.empty())
                 page.next_cursor = std::to_string(page.items.back().seq);
               return Response::json(core::page_json(page, audit_json));
             }));
}

}  // namespace qorgan::auth
