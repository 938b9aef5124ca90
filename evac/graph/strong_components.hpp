#pragma once
// Strongly connected components, used to keep only the part of an imported road network in
// which every junction can reach every other one.

#include <vector>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac {

struct StrongComponents {
  std::vector<std::uint32_t> component;  // per node
  std::uint32_t count = 0;
  std::uint32_t largest = 0;  // id of a component with the most nodes
  std::size_t largest_size = 0;
};

// Iterative Tarjan (no recursion, so city-sized graphs cannot overflow the stack).
// Works on a plain adjacency given as CSR arrays.
StrongComponents strong_components(std::size_t node_count, const std::vector<ArcIndex>& first_out,
                                   const std::vector<NodeIndex>& head);

// Whether every junction reaches every other one: junction 0 reaches all of them forwards and
// backwards (along `in`, the arcs into each junction of `net`). True for an empty network.
bool strongly_connected(const Network& net, const InArcs& in);

}  // namespace qorgan::evac
