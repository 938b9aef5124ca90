#pragma once
// Who may use guarding. Posts, patterns and rosters are read by admins, auditors, headquarters
// staff and commanders; headquarters staff and admins change posts, patterns and the units
// assigned to facilities, and generate, cancel and publish rosters; commanders (for their
// units' people), headquarters staff and admins confirm replacements and swaps. Volunteers see
// their own duties and calendar. Region-scoped accounts see the posts and rosters of their
// region's subtree; a commander those of their unit's home region's subtree.
#include <vector>

#include "auth/principal.hpp"

namespace qorgan::guard {

using auth::Role;
inline const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff,
                                        Role::commander};
inline const std::vector<Role> kPlanners{Role::admin, Role::hq_staff};
inline const std::vector<Role> kChangers{Role::admin, Role::hq_staff, Role::commander};
// Anyone with an account that is a person: their own schedule.
inline const std::vector<Role> kPeople{Role::admin,     Role::auditor,         Role::hq_staff,
                                       Role::commander, Role::company_officer, Role::volunteer};

}  // namespace qorgan::guard
