#pragma once
// Road networks loaded into memory, by id. A network is read from the database (its .qgraph
// blob) the first time a plan or a page needs it and then shared, immutable, by every caller;
// the map of loaded networks is guarded by a mutex that is never held while loading.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/error.hpp"
#include "evac/osm/osm_importer.hpp"
#include "evac/web/model.hpp"
#include "storage/database.hpp"

namespace qorgan::evac::web {

struct LoadedNetwork {
  NetworkInfo info;
  osm::OsmData data;  // the graph, with buildings and shelter candidates for OSM networks
};

class NetworkCache {
 public:
  explicit NetworkCache(storage::Database& db) : db_(db) {}

  // The network, loading it on first use; not_found when there is no such network.
  core::Result<std::shared_ptr<const LoadedNetwork>> get(std::int64_t id);
  void put(std::shared_ptr<const LoadedNetwork> network);
  void erase(std::int64_t id);
  // The roads as GeoJSON text (made once per network).
  core::Result<std::shared_ptr<const std::string>> geojson(std::int64_t id);

 private:
  storage::Database& db_;
  std::mutex mu_;
  std::map<std::int64_t, std::shared_ptr<const LoadedNetwork>> loaded_;
  std::map<std::int64_t, std::shared_ptr<const std::string>> geojson_;
};

// FeatureCollection of the roads: one LineString per junction pair (both directions merged),
// properties {capacity, travel_time, oneway}, with "bbox" and, for OSM data, "attribution".
core::Json roads_geojson(const LoadedNetwork& network);

// [min lon, min lat, max lon, max lat] of the junctions; nullopt without coordinates.
std::optional<std::array<double, 4>> bounding_box(const Network& network);

}  // namespace qorgan::evac::web
