#pragma once
// Where the shelters lack places for everyone, who gets a place decides the mean evacuation time:
// a plan may evacuate as many people as can be evacuated at all and still give the places to
// people far away while others nearer stay at home. The exact planner's flow picks whoever its
// max-flow brought (Portland by car, 20,000 people to shelters for 80 %: mean 58.3 steps after
// the passes that move arrivals earlier, where a plan that gives the places to the nearest, at
// the same egress, has 57.8).

#include "evac/plan/planner.hpp"
#include "evac/plan/shelter_distances.hpp"

namespace qorgan::evac {

// Latest arrivals first, a group's own bookings are taken off and the people left at home, from
// every origin at once, look for the earliest arrival at a shelter with places over the room the
// others leave (CCRP's search); where that is sooner, as many of them as the route has room for
// (and the origin has at home) take the places, and as many of the group go home. A shelter whose
// freed places no one at home reaches sooner is not searched for again. It stops when no one at
// home can arrive before the latest group left to try, after a fixed number of settled nodes (a
// count, not a time), or when `control` is cancelled. As many people are evacuated, arrivals only
// move earlier and every capacity is kept: neither the egress nor the mean grows. The plan's
// unroutable people and figures are made again. Does nothing where nobody is left at home.
// `distances`, if given, is the problem's and shared with the passes after.
void swap_places(const Problem& problem, Plan& plan, const RunControl* control = nullptr,
                 ShelterDistances* distances = nullptr);

}  // namespace qorgan::evac
