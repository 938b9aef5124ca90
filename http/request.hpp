#pragma once
// The HTTP vocabulary handlers are written in. Beast stays inside server.cpp; handlers see only
// these plain structs, which keeps them quick to compile and easy to test.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace qorgan::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;    // decoded path without the query
  std::multimap<std::string, std::string> query;
  Headers headers;
  std::string body;
  std::string remote;      // peer address
  std::string request_id;  // set by the server before routing
  bool tls = false;
  std::map<std::string, std::string> params;  // path parameters filled by the router

  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  // A path parameter declared as {name:id}; the router guarantees it is a positive integer.
  std::int64_t id(const std::string& name = "id") const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // A body kept by a cache and sent from there, in place of `body` (then empty): a cached page
  // is not copied for each request.
  std::shared_ptr<const std::string> shared_body;
  // What is sent: `shared_body` when there is one, else `body`.
  std::string_view payload() const { return shared_body ? std::string_view(*shared_body) : body; }

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string_view get_header(std::string_view name) const;

  static Response json(const core::Json& body, int status = 200);
  static Response html(std::string body, int status = 200);
  static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  static Response redirect(const std::string& location, int status = 303);
  static Response no_content() { return Response{204, {}, {}}; }
};

// RFC 9457 problem+json from an Error; validation failures carry errors: [{field, message}], and
// an error with retry_after carries it as the body's retry_after and the Retry-After header.
// Its status is status_of(error.code), in the body and on the response alike: a different
// status needs its own ErrorCode, not a changed Response::status.
Response problem(const core::Error& error, const std::string& request_id = {});
// The one mapping from an error code to an HTTP status.
int status_of(core::ErrorCode code);

std::string url_decode(std::string_view s, bool plus_as_space = true);
using core::url_encode;
std::multimap<std::string, std::string> parse_query(std::string_view q);
// Sets the request's target as sent and, from it, its decoded path and its query parameters.
void set_target(Request& req, std::string target);
bool iequals(std::string_view a, std::string_view b);

}  // namespace qorgan::http
