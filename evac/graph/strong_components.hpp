#pragma once
// Strongly connected components, used to keep only the part of an imported road network in
// which every junction can reach every other one.

#include <vector>

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

}  // namespace qorgan::evac
