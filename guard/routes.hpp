#pragma once
// Guarding's HTTP binding under /api/v1/guard/.
#include "auth/guard.hpp"
#include "guard/duties.hpp"
#include "http/router.hpp"

namespace qorgan::guard {

// Posts and their patterns, units assigned to facilities, rosters (request, read, cancel,
// publish, versions, shifts, CSV, printed weeks, replacements, swaps), a person's duties and
// calendar (.ics, with the account or with the person's secret token).
void mount_routes(http::Router& router, const auth::Guard& guard, Duties& duties);

}  // namespace qorgan::guard
