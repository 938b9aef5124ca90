#pragma once
// A pass over a finished plan that moves people to earlier arrivals: the exact planner minimises
// only the egress, and its flow leaves people waiting or leaving late where roads had room
// sooner (Portland by car, 10,000 people: mean 10.5 steps, where the schedules' plan of a later
// egress had 7.1).

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

// Each group, earliest arrival first, looks for the earliest arrival at a shelter with places
// over the room the others left (CCRP's search, waiting free at home and at unbounded
// junctions), and as many of its people as that route has room for take it when it arrives
// sooner; the rest keep their steps. One pass, which stops after a fixed amount of work (the
// groups not reached yet keep their steps) or when `control` is cancelled. Arrivals only move
// earlier, so the egress never grows and every capacity is kept; the plan's figures are made
// again. Books per arc and step in dense arrays, 8 bytes per arc and step of the plan's egress:
// up to about 600 MB where qorgan runs the exact planner (Heidelberg-Mannheim on foot with 5
// shelters: 1,790 steps x 41,076 arcs), after the exact planner's network is freed.
void move_earlier(const Problem& problem, Plan& plan, const RunControl* control = nullptr);

}  // namespace qorgan::evac
