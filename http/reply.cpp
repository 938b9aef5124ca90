#include "http/reply.hpp"

#include <algorithm>
#include <charconv>

#include "core/validate.hpp"

namespace qorgan::http {

std::optional<std::int64_t> query_int(const Request& req, const std::string& name,
                                      std::vector<core::FieldError>& errors, std::int64_t min,
                                      std::int64_t max) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec == std::errc() && end == v->data() + v->size() && n >= min && n <= max) return n;
  errors.push_back(
      {name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)});
  return std::nullopt;
}

std::optional<std::int64_t> query_id(const Request& req, const std::string& name,
                                     std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec == std::errc() && end == v->data() + v->size() && n > 0) return n;
  errors.push_back({name, "must be a positive integer id"});
  return std::nullopt;
}

std::optional<std::string> query_enum(const Request& req, const std::string& name,
                                      const std::vector<std::string>& allowed,
                                      std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  auto msg = core::check_choice(*v, allowed);
  if (msg.empty()) return v;
  errors.push_back({name, std::move(msg)});
  return std::nullopt;
}

core::ListQuery list_query(const Request& req) {
  return {req.query_param("limit"), req.query_param("cursor"), req.query_param("sort"),
          req.query_param("q")};
}

std::optional<core::ListParams> list_params(const Request& req,
                                            const std::vector<core::SortOption>& sorts,
                                            std::vector<core::FieldError>& errors) {
  auto p = core::parse_list_params(list_query(req), sorts);
  if (!p) {
    errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
    return std::nullopt;
  }
  return *p;
}

Response invalid_query(const Request& req, std::vector<core::FieldError> errors) {
  return problem(req, core::Error::invalid("The list query is not valid.", std::move(errors)));
}

}  // namespace qorgan::http
