#pragma once
// The JSON that auth's routes answer with, written in one place.
#include "auth/accounts.hpp"
#include "auth/audit.hpp"
#include "core/json.hpp"

namespace qorgan::auth {

core::Json to_json(const AccountView& a);
// The signed-in account as /api/v1/session and /api/v1/me show it (no token, no paths).
core::Json to_json(const Principal& p);
core::Json to_json(const AuditEntry& e);

}  // namespace qorgan::auth
