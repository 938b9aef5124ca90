#pragma once
// Binds authentication and role checks to routes: every API route is registered through a
// Guard with the roles that may call it, so no endpoint is reachable unchecked.
#include <expected>
#include <functional>
#include <optional>
#include <vector>

#include "auth/accounts.hpp"
#include "http/form.hpp"
#include "http/router.hpp"

namespace qorgan::view {
class Catalogue;
}

namespace qorgan::auth {

inline constexpr const char* kSessionCookie = "qorgan_session";

// Who the audit log names for a change this request makes.
inline Actor actor(const http::Request& req, const Principal& who) {
  return Actor::of(who, req.request_id);
}

// A signed-in web page (the console, the portal's editor): who is asking, and the form a POST
// carried.
struct PageVisit {
  Principal who;
  http::Form form;
};

// Why a page is refused; each front end answers in its own words (a redirect to sign in, its
// error page).
struct PageRefusal {
  enum class Reason { not_signed_in, unreadable_form, no_csrf_token, role } reason;
  std::string message;
  std::optional<Principal> who;  // set unless not_signed_in
};

class Guard {
 public:
  // `words`, when given, is the catalogue of service messages: every API answer's problem
  // (the guard's own 401/403 too) is then in the caller's language (auth/caller_language.hpp).
  explicit Guard(Accounts& accounts, bool secure_cookies = false,
                 const view::Catalogue* words = nullptr)
      : accounts_(accounts), secure_cookies_(secure_cookies), words_(words) {}

  // Bearer token first, then the session cookie. A cookie-authenticated unsafe request must
  // carry the session's CSRF token (X-CSRF-Token header or `_csrf` form field).
  core::Result<Principal> identify(const http::Request& req) const;

  // The one gate of signed-in pages: the session cookie, the roles (`roles` empty: any signed-in
  // account), and for a POST the session's CSRF token (its `_csrf` field, url-encoded or
  // multipart, or an X-CSRF-Token header).
  std::expected<PageVisit, PageRefusal> visit_page(const http::Request& req,
                                                   const std::vector<Role>& roles) const;

  using Inner = std::function<http::Response(http::Request&, const Principal&)>;
  // `roles` empty: any signed-in account. Answers 401 without a session, 403 for other roles.
  http::Handler api(std::vector<Role> roles, Inner inner) const;
  // An API route open without an account (signing in, answering a notice by its code): no
  // check, only its problems in the caller's language as api's are.
  http::Handler open(http::Handler inner) const;

  std::string session_cookie(const std::string& token, std::int64_t max_age_s, bool tls) const;
  std::string clear_cookie(bool tls) const;
  Accounts& accounts() const { return accounts_; }

 private:
  // `res` in the caller's language when it is a problem and the guard has words.
  http::Response said(const http::Request& req, const Principal* who, http::Response res) const;

  Accounts& accounts_;
  bool secure_cookies_;
  const view::Catalogue* words_;
};

}  // namespace qorgan::auth
