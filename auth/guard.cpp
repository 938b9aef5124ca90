#include "auth/guard.hpp"

#include <sodium.h>

#include <algorithm>

namespace qorgan::auth {

static bool same(const std::string& a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

core::Result<Principal> Guard::identify(const http::Request& req) const {
  auto authz = req.header("Authorization");
  if (authz.size() > 7 && http::iequals(authz.substr(0, 7), "Bearer "))
    return accounts_.authenticate(std::string(authz.substr(7)));
  auto cookie = req.cookie(kSessionCookie);
  if (!cookie) return core::fail(core::Error::unauthenticated());
  auto p = accounts_.authenticate(*cookie);
  if (!p) return p;
  p->via_cookie = true;
  bool unsafe = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
  if (unsafe) {
    std::string_view sent = req.header("X-CSRF-Token");
    std::string form_token;
    if (sent.empty() &&
        req.header("Content-Type").starts_with("application/x-www-form-urlencoded")) {
      auto form = http::parse_query(req.body);
      if (auto it = form.find("_csrf"); it != form.end()) form_token = it->second;
      sent = form_token;
    }
    if (!same(p->csrf_token, sent))
      return core::fail(core::Error::forbidden(
          "The request lacks this session's CSRF token; reload the page and try again."));
  }
  return p;
}

http::Handler Guard::api(std::vector<Role> roles, Inner inner) const {
  return [this, roles = std::move(roles), inner = std::move(inner)](http::Request& req) {
    auto who = identify(req);
    if (!who) {
      auto res = http::problem(who.error(), req.request_id);
      if (who.error().code == core::ErrorCode::unauthenticated)
        res.header("WWW-Authenticate", "Bearer realm=\"qorgan\"");
      return res;
    }
    if (!roles.empty() && std::find(roles.begin(), roles.end(), who->role) == roles.end())
      return http::problem(
          core::Error::forbidden("Your role (" + std::string(to_string(who->role)) +
                                 ") may not do this."),
          req.request_id);
    return inner(req, *who);
  };
}

std::string Guard::session_cookie(const std::string& token, std::int64_t max_age_s,
                                  bool tls) const {
  std::string c = std::string(kSessionCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (tls || secure_cookies_) c += "; Secure";
  return c;
}

std::string Guard::clear_cookie(bool tls) const {
  return session_cookie("", 0, tls);
}

}  // namespace qorgan::auth
