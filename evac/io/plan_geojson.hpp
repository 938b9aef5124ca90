#pragma once
// GeoJSON of a plan (only for networks with coordinates): used arcs as LineStrings weighted
// by the people who took them, shelters and origins as Points. Credits OpenStreetMap.

#include <nlohmann/json.hpp>

#include "evac/error.hpp"
#include "evac/plan/validator.hpp"

namespace qorgan::evac::io {

Result<nlohmann::json> plan_to_geojson(const Problem& problem, const Plan& plan,
                                       const ValidationReport& report);

}  // namespace qorgan::evac::io
