#pragma once
// Opens a network file of any supported kind, chosen by its name:
//   *.osm.pbf, *.pbf, *.osm, *.osm.bz2, *.osm.gz   OpenStreetMap (imported, cached)
//   *.qgraph, *.bin                                 graph file written by `evac import`
//   *.gr                                            DIMACS shortest-path graph
//   anything else                                   Qorgan's plain-text network format
// Text networks may carry their own sources and sinks; OSM and graph files bring buildings and
// shelter candidates for demand estimation.

#include <optional>
#include <string>

#include "evac/error.hpp"
#include "evac/io/dimacs_reader.hpp"
#include "evac/osm/osm_importer.hpp"

namespace qorgan::evac::io {

struct LoadOptions {
  osm::Profile profile = osm::Profile::kCar;
  std::optional<double> step_seconds;  // default per profile
  std::string cache_dir;               // empty: osm::default_cache_dir()
  std::string profile_file;            // OSM only: road classes overridden (road_profile.hpp)
  bool fold_chains = true;             // OSM only: ProfileSettings::fold_chains
  DimacsOptions dimacs;
  // Whether the caller chose the profile and the DIMACS figures (rather than leaving the
  // defaults): input they do not apply to is then refused, not read as if they were not given.
  bool profile_given = false;
  bool dimacs_given = false;
};

struct LoadedNetwork {
  Problem problem;                  // network, plus sources/sinks from a text file
  std::optional<osm::OsmData> osm;  // buildings, candidates, stats (network moved out)
  bool from_cache = false;
  std::string kind;  // "osm", "graph", "dimacs", "text"
};

Result<LoadedNetwork> load_network(const std::string& path, const LoadOptions& options = {});

}  // namespace qorgan::evac::io
