#pragma once
// Who may do what in the portal: editors (and admins) write; chief editors (and admins) approve
// what the public sees.
#include <vector>

#include "auth/principal.hpp"

namespace qorgan::portal {

inline const std::vector<auth::Role> kEditors{auth::Role::editor, auth::Role::chief_editor,
                                              auth::Role::admin};

inline bool is_editor(const auth::Principal& p) {
  return p.is(auth::Role::editor) || p.is(auth::Role::chief_editor) || p.is(auth::Role::admin);
}

inline bool is_chief(const auth::Principal& p) {
  return p.is(auth::Role::chief_editor) || p.is(auth::Role::admin);
}

}  // namespace qorgan::portal
