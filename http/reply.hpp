#pragma once
// What every route does with a request and a service's answer: read typed query parameters and
// the JSON body, and answer with a value, 201 with its Location, 204, or a problem. Values are
// written to JSON by the capability's own writer (`to_json`), so services stay free of JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "http/request.hpp"

namespace qorgan::http {

inline Response problem(const Request& req, const core::Error& e) {
  return problem(e, req.request_id);
}

// The body as a JSON object; anything else is an `invalid` error.
inline core::Result<core::Json> json_body(const Request& req) {
  return core::parse_json_object(req.body);
}

// Optional integer query parameter in [min, max]; a malformed value is added to `errors`.
std::optional<std::int64_t> query_int(const Request& req, const std::string& name,
                                      std::vector<core::FieldError>& errors, std::int64_t min,
                                      std::int64_t max);
// Optional positive integer id.
std::optional<std::int64_t> query_id(const Request& req, const std::string& name,
                                     std::vector<core::FieldError>& errors);
// Optional query parameter that must be one of `allowed`.
std::optional<std::string> query_enum(const Request& req, const std::string& name,
                                      const std::vector<std::string>& allowed,
                                      std::vector<core::FieldError>& errors);

// limit, cursor, sort and q as sent.
core::ListQuery list_query(const Request& req);
// The list parameters, with their errors added to `errors` (so one answer names every bad
// filter and list parameter); nullopt when they do not parse.
std::optional<core::ListParams> list_params(const Request& req,
                                            const std::vector<core::SortOption>& sorts,
                                            std::vector<core::FieldError>& errors);
// 422 naming every bad query parameter.
Response invalid_query(const Request& req, std::vector<core::FieldError> errors);

inline Response reply(const Request& req, const core::Result<core::Json>& r, int status = 200) {
  if (!r) return problem(req, r.error());
  return Response::json(*r, status);
}

template <typename T, typename ToJson>
Response reply(const Request& req, const core::Result<T>& r, ToJson&& to_json, int status = 200) {
  if (!r) return problem(req, r.error());
  return Response::json(to_json(*r), status);
}

inline Response reply(const Request& req, const core::Status& s) {
  if (!s) return problem(req, s.error());
  return Response::no_content();
}

// 201 with `Location: <collection>/<id>` for a created record.
template <typename T, typename ToJson>
Response created(const Request& req, const core::Result<T>& r, ToJson&& to_json,
                 const std::string& collection) {
  if (!r) return problem(req, r.error());
  auto res = Response::json(to_json(*r), 201);
  res.header("Location", collection + "/" + std::to_string(r->id));
  return res;
}

// A page of typed values as {"items": [...], "next_cursor": ...}.
template <typename T, typename ToJson>
Response reply_page(const Request& req, const core::Result<core::Page<T>>& r, ToJson&& to_json) {
  if (!r) return problem(req, r.error());
  return Response::json(core::page_json(*r, to_json));
}

}  // namespace qorgan::http
