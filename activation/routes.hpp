#pragma once
// The activation capability's HTTP binding under /api/v1/activation/.
#include "activation/activations.hpp"
#include "activation/plans.hpp"
#include "activation/readiness.hpp"
#include "auth/guard.hpp"
#include "http/router.hpp"

namespace qorgan::activation {

// /api/v1/activation/plans: list, read, create, change, delete.
void mount_plan_routes(http::Router& router, const auth::Guard& guard, Plans& plans);
// /api/v1/activation/activations: propose (under a plan), approve, cancel, close, read; notices,
// answers recorded for people, check-ins at assembly points, the key that verifies QR tokens.
void mount_activation_routes(http::Router& router, const auth::Guard& guard,
                             Activations& activations);
// /api/v1/activation/readiness, …/activations/{id}/muster and …/activations/{id}/after-action
// (JSON, and .csv).
void mount_readiness_routes(http::Router& router, const auth::Guard& guard,
                            ReadinessService& readiness);

}  // namespace qorgan::activation
