#pragma once
// Real public buildings of Almaty where the demo places key facilities: read from an
// OpenStreetMap extract when one is available, else taken from a small built-in list.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace qorgan::demo {

struct PublicBuilding {
  std::string name;
  std::string kind;     // facility kind: education, medical, government, transport, …
  std::string osm_tag;  // e.g. "amenity=school"; "builtin" for the fallback list
  std::string address;  // "street housenumber" when the data has it
  double lat = 0, lon = 0;
  std::int64_t osm_id = 0;  // 0 for the built-in list
  bool is_school() const { return osm_tag == "amenity=school"; }
};

// A latitude/longitude box; an empty box (the default) accepts everything.
struct Box {
  double min_lat = 0, min_lon = 0, max_lat = 0, max_lon = 0;
  bool empty() const { return min_lat >= max_lat || min_lon >= max_lon; }
  bool contains(double lat, double lon) const {
    return empty() || (lat >= min_lat && lat <= max_lat && lon >= min_lon && lon <= max_lon);
  }
};

// The city of Almaty (its built-up area) in 2013, a little generously.
Box almaty_box();

// Named schools, hospitals, clinics, universities, police and fire stations, town halls,
// stations and similar public buildings in an OSM file (PBF, XML, optionally compressed): nodes
// at their position and ways at the mean of their nodes. Unnamed features are skipped, bare
// school numbers ("№ 42") become "Школа № 42", and a name repeated within 500 m is kept once.
// A missing or unreadable file is an error naming it.
core::Result<std::vector<PublicBuilding>> read_osm_buildings(const std::string& path,
                                                             const Box& within = {});

// Well-known public buildings of Almaty with approximate positions, for a checkout without the
// OSM extract.
std::vector<PublicBuilding> builtin_buildings();

// The Almaty extract inside `osm_dir` (config osm_dir / QORGAN_OSM_DIR); when that is empty, the
// repository's copy demo/data/almaty-2013.osm.pbf (under the current directory, else under a
// folder above the binary, i.e. its checkout), then ../shared/data/osm likewise; "" when there
// is none.
std::string find_almaty_extract(const std::string& osm_dir);

}  // namespace qorgan::demo
