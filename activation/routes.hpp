#pragma once
// The activation capability's HTTP binding under /api/v1/activation/.
#include "activation/activations.hpp"
#include "activation/muster_points.hpp"
#include "activation/plans.hpp"
#include "auth/guard.hpp"
#include "http/router.hpp"

namespace qorgan::activation {

// /api/v1/activation/plans: list, read, create, change, delete.
void mount_plan_routes(http::Router& router, const auth::Guard& guard, Plans& plans);
// /api/v1/activation/activations: propose (under a plan), approve, cancel, close, read; notices,
// answers recorded for people, check-ins at assembly points, the key that verifies QR tokens.
void mount_activation_routes(http::Router& router, const auth::Guard& guard,
                             Activations& activations);

// /api/v1/activation/muster/{facility}: what the offline check-in page downloads for an
// assembly point, and the check-ins it queued, sent in a batch.
void mount_muster_routes(http::Router& router, const auth::Guard& guard, MusterPoints& points);

}  // namespace qorgan::activation
