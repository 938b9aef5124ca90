#pragma once
// Static (capacity-free) shortest paths by travel time: lower bounds for the planners, the
// pruning of the time-expanded network, and the `shortest` planner's routes.

#include <span>
#include <utility>
#include <vector>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

inline constexpr Time kUnreachable = std::numeric_limits<Time>::max();

struct ShortestPathTree {
  std::vector<Time> dist;          // kUnreachable where not reached
  std::vector<ArcIndex> pred_arc;  // arc into the node on a shortest path; kNoArc at roots
};
inline constexpr ArcIndex kNoArc = std::numeric_limits<ArcIndex>::max();

// Dijkstra from several roots, each with a start time.
ShortestPathTree forward_tree(const Network& net,
                              std::span<const std::pair<NodeIndex, Time>> roots);

// Travel time from every node to the nearest of `targets` (Dijkstra on reversed arcs).
std::vector<Time> distances_to(const Network& net, std::span<const NodeIndex> targets);

// The arcs from a root of `tree` to `target`, in travel order. Contract: target is reached.
std::vector<ArcIndex> path_to(const Network& net, const ShortestPathTree& tree, NodeIndex target);

}  // namespace qorgan::evac
