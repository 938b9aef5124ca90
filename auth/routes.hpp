#pragma once
#include "auth/guard.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

namespace qorgan::auth {
// /api/v1/session, /api/v1/sessions, /api/v1/me, /api/v1/accounts, /api/v1/audit.
void mount_routes(http::Router& router, const Guard& guard, storage::Database& db);
}  // namespace qorgan::auth
