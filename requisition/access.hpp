#pragma once
// Who may use the requisition capability. Readers see decisions under their region's subtree
// (the whole country when the account has no region); auditors see everything.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"

namespace qorgan::requisition {

using auth::Role;
inline const std::vector<Role> kReaders{Role::admin,     Role::auditor,
                                        Role::hq_staff,  Role::requisition_officer,
                                        Role::appraiser, Role::finance_officer};
// Decisions, items, acts, custody, applications on the owner's behalf, disputes.
inline const std::vector<Role> kOfficers{Role::admin, Role::requisition_officer};
// Recording a valuation for the commission.
inline const std::vector<Role> kAppraisers{Role::admin, Role::appraiser};
// Approving a valuation (never one's own).
inline const std::vector<Role> kApprovers{Role::admin, Role::requisition_officer, Role::appraiser};
// Payment orders: making and confirming (never one's own).
inline const std::vector<Role> kFinance{Role::admin, Role::finance_officer};

// The region path prefix the caller sees ("" for all); nullopt when it sees nothing.
inline std::optional<std::string> visible_prefix(const auth::Principal& who) {
  if (!who.in(kReaders)) return std::nullopt;
  auto scope = auth::scope_of(who);
  if (scope.kind == auth::Scope::Kind::everything) return std::string();
  if (scope.kind == auth::Scope::Kind::region) return scope.path;
  return std::nullopt;
}

}  // namespace qorgan::requisition
