#include "evac/graph/road_demand.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "evac/graph/nearest_node.hpp"
#include "evac/limits.hpp"

namespace qorgan::evac {

Result<std::vector<Source>> spread_over_roads(const Network& net, People total) {
  if (total < 1 || total > kMaxPeople)
    return fail("population must be from 1 to {}, got {}", kMaxPeople, total);
  const auto n = net.node_count();
  std::vector<double> weight(n, 0);
  for (ArcIndex a = 0; a < net.arc_count(); ++a) {
    const NodeIndex u = net.tail[a], v = net.head[a];
    const double length = net.has_coordinates()
                              ? distance_m(net.lat[u], net.lon[u], net.lat[v], net.lon[v])
                              : net.arc_seconds(a);
    // Each direction of a two-way street adds a quarter to both ends: half the street each.
    weight[u] += length / 4;
    weight[v] += length / 4;
  }
  const double sum = std::accumulate(weight.begin(), weight.end(), 0.0);
  if (!(sum > 0)) return fail("the network has no roads of any length to place people on");
  std::vector<People> people(n, 0);
  std::vector<std::pair<double, NodeIndex>> rest;
  People placed = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    const double share = static_cast<double>(total) * weight[v] / sum;
    people[v] = static_cast<People>(std::floor(share));
    placed += people[v];
    rest.emplace_back(share - std::floor(share), v);
  }
  std::ranges::sort(rest, [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t i = 0; placed < total; i = (i + 1) % n, ++placed) ++people[rest[i].second];
  std::vector<Source> sources;
  for (NodeIndex v = 0; v < n; ++v)
    if (people[v] > 0) sources.push_back({v, people[v], 0, {}});
  return sources;
}

Result<std::vector<Shelter>> spread_shelters(const Network& net, std::size_t count,
                                             People capacity) {
  if (!net.has_coordinates()) return fail("shelters spread over the map need coordinates");
  if (capacity < 1 || capacity > kMaxCapacity)
    return fail("shelter capacity must be from 1 to {}, got {}", kMaxCapacity, capacity);
  const auto n = net.node_count();
  if (count < 1 || count > n)
    return fail("the number of shelters must be from 1 to {} (the junctions), got {}", n, count);
  double mid_lat = 0, mid_lon = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    mid_lat += net.lat[v] / static_cast<double>(n);
    mid_lon += net.lon[v] / static_cast<double>(n);
  }
  std::vector<double> nearest(n);
  for (NodeIndex v = 0; v < n; ++v)
    nearest[v] = distance_m(net.lat[v], net.lon[v], mid_lat, mid_lon);
  std::vector<Shelter> shelters;
  NodeIndex next = static_cast<NodeIndex>(std::ranges::min_element(nearest) - nearest.begin());
  std::ranges::fill(nearest, std::numeric_limits<double>::infinity());
  while (shelters.size() < count) {
    shelters.push_back({next, capacity, fmt::format("Junction {}", net.node_id[next])});
    for (NodeIndex v = 0; v < n; ++v)
      nearest[v] =
          std::min(nearest[v], distance_m(net.lat[v], net.lon[v], net.lat[next], net.lon[next]));
    next = static_cast<NodeIndex>(std::ranges::max_element(nearest) - nearest.begin());
    if (nearest[next] == 0) break;  // fewer distinct places than asked for
  }
  return shelters;
}

}  // namespace qorgan::evac
