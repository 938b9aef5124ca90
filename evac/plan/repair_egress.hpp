#pragma once
// A repair of a finished plan's egress. The greedy rule (CCRP's, and qorgan's schedules') books
// whoever arrives earliest, so the last groups are those left with the busiest shelter or road,
// where another shelter's roads may by then have room sooner: Malta by car, 40,000 people from
// 200 origins to 5 shelters, where qorgan's schedules sent 5,763 people to one of the two
// shelters that fill last (the last at 826 steps) and 5,437 to the other (779), and ccrp 5,600
// to each (802).

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

// The latest group, its own bookings taken off, looks for the earliest arrival at a shelter
// with places over the room the others leave (CCRP's search, waiting free at home and at
// unbounded junctions), and as many of its people as that route has room for take it when it
// arrives sooner; the rest keep their steps and are looked at again. It stops when the latest
// group cannot arrive sooner, after a fixed amount of work, or when `control` is cancelled.
// Arrivals only move earlier, so neither the egress nor the total time grows and every capacity
// is kept; the plan's figures are made again. Memory: the plan's bookings once more (a
// Timeline).
void repair_egress(const Problem& problem, Plan& plan, const RunControl* control = nullptr);

}  // namespace qorgan::evac
