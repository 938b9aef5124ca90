#include "auth/guard.hpp"

#include <algorithm>
#include <cstdio>

#include "auth/guard_language.hpp"
#include "core/crypto.hpp"
#include "core/outage.hpp"
#include "http/later.hpp"
#include "view/i18n.hpp"

namespace qorgan::auth {

namespace {

// The database went away or is busy: 503 with Retry-After (core::Outage), logged as the server
// logs the outages that reach it, here so that the answer can be put in the caller's language.
http::Response unavailable(const http::Request& req, const core::Outage& e) {
  std::fprintf(stderr, "{\"level\":\"warning\",\"rid\":\"%s\",\"error\":%s}\n",
               req.request_id.c_str(),
               core::Json(std::string(e.what()))
                   .dump(-1, ' ', false, core::Json::error_handler_t::replace)
                   .c_str());
  return http::problem(e.error(), req.request_id);
}

constexpr const char* kNoCsrf =
    "The request lacks this session's CSRF token; reload the page and try again.";
}  // namespace

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
    if (!core::same_secret(p->csrf_token, sent)) return core::fail(core::Error::forbidden(kNoCsrf));
  }
  return p;
}

std::expected<PageVisit, PageRefusal> Guard::visit_page(const http::Request& req,
                                                        const std::vector<Role>& roles) const {
  using Reason = PageRefusal::Reason;
  auto token = req.cookie(kSessionCookie);
  if (!token || token->empty()) return std::unexpected(PageRefusal{Reason::not_signed_in, {}, {}});
  auto who = accounts_.authenticate(*token);
  if (!who) return std::unexpected(PageRefusal{Reason::not_signed_in, {}, {}});
  who->via_cookie = true;
  PageVisit visit{*who, {}};
  if (req.method == "POST") {
    auto form = http::parse_form(req);
    if (!form)
      return std::unexpected(PageRefusal{Reason::unreadable_form, form.error().message, *who});
    visit.form = std::move(*form);
    std::string sent(req.header("X-CSRF-Token"));
    if (sent.empty()) sent = http::form_value(visit.form, "_csrf");
    if (!core::same_secret(who->csrf_token, sent))
      return std::unexpected(PageRefusal{Reason::no_csrf_token, kNoCsrf, *who});
  }
  if (!roles.empty() && !who->in(roles))
    return std::unexpected(PageRefusal{
        Reason::role,
        "Your role (" + std::string(to_string(who->role)) + ") may not open this page.", *who});
  return visit;
}

http::Handler Guard::api(std::vector<Role> roles, Inner inner) const {
  return [this, roles = std::move(roles), inner = std::move(inner)](http::Request& req) {
    core::Result<Principal> who = core::fail(core::Error::unauthenticated());
    try {
      who = identify(req);
      if (!who) {
        auto res = http::problem(who.error(), req.request_id);
        if (who.error().code == core::ErrorCode::unauthenticated)
          res.header("WWW-Authenticate", "Bearer realm=\"qorgan\"");
        return said(req, nullptr, std::move(res));
      }
      if (!roles.empty() && std::find(roles.begin(), roles.end(), who->role) == roles.end())
        return said(
            req, &*who,
            http::problem(core::Error::forbidden("Your role (" + std::string(to_string(who->role)) +
                                                 ") may not do this."),
                          req.request_id));
      auto res = inner(req, *who);
      // An answer given later is put into the caller's language then; the request and the
      // guard outlive it.
      if (http::Later::is_pending(res))
        http::Later::amend([this, &req, asker = *who](http::Response later) {
          return said(req, &asker, std::move(later));
        });
      return said(req, &*who, std::move(res));
    } catch (const core::Outage& e) {
      return said(req, who ? &*who : nullptr, unavailable(req, e));
    }
  };
}

http::Handler Guard::open(http::Handler inner) const {
  return [this, inner = std::move(inner)](http::Request& req) {
    try {
      return said(req, nullptr, inner(req));
    } catch (const core::Outage& e) {
      return said(req, nullptr, unavailable(req, e));
    }
  };
}

http::Response Guard::said(const http::Request& req, const Principal* who,
                           http::Response res) const {
  if (!words_ || res.status < 400) return res;
  return in_language(*words_, api_language(req, who), std::move(res));
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
