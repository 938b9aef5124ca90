#pragma once
// Who may use the alerts capability: admins and alert officers compose, approve and cancel;
// auditors read. Alert officers and scoped admins or auditors work under their region: they see
// the alerts whose area lies in it and may only name regions of it.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"

namespace qorgan::alerts {

inline const std::vector<auth::Role> kReaders{auth::Role::admin, auth::Role::auditor,
                                              auth::Role::alert_officer};
inline const std::vector<auth::Role> kWriters{auth::Role::admin, auth::Role::alert_officer};

// The region path prefix under which the caller sees alerts ("" for all); nullopt when none.
inline std::optional<std::string> visible_prefix(const auth::Principal& who) {
  if (!who.in(kReaders)) return std::nullopt;
  if (!who.region_path.empty()) return who.region_path;
  // An alert officer is always scoped; one whose region could not be read sees nothing.
  if (who.is(auth::Role::alert_officer) || who.region_id) return std::nullopt;
  return std::string();
}

}  // namespace qorgan::alerts
