#pragma once
// JSON of the activation capability's records, written beside its routes.
#include "activation/plans.hpp"
#include "core/json.hpp"

namespace qorgan::activation {

core::Json to_json(const Plan& p);

}  // namespace qorgan::activation
