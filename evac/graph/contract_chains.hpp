#pragma once
// Junctions without a choice, folded away.
//
// A junction with one way in and one way out (a one-way street), or with exactly two
// neighbours reached both ways (a two-way street), is never a decision: whoever arrives goes
// on. Each chain of arcs through such junctions becomes one arc whose time is the chain's
// measured seconds (Network::arc_seconds) rounded up to whole steps once, instead of once per
// piece: on a car network at 30 s steps most pieces are far shorter than a step, and rounding
// each up made a 10 km trip five times too long. The new arc's capacity is the chain's
// smallest (what the chain lets through per step), its street the one it follows longest, its
// measured seconds the chain's sum. Only junctions with unbounded holding are folded (waiting
// inside the chain is then the same as waiting at its start). Every other junction keeps its
// id and coordinates; a chain that returns to where it began is dropped (it leads nowhere).

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac {

struct ContractionStats {
  std::size_t folded_junctions = 0;  // junctions removed
  std::size_t folded_arcs = 0;       // arcs removed (pieces merged into longer arcs)
};

// The steps an arc of `seconds` takes at `step_seconds` per step: rounded up, at least 1.
Time steps_for(double seconds, double step_seconds);

// `net` with its chains folded; travel times recomputed from the measured seconds.
Result<Network> contract_chains(const Network& net, ContractionStats* stats = nullptr);

}  // namespace qorgan::evac
