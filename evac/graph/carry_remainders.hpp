#pragma once
// Whole steps per arc that add up, along every quickest way to a shelter, to that way's measured
// seconds rounded once.
//
// Rounding every arc up on its own made a car trip at 30 s steps 2-5 times too long: most
// pieces of road between junctions take a few seconds, and each became a whole step. Here the
// remainder is carried towards the shelters instead. With phi(v) the measured seconds from v to
// the nearest shelter, R(x) = x / step rounded to the nearest whole step and
// detour(u, v) = seconds(u, v) + phi(v) - phi(u) >= 0 (what the arc adds to the quickest way
// from u), arc u -> v takes
//
//     R(phi(u)) - R(phi(v)) + ceil(detour(u, v) / step)    steps (zero or more).
//
// Along a quickest way to a shelter every detour is 0 and the steps telescope to R(phi(origin)):
// its measured time within half a step. Any route to any shelter takes
// R(phi(origin)) + the sum of its arcs' detours rounded up, so its steps are never shorter than
// its measured seconds by more than half a step (no planner can gain by going round: the
// optimum of the plan model is not below what the roads allow), and longer by less than one
// step for every arc that leaves the quickest ways (detours to a shelter with room, around a
// full road). Arcs into junctions from which no shelter can be reached keep the steps the
// network gives them.
//
// An arc of zero steps is left in the step it was entered; its capacity still bounds how many
// people enter it per step (what a road carries per step does not depend on how long it is), so
// a chain of them passes at most its narrowest arc's capacity per step.
//
// The steps depend on the shelters, so every problem is fitted once it has them, and a plan is
// checked against the same fitted network (the plan file's network fingerprint is the fitted
// one). Networks without measured seconds (text, DIMACS) are left as they are.

#include "evac/graph/network.hpp"

namespace qorgan::evac {

// Sets problem.network.travel_time as above, on networks of every size; does nothing when the
// network has no measured seconds or the problem no shelters.
// Deterministic: the same problem gives the same steps.
void carry_remainders(Problem& problem);

}  // namespace qorgan::evac
