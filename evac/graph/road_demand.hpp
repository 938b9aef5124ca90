#pragma once
// Evacuees and shelters for a network without buildings (roads-only extracts, text and DIMACS
// networks with coordinates): people where the streets are, shelters spread over the map.

#include <vector>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac {

// `total` people over the junctions in proportion to half the length of the roads meeting at
// each (as if people lived evenly along the streets; a two-way street counts once), made exact
// by largest remainders: one Source per junction that gets anyone. Lengths are straight lines
// between junctions; without coordinates the measured seconds stand in for them.
Result<std::vector<Source>> spread_over_roads(const Network& net, People total);

// `count` shelters of `capacity` places each at junctions far apart: the first nearest the
// middle of the map, each next the junction farthest from those chosen (farthest-point order,
// so few shelters sit far out and many cover the map). Needs coordinates.
Result<std::vector<Shelter>> spread_shelters(const Network& net, std::size_t count,
                                             People capacity);

}  // namespace qorgan::evac
