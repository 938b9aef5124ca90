#pragma once
// Binds authentication and role checks to routes: every API route is registered through a
// Guard with the roles that may call it, so no endpoint is reachable unchecked.
#include <functional>
#include <vector>

#include "auth/accounts.hpp"
#include "http/router.hpp"

namespace qorgan::auth {

inline constexpr const char* kSessionCookie = "qorgan_session";

// Who the audit log names for a change this request makes.
inline Actor actor(const http::Request& req, const Principal& who) {
  return Actor::of(who, req.request_id);
}

class Guard {
 public:
  explicit Guard(Accounts& accounts, bool secure_cookies = false)
      : accounts_(accounts), secure_cookies_(secure_cookies) {}

  // Bearer token first, then the session cookie. A cookie-authenticated unsafe request must
  // carry the session's CSRF token (X-CSRF-Token header or `_csrf` form field).
  core::Result<Principal> identify(const http::Request& req) const;

  using Inner = std::function<http::Response(http::Request&, const Principal&)>;
  // `roles` empty: any signed-in account. Answers 401 without a session, 403 for other roles.
  http::Handler api(std::vector<Role> roles, Inner inner) const;

  std::string session_cookie(const std::string& token, std::int64_t max_age_s, bool tls) const;
  std::string clear_cookie(bool tls) const;
  Accounts& accounts() const { return accounts_; }

 private:
  Accounts& accounts_;
  bool secure_cookies_;
};

}  // namespace qorgan::auth
