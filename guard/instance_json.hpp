#pragma once
// The JSON instance file (guard/README.md describes it) and the roster written as JSON.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "guard/model.hpp"
#include "guard/solver.hpp"

namespace qorgan::guard {

// "3x8@06:00" (three 8 h shifts from 06:00), "2x12@08:00", "day@09:00-18:00"; an error names
// what is wrong.
core::Result<std::vector<ShiftSpec>> pattern_from_string(std::string_view s);

// Parses and validates (guard::validate); errors name the field, e.g. "posts[3].shifts".
core::Result<Instance> instance_from_json(std::string_view text);
nlohmann::json instance_to_json(const Instance& in);

nlohmann::json roster_to_json(const Instance& in, const Roster& r, const RosterSummary& s);

}  // namespace qorgan::guard
