#pragma once
// Who may use the activation capability: admins and hq_staff act, auditors read too; hq_staff
// only under their region (plans and activations carry their region's path).
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"

namespace qorgan::activation {

inline const std::vector<auth::Role> kReaders{auth::Role::admin, auth::Role::auditor,
                                              auth::Role::hq_staff};
inline const std::vector<auth::Role> kWriters{auth::Role::admin, auth::Role::hq_staff};

// The region path prefix under which the caller sees plans and activations ("" for all);
// nullopt when it sees none.
inline std::optional<std::string> visible_prefix(const auth::Principal& who) {
  if (!who.in(kReaders)) return std::nullopt;
  auto scope = auth::scope_of(who);
  if (scope.kind == auth::Scope::Kind::everything) return std::string();
  if (scope.kind == auth::Scope::Kind::region) return scope.path;
  return std::nullopt;
}

}  // namespace qorgan::activation
