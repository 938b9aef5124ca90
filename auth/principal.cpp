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
    case Role::alert_officer:
      return "alert_officer";
    case Role::requisition_officer:
      return "requisition_officer";
    case Role::appraiser:
      return "appraiser";
    case Role::finance_officer:
      return "finance_officer";
  }
  return "volunteer";
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles{Role::admin,         Role::hq_staff,
                                       Role::commander,     Role::company_officer,
                                       Role::volunteer,     Role::auditor,
                                       Role::editor,        Role::chief_editor,
                                       Role::alert_officer, Role::requisition_officer,
                                       Role::appraiser,     Role::finance_officer};
  return roles;
}

std::optional<Role> parse_role(std::string_view s) {
  for (Role r : all_roles())
    if (to_string(r) == s) return r;
  return std::nullopt;
}

bool Principal::in(const std::vector<Role>& roles) const {
  for (Role r : roles)
    if (r == role) return true;
  return false;
}

Principal system_principal(std::string login) {
  Principal p;
  p.role = Role::admin;
  p.login = std::move(login);
  return p;
}

Scope scope_of(const Principal& who) {
  using enum Scope::Kind;
  switch (who.role) {
    case Role::admin:
    case Role::auditor:
    case Role::hq_staff:
    case Role::requisition_officer:
    case Role::appraiser:
    case Role::finance_officer:
      if (!who.region_path.empty()) return {region, who.region_path, who.region_id.value_or(0)};
      // An account scoped to a region whose path could not be read sees nothing.
      return {who.region_id ? nothing : everything, {}, 0};
    case Role::commander:
      if (who.unit_path.empty() || !who.unit_id) return {};
      return {unit, who.unit_path, *who.unit_id};
    case Role::company_officer:
      if (!who.organisation_id) return {};
      return {organisation, {}, *who.organisation_id};
    case Role::volunteer:
      if (!who.person_id) return {};
      return {person, {}, *who.person_id};
    default:
      return {};
  }
}

bool Principal::sees_region_path(std::string_view path) const {
  if (!region_path.empty()) return path.starts_with(region_path);
  return role == Role::admin || role == Role::auditor || (role == Role::hq_staff && !region_id);
}

bool Principal::sees_unit_path(std::string_view path) const {
  return !unit_path.empty() && path.starts_with(unit_path);
}

Actor Actor::cli(const std::string& what) {
  const char* user = ::getlogin();
  return {std::nullopt, "cli:" + std::string(user ? user : "operator"),
          "cli-" + what + "-" + core::random_token(6)};
}

}  // namespace qorgan::auth
