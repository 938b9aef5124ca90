#include "registry/route_helpers.hpp"

#include <algorithm>

namespace qorgan::registry {

std::optional<std::int64_t> query_id(const http::Request& req, const std::string& name,
                                     std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  try {
    size_t pos = 0;
    auto n = std::stoll(*v, &pos);
    if (pos == v->size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  errors.push_back({name, "must be a positive integer id"});
  return std::nullopt;
}

std::optional<std::string> query_enum(const http::Request& req, const std::string& name,
                                      const std::vector<std::string>& allowed,
                                      std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return v;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  errors.push_back({name, "must be one of: " + list});
  return std::nullopt;
}

}  // namespace qorgan::registry
