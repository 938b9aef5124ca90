#pragma once
// The company protection duties' HTTP binding under /api/v1/obligations/.
#include "auth/guard.hpp"
#include "http/router.hpp"
#include "obligations/obligations.hpp"

namespace qorgan::obligations {

// Duties (list, add, change), a facility's compliance, self-assessments and their evidence
// files, inspections with their findings and printed act, the findings' follow-up, and the
// compliance overview (JSON and .csv).
void mount_routes(http::Router& router, const auth::Guard& guard, Obligations& obligations);

}  // namespace qorgan::obligations
