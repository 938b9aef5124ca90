#pragma once
// Bounds on what the evacuation engine accepts. No real country comes near them, but a typo,
// a broken export or a hostile file does; past them the arithmetic of the planners (people
// times steps, capacities times a fixed-point scale) would no longer fit 64 bits, and the time
// and memory of a run would have no relation to the size of the input. Every reader checks
// them with the file, line and value; check_problem() checks them again for problems built in
// code or over HTTP, so no planner ever sees a value past them.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

inline constexpr std::int64_t kMaxJunctions = 100'000'000;
inline constexpr std::int64_t kMaxArcs = 1'000'000'000;  // ArcIndex is 32 bits
// People at one origin, and all origins together.
inline constexpr People kMaxPeople = 1'000'000'000;
// People per step on an arc, waiting at a junction in one step, or places in one shelter.
inline constexpr People kMaxCapacity = 1'000'000'000;
// Travel time of one arc and the earliest departure of an origin, in steps: with sums of a few
// of them, step counts stay far inside 32 bits.
inline constexpr Time kMaxSteps = 1'000'000;
inline constexpr double kMaxStepSeconds = 3600;
// The longest evacuation a planner attempts unless told otherwise (RunControl::horizon).
inline constexpr Time kDefaultHorizon = 1'000'000;
// What a planner may take for its largest structure unless told otherwise
// (RunControl::memory_budget).
inline constexpr std::size_t kDefaultMemoryBudget = std::size_t{4} << 30;

inline bool step_seconds_ok(double s) {
  return std::isfinite(s) && s > 0 && s <= kMaxStepSeconds;
}

// A field as quoted in an error message: at most 24 characters, so that a 300-digit number
// does not fill the screen.
inline std::string shown(std::string_view field) {
  if (field.size() <= 24) return std::string(field);
  return std::string(field.substr(0, 20)) + "... (" + std::to_string(field.size()) + " characters)";
}

}  // namespace qorgan::evac
