#pragma once
// The activation capability's HTTP binding under /api/v1/activation/.
#include "activation/plans.hpp"
#include "auth/guard.hpp"
#include "http/router.hpp"

namespace qorgan::activation {

// /api/v1/activation/plans: list, read, create, change, delete.
void mount_plan_routes(http::Router& router, const auth::Guard& guard, Plans& plans);

}  // namespace qorgan::activation
