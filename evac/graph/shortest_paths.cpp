#include "evac/graph/shortest_paths.hpp"

#include <algorithm>
#include <functional>
#include <queue>

#include "evac/graph/in_arcs.hpp"

namespace qorgan::evac {

namespace {
using Entry = std::pair<std::int64_t, NodeIndex>;
using MinHeap = std::priority_queue<Entry, std::vector<Entry>, std::greater<>>;
}  // namespace

ShortestPathTree forward_tree(const Network& net,
                              std::span<const std::pair<NodeIndex, Time>> roots) {
  ShortestPathTree t;
  t.dist.assign(net.node_count(), kUnreachable);
  t.pred_arc.assign(net.node_count(), kNoArc);
  MinHeap heap;
  for (auto [v, start] : roots) {
    if (start < t.dist[v]) {
      t.dist[v] = start;
      heap.emplace(start, v);
    }
  }
  while (!heap.empty()) {
    auto [d, u] = heap.top();
    heap.pop();
    if (d != t.dist[u]) continue;
    for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a) {
      const std::int64_t nd = d + net.travel_time[a];
      const NodeIndex v = net.head[a];
      if (nd < t.dist[v]) {
        t.dist[v] = static_cast<Time>(nd);
        t.pred_arc[v] = a;
        heap.emplace(nd, v);
      }
    }
  }
  return t;
}

std::vector<Time> distances_to(const Network& net, std::span<const NodeIndex> targets) {
  const auto n = net.node_count();
  // Built on the fly: cheap next to Dijkstra and keeps Network small.
  const InArcs in(net);
  std::vector<Time> dist(n, kUnreachable);
  MinHeap heap;
  for (NodeIndex v : targets) {
    if (dist[v] != 0) {
      dist[v] = 0;
      heap.emplace(0, v);
    }
  }
  while (!heap.empty()) {
    auto [d, u] = heap.top();
    heap.pop();
    if (d != dist[u]) continue;
    for (const ArcIndex a : in.into(u)) {
      const std::int64_t nd = d + net.travel_time[a];
      const NodeIndex v = net.tail[a];
      if (nd < dist[v]) {
        dist[v] = static_cast<Time>(nd);
        heap.emplace(nd, v);
      }
    }
  }
  return dist;
}

std::vector<ArcIndex> path_to(const Network& net, const ShortestPathTree& tree, NodeIndex target) {
  std::vector<ArcIndex> arcs;
  for (NodeIndex v = target; tree.pred_arc[v] != kNoArc; v = net.tail[tree.pred_arc[v]])
    arcs.push_back(tree.pred_arc[v]);
  std::reverse(arcs.begin(), arcs.end());
  return arcs;
}

}  // namespace qorgan::evac
