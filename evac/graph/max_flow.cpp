#include "evac/graph/max_flow.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

MaxFlowResult max_flow_per_step(const Problem& p) {
  const Network& net = p.network;
  const auto n = static_cast<int>(net.node_count());
  const int source = n, sink = n + 1;
  // StaticDigraph::build wants arcs sorted by tail; CSR order already is, the super arcs are
  // merged in by a stable sort on the tail.
  struct A {
    int u, v;
    People cap;
    ArcIndex arc;  // kNoArc for super arcs
  };
  std::vector<A> list;
  list.reserve(net.arc_count() + p.sources.size() + p.shelters.size());
  for (ArcIndex a = 0; a < net.arc_count(); ++a)
    list.push_back(
        {static_cast<int>(net.tail[a]), static_cast<int>(net.head[a]), net.capacity[a], a});
  for (const auto& s : p.sources)
    if (s.count > 0) list.push_back({source, static_cast<int>(s.node), s.count, kNoArc});
  for (const auto& h : p.shelters)
    if (h.capacity > 0) list.push_back({static_cast<int>(h.node), sink, h.capacity, kNoArc});
  std::stable_sort(list.begin(), list.end(), [](const A& a, const A& b) { return a.u < b.u; });

  std::vector<std::pair<int, int>> arcs;
  arcs.reserve(list.size());
  for (const auto& a : list) arcs.emplace_back(a.u, a.v);
  lemon::StaticDigraph g;
  g.build(n + 2, arcs.begin(), arcs.end());
  lemon::StaticDigraph::ArcMap<People> cap(g);
  for (int i = 0; i < static_cast<int>(list.size()); ++i) cap[g.arc(i)] = list[i].cap;
  lemon::Preflow<lemon::StaticDigraph, lemon::StaticDigraph::ArcMap<People>> flow(
      g, cap, g.node(source), g.node(sink));
  flow.run();

  MaxFlowResult r;
  r.value = flow.flowValue();
  for (int i = 0; i < static_cast<int>(list.size()); ++i) {
    const auto arc = g.arc(i);
    if (list[i].arc != kNoArc && flow.minCut(g.source(arc)) && !flow.minCut(g.target(arc)))
      r.cut_arcs.push_back(list[i].arc);
  }
  return r;
}

People evacuable_people(const Problem& p) {
  if (p.sources.empty() || p.shelters.empty()) return 0;
  const Network& net = p.network;
  const int n = static_cast<int>(net.node_count());
  const int source = n, sink = n + 1, first_pool = n + 2;
  // Each shelter has a pool of its own, so that two shelters on one junction add up.
  const int nodes = first_pool + static_cast<int>(p.shelters.size());
  // Above any flow: people and places are at most 10^9 each (limits.hpp) on at most 10^8
  // junctions.
  constexpr People kInf = std::numeric_limits<People>::max() / 4;
  struct A {
    int u, v;
    People cap;
  };
  std::vector<A> list;
  list.reserve(net.arc_count() + p.sources.size() + 2 * p.shelters.size());
  for (ArcIndex a = 0; a < net.arc_count(); ++a)
    list.push_back({static_cast<int>(net.tail[a]), static_cast<int>(net.head[a]), kInf});
  for (std::size_t h = 0; h < p.shelters.size(); ++h) {
    list.push_back({static_cast<int>(p.shelters[h].node), first_pool + static_cast<int>(h), kInf});
    list.push_back({first_pool + static_cast<int>(h), sink, p.shelters[h].capacity});
  }
  for (const auto& s : p.sources) list.push_back({source, static_cast<int>(s.node), s.count});
  std::stable_sort(list.begin(), list.end(), [](const A& a, const A& b) { return a.u < b.u; });
  std::vector<std::pair<int, int>> arcs;
  arcs.reserve(list.size());
  for (const auto& a : list) arcs.emplace_back(a.u, a.v);
  lemon::StaticDigraph g;
  g.build(nodes, arcs.begin(), arcs.end());
  lemon::StaticDigraph::ArcMap<People> cap(g);
  for (int i = 0; i < static_cast<int>(list.size()); ++i) cap[g.arc(i)] = list[i].cap;
  lemon::Preflow<lemon::StaticDigraph, lemon::StaticDigraph::ArcMap<People>> flow(
      g, cap, g.node(source), g.node(sink));
  flow.runMinCut();
  return flow.flowValue();
}

}  // namespace qorgan::evac
