#include "evac/web/network_cache.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "evac/osm/graph_cache.hpp"
#include "evac/web/evac_store.hpp"

namespace qorgan::evac::web {

using core::Error;
using core::fail;

std::optional<std::array<double, 4>> bounding_box(const Network& net) {
  if (!net.has_coordinates() || net.node_count() == 0) return std::nullopt;
  std::array<double, 4> b{net.lon[0], net.lat[0], net.lon[0], net.lat[0]};
  for (std::size_t v = 0; v < net.node_count(); ++v) {
    b[0] = std::min(b[0], net.lon[v]);
    b[1] = std::min(b[1], net.lat[v]);
    b[2] = std::max(b[2], net.lon[v]);
    b[3] = std::max(b[3], net.lat[v]);
  }
  return b;
}

namespace {

// Six decimals (about 10 cm) keep the drawing exact and the text small.
double round6(double x) {
  return std::round(x * 1e6) / 1e6;
}

}  // namespace

core::Json roads_geojson(const LoadedNetwork& network) {
  const Network& net = network.data.network;
  core::Json features = core::Json::array();
  std::unordered_map<std::uint64_t, std::size_t> seen;  // junction pair → feature
  seen.reserve(net.arc_count());
  for (std::size_t a = 0; a < net.arc_count(); ++a) {
    const NodeIndex u = net.tail[a], v = net.head[a];
    const std::uint64_t key = (static_cast<std::uint64_t>(std::min(u, v)) << 32) | std::max(u, v);
    if (auto it = seen.find(key); it != seen.end()) {
      auto& props = features[it->second]["properties"];
      // Two arcs between the same junctions: either the way back, or a second road (a parallel
      // one-way pair); both make the piece usable in both directions or with more room.
      if (net.tail[props["arc"].get<std::size_t>()] != u)
        props["oneway"] = false;
      else
        props["capacity"] = props["capacity"].get<People>() + net.capacity[a];
      continue;
    }
    seen.emplace(key, features.size());
    features.push_back(
        {{"type", "Feature"},
         {"geometry",
          {{"type", "LineString"},
           {"coordinates",
            {{round6(net.lon[u]), round6(net.lat[u])}, {round6(net.lon[v]), round6(net.lat[v])}}}}},
         {"properties",
          {{"arc", a},
           {"capacity", net.capacity[a]},
           {"travel_time", net.travel_time[a]},
           {"oneway", true}}}});
  }
  core::Json doc{{"type", "FeatureCollection"},
                 {"features", std::move(features)},
                 {"step_seconds", net.step_seconds}};
  if (network.info.bbox) doc["bbox"] = *network.info.bbox;
  if (network.info.osm) doc["attribution"] = kOsmAttribution;
  return doc;
}

core::Result<std::shared_ptr<const LoadedNetwork>> NetworkCache::get(std::int64_t id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = loaded_.find(id); it != loaded_.end()) return it->second;
  }
  auto row = db_.read([&](storage::Tx& tx) {
    auto info = evac_store::get_network(tx, id);
    std::optional<std::pair<NetworkInfo, std::string>> out;
    if (info) out.emplace(std::move(*info), *evac_store::network_graph(tx, id));
    return out;
  });
  if (!row) return fail(Error::not_found("No road network has id " + std::to_string(id) + "."));
  auto data = osm::graph_from_bytes(row->second, "road network " + std::to_string(id));
  if (!data) return fail(Error::internal(data.error().message));
  auto loaded = std::make_shared<LoadedNetwork>();
  loaded->info = std::move(row->first);
  loaded->data = std::move(*data);
  std::lock_guard lock(mu_);
  // Two callers may have loaded it at once: keep the first, so everyone shares one copy.
  auto [it, inserted] = loaded_.emplace(id, std::move(loaded));
  return it->second;
}

void NetworkCache::put(std::shared_ptr<const LoadedNetwork> network) {
  std::lock_guard lock(mu_);
  loaded_[network->info.id] = std::move(network);
}

void NetworkCache::erase(std::int64_t id) {
  std::lock_guard lock(mu_);
  loaded_.erase(id);
  geojson_.erase(id);
}

core::Result<std::shared_ptr<const std::string>> NetworkCache::geojson(std::int64_t id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = geojson_.find(id); it != geojson_.end()) return it->second;
  }
  auto net = get(id);
  if (!net) return fail(net.error());
  if (!(*net)->data.network.has_coordinates())
    return fail(Error::conflict("This road network has no coordinates, so it cannot be drawn."));
  auto text = std::make_shared<const std::string>(roads_geojson(**net).dump());
  std::lock_guard lock(mu_);
  auto [it, inserted] = geojson_.emplace(id, std::move(text));
  return it->second;
}

}  // namespace qorgan::evac::web
