#include "evac/io/plan_geojson.hpp"

namespace qorgan::evac::io {

using nlohmann::json;

Result<json> plan_to_geojson(const Problem& problem, const Plan& plan,
                             const ValidationReport& report) {
  const Network& net = problem.network;
  if (!net.has_coordinates())
    return fail("the network has no coordinates, so the plan cannot be drawn as GeoJSON");
  auto point = [&](NodeIndex v) { return json::array({net.lon[v], net.lat[v]}); };
  json features = json::array();
  for (const auto& l : report.arc_loads) {
    json props{
        {"kind", "route"},
        {"arc", l.arc},
        {"people", l.total},
        {"peak", l.peak},
        {"capacity", net.capacity[l.arc]},
        {"utilisation", static_cast<double>(l.peak) / static_cast<double>(net.capacity[l.arc])},
        {"saturated_steps", l.saturated_steps},
        {"travel_time", net.travel_time[l.arc]}};
    if (!net.name_of(l.arc).empty()) props["street"] = net.name_of(l.arc);
    features.push_back(
        {{"type", "Feature"},
         {"geometry",
          {{"type", "LineString"},
           {"coordinates", json::array({point(net.tail[l.arc]), point(net.head[l.arc])})}}},
         {"properties", std::move(props)}});
  }
  for (std::size_t s = 0; s < problem.shelters.size(); ++s) {
    People received = 0;
    for (auto [t, n] : report.shelter_arrivals[s]) received += n;
    features.push_back(
        {{"type", "Feature"},
         {"geometry", {{"type", "Point"}, {"coordinates", point(problem.shelters[s].node)}}},
         {"properties",
          {{"kind", "shelter"},
           {"shelter", s},
           {"name", problem.shelters[s].name},
           {"capacity", problem.shelters[s].capacity},
           {"received", received}}}});
  }
  std::vector<People> unrouted(problem.sources.size(), 0);
  for (const auto& u : plan.unroutable) unrouted[u.source] += u.count;
  for (std::size_t s = 0; s < problem.sources.size(); ++s) {
    features.push_back(
        {{"type", "Feature"},
         {"geometry", {{"type", "Point"}, {"coordinates", point(problem.sources[s].node)}}},
         {"properties",
          {{"kind", "origin"},
           {"source", s},
           {"name", problem.sources[s].name},
           {"people", problem.sources[s].count},
           {"unroutable", unrouted[s]}}}});
  }
  return json{{"type", "FeatureCollection"},
              {"attribution", "© OpenStreetMap contributors"},
              {"features", std::move(features)}};
}

}  // namespace qorgan::evac::io
