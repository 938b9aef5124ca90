#pragma once
// Who may use company protection duties. Admins and auditors read everything (a region-scoped
// admin its region's subtree); headquarters staff read and inspect their region's subtree; a
// company officer reads and self-assesses only its own organisation's facilities.
#include <optional>
#include <vector>

#include "auth/principal.hpp"
#include "obligations/model.hpp"

namespace qorgan::obligations {

using auth::Role;
inline const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff,
                                        Role::company_officer};
// Changing the duties table.
inline const std::vector<Role> kDutyEditors{Role::admin};
// Self-assessments and their evidence.
inline const std::vector<Role> kAssessors{Role::admin, Role::company_officer};
// Inspections, findings, closing findings.
inline const std::vector<Role> kInspectors{Role::admin, Role::hq_staff};
// Reporting progress on a finding (in progress, remedied).
inline const std::vector<Role> kFollowers{Role::admin, Role::hq_staff, Role::company_officer};

// What the caller sees; nullopt when it sees nothing.
inline std::optional<Visible> visible(const auth::Principal& who) {
  if (!who.in(kReaders)) return std::nullopt;
  auto scope = auth::scope_of(who);
  switch (scope.kind) {
    case auth::Scope::Kind::everything:
      return Visible{};
    case auth::Scope::Kind::region:
      return Visible{scope.path, std::nullopt};
    case auth::Scope::Kind::organisation:
      return Visible{"", scope.id};
    default:
      return std::nullopt;
  }
}

inline bool sees(const Visible& v, const std::string& region_path, std::int64_t organisation_id) {
  return region_path.starts_with(v.path_prefix) &&
         (!v.organisation_id || *v.organisation_id == organisation_id);
}

}  // namespace qorgan::obligations
