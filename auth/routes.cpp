#include "auth/routes.hpp"

#include "auth/audit.hpp"
#include "core/time.hpp"

namespace qorgan::auth {

using http::Request;
using http::Response;

namespace {

core::Json principal_json(const Principal& p) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? core::Json(*v) : nullptr; };
  return {{"id", p.account_id},           {"login", p.login},
          {"role", to_string(p.role)},    {"region_id", opt(p.region_id)},
          {"unit_id", opt(p.unit_id)},    {"organisation_id", opt(p.organisation_id)},
          {"person_id", opt(p.person_id)}};
}

Response fail(const core::Error& e, const Request& req) {
  return http::problem(e, req.request_id);
}

std::optional<std::int64_t> int_param(const Request& req, const std::string& name,
                                      core::JsonFields& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  try {
    size_t pos = 0;
    auto n = std::stoll(*v, &pos);
    if (pos == v->size()) return n;
  } catch (const std::exception&) {
  }
  errors.add(name, "must be an integer");
  return std::nullopt;
}

}  // namespace

void mount_routes(http::Router& router, const Guard& guard, storage::Database& db) {
  Accounts& accounts = guard.accounts();

  router.add("POST", "/api/v1/session", [&guard, &accounts](Request& req) {
    auto body = core::parse_json_object(req.body);
    if (!body) return fail(body.error(), req);
    core::JsonFields f(*body);
    auto login = f.str("login", true, 64);
    auto password = f.str("password", true, 1024);
    if (auto s = f.finish("The sign-in request"); !s) return fail(s.error(), req);
    auto result = accounts.login(*login, *password, req.remote,
                                 std::string(req.header("User-Agent")), req.request_id);
    if (!result) {
      auto res = fail(result.error(), req);
      if (result.error().code == core::ErrorCode::too_many) res.header("Retry-After", "60");
      return res;
    }
    auto max_age = accounts.settings().absolute.count();
    Response res = Response::json({{"token", result->token},
                                   {"csrf_token", result->csrf_token},
                                   {"expires_at", core::format_rfc3339(result->expires_at)},
                                   {"account", principal_json(result->principal)}},
                                  201);
    res.header("Set-Cookie", guard.session_cookie(result->token, max_age, req.tls));
    return res;
  });

  router.add("DELETE", "/api/v1/session",
             guard.api({}, [&guard, &accounts](Request& req, const Principal& who) {
               if (auto s = accounts.logout(who, req.request_id); !s) return fail(s.error(), req);
               auto res = Response::no_content();
               res.header("Set-Cookie", guard.clear_cookie(req.tls));
               return res;
             }));

  router.add("DELETE", "/api/v1/sessions",
             guard.api({}, [&guard, &accounts](Request& req, const Principal& who) {
               if (auto s = accounts.logout_everywhere(who, req.request_id); !s)
                 return fail(s.error(), req);
               auto res = Response::no_content();
               res.header("Set-Cookie", guard.clear_cookie(req.tls));
               return res;
             }));

  router.add("GET", "/api/v1/me", guard.api({}, [](Request&, const Principal& who) {
    auto j = principal_json(who);
    j["csrf_token"] = who.csrf_token;
    return Response::json(j);
  }));

  router.add("PUT", "/api/v1/me/password",
             guard.api({}, [&accounts](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return fail(body.error(), req);
               core::JsonFields f(*body);
               auto current = f.str("current_password", true, 1024);
               auto next = f.str("new_password", true, 2048);
               if (auto s = f.finish(); !s) return fail(s.error(), req);
               if (auto s = accounts.change_password(who, *current, *next, req.request_id); !s)
                 return fail(s.error(), req);
               return Response::no_content();
             }));

  router.add("GET", "/api/v1/accounts",
             guard.api({Role::admin}, [&accounts](Request&, const Principal&) {
               core::Json items = core::Json::array();
               for (const auto& a : accounts.list()) items.push_back(a.json());
               return Response::json({{"items", items}, {"next_cursor", nullptr}});
             }));

  router.add("POST", "/api/v1/accounts",
             guard.api({Role::admin}, [&accounts](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return fail(body.error(), req);
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
               if (auto s = f.finish(); !s) return fail(s.error(), req);
               a.login = *login;
               a.password = *password;
               a.role = *parse_role(*role);
               auto id = accounts.create(Actor::of(who, req.request_id), a);
               if (!id) return fail(id.error(), req);
               return Response::json(accounts.find(*id)->json(), 201)
                   .header("Location", "/api/v1/accounts/" + std::to_string(*id));
             }));

  for (bool disable : {true, false}) {
    router.add(
        "POST", disable ? "/api/v1/accounts/{id:id}/disable" : "/api/v1/accounts/{id:id}/enable",
        guard.api({Role::admin}, [&accounts, disable](Request& req, const Principal& who) {
          if (auto s = accounts.set_disabled(Actor::of(who, req.request_id), req.id(), disable); !s)
            return fail(s.error(), req);
          return Response::json(accounts.find(req.id())->json());
        }));
  }

  router.add("GET", "/api/v1/audit",
             guard.api({Role::admin, Role::auditor}, [&db](Request& req, const Principal&) {
               core::Json dummy = core::Json::object();
               core::JsonFields errors(dummy);
               AuditQuery q;
               q.entity_type = req.query_param("entity_type");
               q.entity_id = req.query_param("entity_id");
               q.actor_id = int_param(req, "actor_id", errors);
               q.before_seq = int_param(req, "cursor", errors);
               for (auto [name, slot] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
                 if (auto v = req.query_param(name)) {
                   if (auto t = core::parse_rfc3339(*v))
                     *slot = *t;
                   else
                     errors.add(name, "must be an RFC 3339 time such as 2026-11-25T10:00:00Z");
                 }
               }
               if (auto l = int_param(req, "limit", errors)) {
                 if (*l < 1 || *l > 500)
                   errors.add("limit", "must be between 1 and 500");
                 else
                   q.limit = int(*l);
               }
               if (auto s = errors.finish("The query"); !s) return fail(s.error(), req);
               auto entries = list_audit(db, q);
               core::Json items = core::Json::array();
               for (const auto& e : entries) items.push_back(to_json(e));
               core::Json next = nullptr;
               if (int(entries.size()) == q.limit && !entries.empty())
                 next = std::to_string(entries.back().seq);
               return Response::json({{"items", items}, {"next_cursor", next}});
             }));
}

}  // namespace qorgan::auth
