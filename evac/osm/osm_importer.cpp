#include "evac/osm/osm_importer.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>

#include <fmt/format.h>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#include <protozero/pbf_reader.hpp>

#include "evac/graph/contract_chains.hpp"
#include "evac/graph/network_builder.hpp"
#include "evac/graph/strong_components.hpp"

namespace qorgan::evac::osm {

namespace {

constexpr double kEarthRadius = 6371008.8;
constexpr double kPi = 3.14159265358979323846;

double haversine_m(osmium::Location a, osmium::Location b) {
  const double la1 = a.lat() * kPi / 180, la2 = b.lat() * kPi / 180;
  const double dla = la2 - la1, dlo = (b.lon() - a.lon()) * kPi / 180;
  const double h = std::sin(dla / 2) * std::sin(dla / 2) +
                   std::cos(la1) * std::cos(la2) * std::sin(dlo / 2) * std::sin(dlo / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

// Parses "50", "50 km/h", "30 mph"; anything else (e.g. "RU:urban", "none") gives 0.
double parse_maxspeed(const char* v) {
  if (!v) return 0;
  char* end = nullptr;
  const double x = std::strtod(v, &end);
  if (end == v || x <= 0 || x > 200) return 0;
  std::string_view rest(end);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest == "mph") return x * 1.609344;
  return (rest.empty() || rest == "km/h" || rest == "kmh") ? x : 0;
}

bool is_yes(const char* v) {
  return v && (std::string_view(v) == "yes" || std::string_view(v) == "true" ||
               std::string_view(v) == "1");
}

struct RoadWay {
  std::vector<osmium::object_id_type> nodes;
  std::vector<osmium::Location> locations;
  double speed_kmh;
  People capacity_forward, capacity_backward;  // 0: no arc in that direction
  std::string name;                            // "name (ref)", "name", "ref" or ""
};

// What people call the road: its `name`, with its `ref` (route number) in brackets when it has
// both, or the `ref` alone.
std::string street_name(const osmium::TagList& tags) {
  const char* name = tags["name"];
  const char* ref = tags["ref"];
  std::string out = name ? name : "";
  if (ref && *ref) out = out.empty() ? std::string(ref) : out + " (" + ref + ")";
  return out;
}

class Collector : public osmium::handler::Handler {
 public:
  explicit Collector(const ProfileSettings& s) : s_(s) {}

  void node(const osmium::Node& n) {
    const char* amenity = n.tags()["amenity"];
    if (amenity && n.location().valid()) add_candidate(amenity, n.tags()["name"], n.location());
  }

  void relation(const osmium::Relation&) { ++data.read.relations; }

  void way(const osmium::Way& w) {
    ++data.read.ways;
    const auto& tags = w.tags();
    if (const char* highway = tags["highway"]) road(w, highway);
    // Size first: libosmium's is_closed() reads the last node, which an empty way lacks.
    if (w.nodes().size() >= 4 && w.is_closed()) {
      const char* building = tags["building"];
      const char* amenity = tags["amenity"];
      if (amenity || (building && std::string_view(building) != "no"))
        closed_way(w, building, amenity);
    }
  }

  OsmData data;
  std::vector<RoadWay> roads;

 private:
  void add_candidate(std::string_view kind, const char* name, osmium::Location at) {
    const People cap = assumed_shelter_capacity(kind);
    if (cap == 0) return;
    data.shelters.push_back({at.lat(), at.lon(), std::string(kind), name ? name : "", cap});
  }

  void road(const osmium::Way& w, const char* highway) {
    const RoadClass* rc = s_.road_class(highway);  // the profile file's table, if any
    if (!rc) return;
    const auto& tags = w.tags();
    const bool car = s_.profile == Profile::kCar;
    if (tags.has_tag("area", "yes")) return;
    const char* access = tags["access"];
    const bool private_access =
        access && (std::string_view(access) == "no" || std::string_view(access) == "private");
    if (car) {
      if (rc->car_kmh <= 0 || private_access || tags.has_tag("motor_vehicle", "no")) return;
    } else {
      const char* foot = tags["foot"];
      const bool foot_allowed = foot && std::string_view(foot) != "no";
      if (rc->foot_width_m <= 0 && !foot_allowed) return;
      if ((foot && std::string_view(foot) == "no") || (private_access && !foot_allowed)) return;
    }
    RoadWay r;
    for (const auto& nr : w.nodes()) {
      r.nodes.push_back(nr.ref());
      r.locations.push_back(nr.location());
    }
    if (r.nodes.size() < 2) return;
    r.name = street_name(tags);
    const double step = s_.step_seconds;
    if (car) {
      const double maxspeed = parse_maxspeed(tags["maxspeed"]);
      r.speed_kmh = maxspeed > 0 ? std::min(maxspeed, rc->car_kmh * 1.25) : rc->car_kmh;
      int dir = 0;  // 0 both, 1 forward only, -1 backward only
      const char* oneway = tags["oneway"];
      if (rc->car_oneway || tags.has_tag("junction", "roundabout")) dir = 1;
      if (oneway) {
        const std::string_view o(oneway);
        if (is_yes(oneway))
          dir = 1;
        else if (o == "-1" || o == "reverse")
          dir = -1;
        else if (o == "no")
          dir = 0;
      }
      int lanes = rc->car_lanes;
      if (const char* l = tags["lanes"]) {
        const int total = std::atoi(l);
        if (total > 0 && total < 20) lanes = dir == 0 ? std::max(1, total / 2) : total;
      }
      const People cap = std::max<People>(
          1, std::llround(lanes * rc->car_vehicles_per_lane * s_.people_per_vehicle * step / 3600));
      r.capacity_forward = dir >= 0 ? cap : 0;
      r.capacity_backward = dir <= 0 ? cap : 0;
    } else {
      // Oneway streets are two-way on foot.
      r.speed_kmh = std::string_view(highway) == "steps" ? s_.walk_kmh / 2 : s_.walk_kmh;
      const double width = rc->foot_width_m > 0 ? rc->foot_width_m : 1.5;
      const People cap =
          std::max<People>(1, std::llround(width * s_.foot_people_per_metre_second * step));
      r.capacity_forward = r.capacity_backward = cap;
    }
    roads.push_back(std::move(r));
  }

  void closed_way(const osmium::Way& w, const char* building, const char* amenity) {
    // Planar shoelace on a local equirectangular projection: fine at building scale.
    const auto& nodes = w.nodes();
    double lat0 = 0;
    std::size_t valid = 0;
    for (const auto& nr : nodes)
      if (nr.location().valid()) {
        lat0 += nr.location().lat();
        ++valid;
      }
    if (valid != nodes.size()) return;
    lat0 /= static_cast<double>(valid);
    const double kx = kEarthRadius * kPi / 180 * std::cos(lat0 * kPi / 180);
    const double ky = kEarthRadius * kPi / 180;
    double a2 = 0, cx = 0, cy = 0;
    for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
      const double x1 = nodes[i].location().lon() * kx, y1 = nodes[i].location().lat() * ky;
      const double x2 = nodes[i + 1].location().lon() * kx, y2 = nodes[i + 1].location().lat() * ky;
      a2 += x1 * y2 - x2 * y1;
      cx += nodes[i].location().lon();
      cy += nodes[i].location().lat();
    }
    const double area = std::abs(a2) / 2;
    const auto n = static_cast<double>(nodes.size() - 1);
    const osmium::Location centre(cx / n, cy / n);
    if (amenity) add_candidate(amenity, w.tags()["name"], centre);
    if (!building || area <= 0) return;
    const std::string_view b(building);
    static constexpr std::string_view kHousing[] = {
        "yes",     "residential", "apartments", "house", "detached", "semidetached_house",
        "terrace", "dormitory",   "bungalow",   "hut",   "cabin",    "farm"};
    const bool residential =
        std::find(std::begin(kHousing), std::end(kHousing), b) != std::end(kHousing);
    double levels = 1;
    if (const char* l = w.tags()["building:levels"]) {
      const double x = std::atof(l);
      if (x >= 1 && x <= 150) levels = x;
    } else if (b == "apartments") {
      levels = 5;  // typical for the Soviet-era blocks of our cities when levels are not tagged
    }
    data.buildings.push_back({centre.lat(), centre.lon(), area * levels, residential});
  }

  const ProfileSettings& s_;
};

}  // namespace

People assumed_shelter_capacity(std::string_view kind) {
  if (kind == "school") return 600;
  if (kind == "university") return 1500;
  if (kind == "college") return 600;
  if (kind == "hospital") return 300;
  if (kind == "kindergarten") return 150;
  return 0;
}

namespace {

// The OSMData blocks of a PBF file, by its blob headers (the blobs themselves are skipped);
// 0 for any other file.
std::size_t pbf_data_blocks(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::size_t blocks = 0;
  bool first = true;
  while (in) {
    unsigned char len[4];
    if (!in.read(reinterpret_cast<char*>(len), 4)) break;
    const std::uint32_t header_size = (std::uint32_t(len[0]) << 24) |
                                      (std::uint32_t(len[1]) << 16) | (std::uint32_t(len[2]) << 8) |
                                      std::uint32_t(len[3]);
    if (header_size > 64 * 1024) break;  // the format's own bound on a BlobHeader
    std::string header(header_size, '\0');
    if (!in.read(header.data(), header_size)) break;
    std::string type;
    std::int64_t data_size = -1;
    try {
      protozero::pbf_reader h(header);
      while (h.next()) {
        if (h.tag() == 1 && h.wire_type() == protozero::pbf_wire_type::length_delimited)
          type = h.get_string();
        else if (h.tag() == 3 && h.wire_type() == protozero::pbf_wire_type::varint)
          data_size = h.get_int32();
        else
          h.skip();
      }
    } catch (const std::exception&) {
      break;
    }
    if (first && type != "OSMHeader") return 0;
    first = false;
    if (data_size < 0 || !in.seekg(data_size, std::ios::cur)) break;
    if (type == "OSMData") ++blocks;
  }
  return blocks;
}

}  // namespace

Result<OsmData> import_osm(const std::string& path, const ProfileSettings& settings) {
  Collector collector(settings);
  try {
    osmium::io::File file(path);
    osmium::io::Reader reader(file, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way |
                                        osmium::osm_entity_bits::relation);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();  // extracts are clipped: ways may reference absent nodes
    osmium::apply(reader, locations, collector);
    reader.close();
  } catch (const std::exception& e) {
    return fail("cannot read OSM file '{}': {}", path, e.what());
  }
  OsmData& data = collector.data;
  data.read.blocks = pbf_data_blocks(path);
  if (data.read.blocks > 0 && data.read.ways > 0 && data.read.relations == 0)
    data.read.warning = fmt::format(
        "'{}' ends after its ways without any relation ({} data blocks, {} ways read); a "
        "complete extract ends with its relations, so the file may have been cut short",
        path, data.read.blocks, data.read.ways);
  auto& roads = collector.roads;
  data.stats.road_ways = roads.size();

  // Junctions: way ends and nodes used more than once (by two ways or twice by one).
  std::unordered_map<osmium::object_id_type, std::uint32_t> uses;
  for (const auto& r : roads)
    for (auto id : r.nodes) ++uses[id];
  auto is_junction = [&](const RoadWay& r, std::size_t i) {
    return i == 0 || i + 1 == r.nodes.size() || uses[r.nodes[i]] > 1;
  };
  NetworkBuilder b;
  b.set_step_seconds(settings.step_seconds);
  std::unordered_map<osmium::object_id_type, NodeIndex> junction;
  auto node_of = [&](const RoadWay& r, std::size_t i) {
    auto [it, fresh] = junction.try_emplace(r.nodes[i], 0);
    if (fresh)
      it->second =
          b.add_node(r.nodes[i], kUnlimited, std::pair{r.locations[i].lat(), r.locations[i].lon()});
    return it->second;
  };
  struct PendingArc {
    NodeIndex u, v;
    People cap;
    double seconds;
    std::uint32_t name;
  };
  std::vector<PendingArc> arcs;
  for (const auto& r : roads) {
    const double metres_per_second = r.speed_kmh / 3.6;
    std::size_t start = 0;
    double length = 0;
    bool broken = !r.locations[0].valid();
    const std::uint32_t name = b.add_name(r.name);
    for (std::size_t i = 1; i < r.nodes.size(); ++i) {
      if (!r.locations[i].valid()) {
        ++data.stats.missing_locations;
        broken = true;
      } else if (!broken) {
        length += haversine_m(r.locations[i - 1], r.locations[i]);
      }
      if (!is_junction(r, i)) continue;
      // A piece with a missing location cannot be measured or drawn: leave it out.
      if (!broken && r.nodes[start] != r.nodes[i]) {
        const NodeIndex u = node_of(r, start), v = node_of(r, i);
        const double seconds = length / metres_per_second;
        if (r.capacity_forward > 0) arcs.push_back({u, v, r.capacity_forward, seconds, name});
        if (r.capacity_backward > 0) arcs.push_back({v, u, r.capacity_backward, seconds, name});
      }
      start = i;
      length = 0;
      broken = !r.locations[i].valid();
    }
  }
  data.stats.junctions = b.node_count();
  data.stats.arcs = arcs.size();
  for (const auto& a : arcs)
    b.add_arc(a.u, a.v, a.cap, steps_for(a.seconds, settings.step_seconds), a.name, a.seconds);
  auto full = std::move(b).build();
  if (!full) return std::unexpected(full.error());

  // Keep the largest strongly connected component.
  const auto sc = strong_components(full->node_count(), full->first_out, full->head);
  data.stats.components = sc.count;
  NetworkBuilder kept;
  kept.set_step_seconds(settings.step_seconds);
  std::vector<NodeIndex> remap(full->node_count(), kNoNode);
  for (NodeIndex v = 0; v < full->node_count(); ++v) {
    if (sc.component[v] != sc.largest) continue;
    remap[v] = kept.add_node(full->node_id[v], kUnlimited, std::pair{full->lat[v], full->lon[v]});
  }
  for (ArcIndex a = 0; a < full->arc_count(); ++a) {
    const NodeIndex u = remap[full->tail[a]], v = remap[full->head[a]];
    if (u == kNoNode || v == kNoNode) {
      ++data.stats.dropped_arcs;
      continue;
    }
    kept.add_arc(u, v, full->capacity[a], full->travel_time[a], kept.add_name(full->name_of(a)),
                 full->seconds[a]);
  }
  data.stats.dropped_nodes = full->node_count() - kept.node_count();
  auto component = std::move(kept).build();
  if (!component) return std::unexpected(component.error());
  ContractionStats folded;
  auto net = settings.fold_chains ? contract_chains(*component, &folded) : std::move(component);
  if (!net) return std::unexpected(net.error());
  data.stats.folded_junctions = folded.folded_junctions;
  data.stats.folded_arcs = folded.folded_arcs;
  if (net->node_count() < 2)
    return fail("OSM file '{}' has no usable roads for the {} profile", path,
                settings.profile == Profile::kCar ? term("car") : term("foot"));
  data.network = std::move(*net);
  return std::move(data);
}

}  // namespace qorgan::evac::osm
