#pragma once
// CSV of a plan's groups (RFC 4180, formula-safe names), one row per group; the route as
// space-separated external node ids.

#include <string>

#include "evac/plan/plan.hpp"

namespace qorgan::evac::io {

std::string plan_groups_csv(const Problem& problem, const Plan& plan);

}  // namespace qorgan::evac::io
