#pragma once
// Small pieces every registry route uses: reading ids from the query string, parsing the JSON
// body, and answering with a value or a problem.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "http/request.hpp"

namespace qorgan::registry {

// Optional positive integer query parameter; a malformed value is added to `errors`.
std::optional<std::int64_t> query_id(const http::Request& req, const std::string& name,
                                     std::vector<core::FieldError>& errors);
// Optional enumerated query parameter.
std::optional<std::string> query_enum(const http::Request& req, const std::string& name,
                                      const std::vector<std::string>& allowed,
                                      std::vector<core::FieldError>& errors);

inline auth::Actor actor(const http::Request& req, const auth::Principal& who) {
  return auth::Actor::of(who, req.request_id);
}

template <typename T>
http::Response reply(const http::Request& req, const core::Result<T>& r, int status = 200) {
  if (!r) return http::problem(r.error(), req.request_id);
  if constexpr (std::is_same_v<T, core::Json>)
    return http::Response::json(*r, status);
  else
    return http::Response::json(r->json(), status);
}

// A value its service has already written as JSON text (see core::JsonWriter).
inline http::Response reply_json_text(const http::Request& req, core::Result<std::string>&& r,
                                      int status = 200) {
  if (!r) return http::problem(r.error(), req.request_id);
  return http::Response{status, {{"Content-Type", "application/json"}}, std::move(*r)};
}

inline http::Response reply(const http::Request& req, const core::Status& s) {
  if (!s) return http::problem(s.error(), req.request_id);
  return http::Response::no_content();
}

inline http::Response problem(const http::Request& req, const core::Error& e) {
  return http::problem(e, req.request_id);
}

}  // namespace qorgan::registry
