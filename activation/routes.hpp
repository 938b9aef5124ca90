#pragma once
// The activation capability's HTTP binding under /api/v1/activation/.
#include "activation/activations.hpp"
#include "activation/callup.hpp"
#include "activation/muster_points.hpp"
#include "activation/plans.hpp"
#include "activation/readiness.hpp"
#include "auth/guard.hpp"
#include "http/router.hpp"

namespace qorgan::activation {

// Every API route below is mounted through `guard`, which answers problems in the caller's
// language (auth/caller_language.hpp).

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
// The person's side: POST /api/v1/activation/answer (by code, no account),
// /api/v1/activation/my-notices (a volunteer's own notices) and their answers.
void mount_callup_routes(http::Router& router, const auth::Guard& guard, Callup& callup);
// The public answer page /{kk,ru,en}/callup[/{code}]; mounted before the portal's pages, whose
// /{lang}/{page} and /{lang}/{category}/{slug} would otherwise take these addresses.
void mount_callup_pages(http::Router& router, Callup& callup);

// /api/v1/activation/muster/{facility}: what the offline check-in page downloads for an
// assembly point, and the check-ins it queued, sent in a batch.
void mount_muster_routes(http::Router& router, const auth::Guard& guard, MusterPoints& points);

}  // namespace qorgan::activation
