#pragma once
// The HTTP binding of evacuation planning: /api/v1/evac/networks and /api/v1/evac/plans (see
// evac/README.md, "Over HTTP"). Thin: every route reads its parameters and calls the service.
#include "auth/guard.hpp"
#include "evac/web/evac_service.hpp"
#include "http/router.hpp"

namespace qorgan::evac::web {

void mount_routes(http::Router& router, const auth::Guard& guard, Service& service);

}  // namespace qorgan::evac::web
