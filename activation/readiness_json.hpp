#pragma once
// JSON and CSV of readiness, musters and after-action reports, written beside their routes.
#include <string>

#include "activation/readiness.hpp"
#include "core/json.hpp"

namespace qorgan::activation {

// The readiness and the muster as JSON text, keys in core::Json's order (see readiness_json.cpp).
std::string json_text(const Readiness& r);
std::string json_text(const ActivationMuster& m);
core::Json to_json(const AfterAction& a);
// One row per unit and a last row for all of them: target, called, arrived, minutes to 50 % and
// 90 %, no-shows by reason, and the needed skills held by those who came ("medic 1/2").
std::string to_csv(const AfterAction& a);

}  // namespace qorgan::activation
