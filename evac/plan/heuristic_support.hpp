#pragma once
// Pieces shared by the heuristic planners (ccrp, qorgan, shortest).

#include <vector>

#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/earliest_route.hpp"
#include "evac/plan/planner.hpp"

namespace qorgan::evac::detail {

// Static travel time from each node to the nearest shelter (any capacity): tells apart people
// who cannot reach any shelter from people who only lack shelter room.
std::vector<Time> distance_to_shelters(const Problem& problem);

// Routes the remaining people of `source` along a static shortest path to the nearest shelter
// that still has room, without waiting on the way. Used when the label-setting search misses a
// route because bounded holding forbids waiting. Returns false if no shelter with room can be
// reached at all.
bool route_without_waiting(const Problem& problem, Reservations& booked, std::uint32_t source,
                           People& remaining, Plan& plan);

// Puts the people still remaining at each source into plan.unroutable with the right reason.
void report_unroutable(const Problem& problem, const std::vector<Time>& dist_to_shelter,
                       const std::vector<People>& remaining, Plan& plan);

}  // namespace qorgan::evac::detail
