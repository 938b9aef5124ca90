#include "auth/principal.hpp"

#include <unistd.h>

#include "core/crypto.hpp"

namespace qorgan::auth {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::admin:
      return "admin";
    case Role::hq_staff:
      return "hq_staff";
    case Role::commander:
      return "commander";
    case Role::company_officer:
      return "company_officer";
    case Role::volunteer:
      return "volunteer";
    case Role::auditor:
      return "auditor";
    case Role::editor:
      return "editor";
    case Role::chief_editor:
      return "chief_editor";
  }
  return "volunteer";
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles{Role::admin,           Role::hq_staff,    Role::commander,
                                       Role::company_officer, Role::volunteer,   Role::auditor,
                                       Role::editor,          Role::chief_editor};
  return roles;
}

std::optional<Role> parse_role(std::string_view s) {
  for (Role r : all_roles())
    if (to_string(r) == s) return r;
  return std::nullopt;
}

bool Principal::sees_region_path(std::string_view path) const {
  if (!region_path.empty()) return path.starts_with(region_path);
  return role == Role::admin || role == Role::auditor || (role == Role::hq_staff && !region_id);
}

bool Principal::sees_unit_path(std::string_view path) const {
  return !unit_path.empty() && path.starts_with(unit_path);
}

Actor Actor::cli(std::string what) {
  const char* user = ::getlogin();
  return {std::nullopt, "cli:" + std::string(user ? user : "operator"),
          "cli-" + what + "-" + core::random_token(6)};
}

}  // namespace qorgan::auth
