#pragma once
// A pass over a finished plan that moves people to earlier arrivals: the exact planner minimises
// only the egress, and its flow leaves people waiting or leaving late where roads had room
// sooner (Portland by car, 10,000 people: mean 10.5 steps, where the schedules' plan of a later
// egress had 7.1).

#include "evac/plan/planner.hpp"
#include "evac/plan/shelter_distances.hpp"

namespace qorgan::evac {

// Two phases over the groups, earliest arrival first (the early room goes to those who need
// little of it), each group's own bookings taken off while it is tried:
// - routes: the group is timed again from its origin's earliest departure on each route its
//   origin knows (the paths of its origin's groups in the plan, and the quickest paths to its
//   origin's nearest shelters), entering each arc at the first step with room, and moves to the
//   one arriving soonest where that is sooner than now; a retiming costs its path, no search;
// - searches: the group looks for the earliest arrival at a shelter with places over the room
//   the others left (CCRP's search, waiting free at home and at unbounded junctions), which
//   costs most of the network where the roads into the shelters are busy until late.
// As many of a group's people as the new route has room for take it; the rest keep their steps
// and are tried again. Each phase stops after a fixed amount of work (a count; the groups not
// reached keep their steps) or when `control` is cancelled. Arrivals only move earlier, so the
// egress never grows, the mean never does, and every capacity is kept; the plan's figures are
// made again. Bookings are kept per arc over the steps booked (timeline.hpp), not per arc and
// step of the whole horizon. `distances`, if given, is the problem's and shared with the passes
// before and after.
void move_earlier(const Problem& problem, Plan& plan, const RunControl* control = nullptr,
                  ShelterDistances* distances = nullptr);

}  // namespace qorgan::evac
