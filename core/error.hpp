#pragma once
// The vocabulary of expected failures. Every layer returns Result<T>; only the HTTP boundary
// and the CLI turn an Error into a status code or an exit code.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::core {

enum class ErrorCode {
  invalid,          // the caller sent something wrong (400/422)
  not_found,        // no such thing, or not visible to the caller (404)
  conflict,         // duplicates, stale versions, wrong state (409)
  unauthenticated,  // no valid session (401)
  forbidden,        // known caller, not allowed (403)
  too_many,         // throttled (429)
  too_large,        // body or file over the limit (413)
  unavailable,      // a dependency is down (503)
  internal,         // a bug or a driver failure (500)
  // The request's form, refused at the HTTP boundary before any capability sees it:
  bad_request,             // not valid HTTP, or framed in a way the server does not read (400)
  method_not_allowed,      // the path exists, the method does not (405)
  unsupported_media_type,  // the body's Content-Type is not one the route reads (415)
  request_timeout,         // the request did not arrive whole in time (408)
  header_too_large,        // the request header is over the limit (431)
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::vector<FieldError> fields;
  // With too_many: whole seconds until a retry can be let through. The HTTP boundary sends this
  // one number as both the Retry-After header and the body's retry_after, so they always agree.
  std::optional<std::int64_t> retry_after;

  static Error invalid(std::string msg, std::vector<FieldError> fields = {}) {
    return {ErrorCode::invalid, std::move(msg), std::move(fields)};
  }
  static Error not_found(std::string msg) { return {ErrorCode::not_found, std::move(msg), {}}; }
  static Error conflict(std::string msg) { return {ErrorCode::conflict, std::move(msg), {}}; }
  static Error forbidden(std::string msg = "You are not allowed to do this.") {
    return {ErrorCode::forbidden, std::move(msg), {}};
  }
  static Error unauthenticated(std::string msg = "Sign in first.") {
    return {ErrorCode::unauthenticated, std::move(msg), {}};
  }
  static Error internal(std::string msg) { return {ErrorCode::internal, std::move(msg), {}}; }
  static Error too_many(std::string msg, std::int64_t retry_after_seconds) {
    return {ErrorCode::too_many, std::move(msg), {}, retry_after_seconds};
  }
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error e) {
  return std::unexpected(std::move(e));
}

std::string_view to_string(ErrorCode code);

}  // namespace qorgan::core
