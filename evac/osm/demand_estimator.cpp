#include "evac/osm/demand_estimator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "evac/graph/nearest_node.hpp"

namespace qorgan::evac::osm {

Result<std::vector<Source>> estimate_evacuees(const Network& net,
                                              const std::vector<Building>& buildings,
                                              const PopulationSettings& s) {
  if (!net.has_coordinates() || net.node_count() == 0)
    return fail("estimating evacuees needs a network with coordinates");
  if (s.total < 1) return fail("the population to distribute must be at least 1");
  if (s.floor_m2_per_person <= 0) return fail("floor area per person must be positive");
  std::vector<const Building*> homes;
  double weight = 0;
  for (const auto& b : buildings) {
    if (s.residential_only && !b.residential) continue;
    homes.push_back(&b);
    weight += b.floor_area_m2 / s.floor_m2_per_person;
  }
  if (homes.empty() || weight <= 0) return fail("the map has no residential buildings");
  // Largest-remainder rounding keeps the total exact.
  std::vector<People> people(homes.size());
  std::vector<std::pair<double, std::size_t>> remainder;
  People given = 0;
  for (std::size_t i = 0; i < homes.size(); ++i) {
    const double share =
        homes[i]->floor_area_m2 / s.floor_m2_per_person / weight * static_cast<double>(s.total);
    people[i] = static_cast<People>(std::floor(share));
    given += people[i];
    remainder.emplace_back(share - std::floor(share), i);
  }
  std::sort(remainder.begin(), remainder.end(), std::greater<>());
  for (std::size_t k = 0; given < s.total; ++k, ++given)
    ++people[remainder[k % remainder.size()].second];
  NearestNode nearest(net);
  std::map<NodeIndex, People> at;
  for (std::size_t i = 0; i < homes.size(); ++i)
    if (people[i] > 0) at[nearest.find(homes[i]->lat, homes[i]->lon).node] += people[i];
  std::vector<Source> sources;
  sources.reserve(at.size());
  for (auto [node, count] : at) sources.push_back({node, count, 0, ""});
  return sources;
}

Result<std::vector<Shelter>> pick_shelters(const Network& net,
                                           const std::vector<ShelterCandidate>& candidates,
                                           std::size_t limit) {
  if (!net.has_coordinates() || net.node_count() == 0)
    return fail("picking shelters needs a network with coordinates");
  NearestNode nearest(net);
  std::vector<Shelter> out;
  for (const auto& c : candidates) {
    const auto hit = nearest.find(c.lat, c.lon);
    if (hit.distance_m > 500) continue;
    out.push_back({hit.node, c.assumed_capacity,
                   c.name.empty() ? c.kind : fmt::format("{} ({})", c.name, c.kind)});
    if (limit != 0 && out.size() >= limit) break;
  }
  if (out.empty()) return fail("the map has no schools, hospitals or similar near a road");
  return out;
}

}  // namespace qorgan::evac::osm
