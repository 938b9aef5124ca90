#include "evac/plan/assignment_bound.hpp"

#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

namespace {
constexpr People kMany = People{1} << 50;  // above any number of people or places
}  // namespace

std::optional<ShelterPlaces> shelter_places(const Problem& p, const AssignmentLimits& limits) {
  ShelterPlaces out;
  auto& places = out.nodes;
  for (const auto& h : p.shelters) places.push_back(h.node);
  std::sort(places.begin(), places.end());
  places.erase(std::unique(places.begin(), places.end()), places.end());
  if (places.empty() || places.size() * p.network.node_count() > limits.search_work ||
      places.size() * p.sources.size() > limits.pairs)
    return std::nullopt;
  out.room.assign(places.size(), 0);
  for (const auto& h : p.shelters) {
    auto& r = out.room[std::lower_bound(places.begin(), places.end(), h.node) - places.begin()];
    r = std::min(kMany, r + std::min(kMany, h.capacity));
  }
  return out;
}

std::optional<Time> assignment_bound(const Problem& p, People target, Time from,
                                     const AssignmentLimits& limits,
                                     const std::function<bool()>& cancelled,
                                     const ShelterTrees* trees) {
  const Network& net = p.network;
  if (target <= 0) return std::nullopt;
  auto shelters = shelter_places(p, limits);
  if (!shelters) return std::nullopt;
  const auto& places = shelters->nodes;
  const auto& room = shelters->room;
  struct Pair {
    std::uint32_t source, place;
    std::int64_t arrival;
  };
  std::vector<Pair> pairs;
  for (std::uint32_t k = 0; k < places.size(); ++k) {
    if (cancelled && cancelled()) return std::nullopt;
    std::vector<Time> searched;
    std::span<const Time> dist;
    if (trees) {
      dist = trees->dist(k);
    } else {
      searched = distances_to(net, std::span(&places[k], 1));
      dist = searched;
    }
    for (std::uint32_t s = 0; s < p.sources.size(); ++s)
      if (dist[p.sources[s].node] != kUnreachable && p.sources[s].count > 0)
        pairs.push_back(
            {s, k, std::int64_t{p.sources[s].earliest_departure} + dist[p.sources[s].node]});
  }
  // Nodes: 0 the source, 1 + s the origins, 1 + sources + k the shelter junctions, then the
  // sink; arcs in order of tail, as StaticDigraph wants them.
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return std::tie(a.source, a.place) < std::tie(b.source, b.place);
  });
  const int first_place = 1 + static_cast<int>(p.sources.size());
  const int sink = first_place + static_cast<int>(places.size());
  auto covered_by = [&](std::int64_t horizon) {
    std::vector<std::pair<int, int>> arcs;
    std::vector<People> caps;
    for (std::uint32_t s = 0; s < p.sources.size(); ++s) {
      arcs.emplace_back(0, 1 + static_cast<int>(s));
      caps.push_back(p.sources[s].count);
    }
    for (const auto& x : pairs)
      if (x.arrival <= horizon) {
        arcs.emplace_back(1 + static_cast<int>(x.source), first_place + static_cast<int>(x.place));
        caps.push_back(kMany);
      }
    for (std::uint32_t k = 0; k < places.size(); ++k) {
      arcs.emplace_back(first_place + static_cast<int>(k), sink);
      caps.push_back(room[k]);
    }
    lemon::StaticDigraph g;
    g.build(sink + 1, arcs.begin(), arcs.end());
    lemon::StaticDigraph::ArcMap<People> cap(g);
    for (int i = 0; i < static_cast<int>(caps.size()); ++i) cap[g.arc(i)] = caps[i];
    lemon::Preflow<lemon::StaticDigraph, lemon::StaticDigraph::ArcMap<People>> flow(
        g, cap, g.node(0), g.node(sink));
    flow.runMinCut();
    return flow.flowValue() >= target;
  };
  // The flow only changes at an arrival, so the bound is the least arrival (from `from` on)
  // whose flow covers M; usually `from` itself, settled by one flow.
  std::vector<std::int64_t> times{from};
  for (const auto& x : pairs)
    if (x.arrival > from) times.push_back(x.arrival);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  if (covered_by(times[0]) || !covered_by(times.back())) return from;
  std::size_t lo = 1, hi = times.size() - 1;  // times[hi] covers M, times[lo - 1] does not
  while (lo < hi) {
    if (cancelled && cancelled()) return std::nullopt;
    const std::size_t mid = lo + (hi - lo) / 2;
    if (covered_by(times[mid]))
      hi = mid;
    else
      lo = mid + 1;
  }
  return static_cast<Time>(std::min<std::int64_t>(times[hi], kUnreachable - 1));
}

}  // namespace qorgan::evac
