#pragma once
// OpenStreetMap import (PBF or XML, optionally .bz2/.gz compressed, via libosmium).
//
// Roads of the chosen profile become a junction graph: ways are cut at nodes shared with
// another road and at their ends, intermediate shape points are folded into the arc's length.
// Only the largest strongly connected component is kept (everywhere reachable from everywhere);
// what was dropped is counted in the stats. Junctions without a choice are then folded away
// (graph/contract_chains.hpp), so that each arc's time is rounded up to whole steps once; arcs
// keep their measured seconds (Network::seconds). Junctions keep their OSM id and coordinates and
// have unbounded holding capacity (people may wait at any junction).
//
// In the same pass it collects what demand estimation needs: building footprints with their
// floor area, and schools/hospitals/universities/kindergartens as shelter candidates.

#include <string>
#include <vector>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"
#include "evac/osm/road_profile.hpp"

namespace qorgan::evac::osm {

struct Building {
  double lat = 0, lon = 0;
  double floor_area_m2 = 0;  // footprint x levels
  bool residential = false;  // tagged as housing (or plain building=yes)
};

struct ShelterCandidate {
  double lat = 0, lon = 0;
  std::string kind;  // school, hospital, university, college, kindergarten
  std::string name;
  People assumed_capacity = 0;
};

struct ImportStats {
  std::size_t road_ways = 0;
  std::size_t junctions = 0;  // before the component filter
  std::size_t arcs = 0;       // before the component filter
  std::size_t components = 0;
  std::size_t dropped_nodes = 0;  // outside the largest component
  std::size_t dropped_arcs = 0;
  std::size_t missing_locations = 0;  // way nodes absent from the file (clipped extract)
  // Junctions without a choice folded into longer arcs (graph/contract_chains.hpp), and the
  // arcs that went with them.
  std::size_t folded_junctions = 0;
  std::size_t folded_arcs = 0;
};

// What was read from the file itself (not kept in graph files: zero when loaded from one).
struct ReadStats {
  std::size_t blocks = 0;  // PBF data blocks (0 for XML)
  std::size_t ways = 0;    // every way, roads or not
  std::size_t relations = 0;
  // Set when the file looks cut short: a PBF whose ways are not followed by any relation (a
  // complete extract ends with its relations; a file cut at a block boundary reads cleanly).
  std::string warning;
};

struct OsmData {
  Network network;
  ImportStats stats;
  ReadStats read;
  std::vector<Building> buildings;
  std::vector<ShelterCandidate> shelters;
};

Result<OsmData> import_osm(const std::string& path, const ProfileSettings& settings);

// The capacity assumed for a shelter candidate of a kind.
People assumed_shelter_capacity(std::string_view kind);

}  // namespace qorgan::evac::osm
