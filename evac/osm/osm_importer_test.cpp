// OSM import on a hand-made XML town (always available), on the real extracts when present,
// and on broken files.

#include "evac/osm/osm_importer.hpp"

#include <cstdlib>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <protozero/pbf_reader.hpp>

#include "core/test_directory.hpp"
#include "evac/graph/contract_chains.hpp"
#include "evac/graph/nearest_node.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/osm/demand_estimator.hpp"
#include "evac/osm/graph_cache.hpp"

namespace qorgan::evac::osm {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Junctions 1, 2, 3, 4 (way ends and node 2, shared by two ways); 6 and 5 are shape points.
// Way 11 (2 -> 6 -> 4) is one way. Footway 13 leads from 1 to the dead end 7.
// 1 -> 2 is 0.005 deg of longitude at 43.2 N: 405 m; at 30 km/h and 30 s steps (250 m per
// step) that is 2 steps. A residential lane carries 600 vehicles/h x 2 people x 30 s = 10
// people per step. The building is a 50 m square with 4 levels: 10,000 m2 of floor.
const char* kTown = R"(<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
 <node id="1" lat="43.2000" lon="76.9000"/>
 <node id="2" lat="43.2000" lon="76.9050"/>
 <node id="3" lat="43.2000" lon="76.9100"/>
 <node id="4" lat="43.2050" lon="76.9050"/>
 <node id="5" lat="43.2050" lon="76.9100"/>
 <node id="6" lat="43.2025" lon="76.9050"/>
 <node id="7" lat="43.1980" lon="76.9000"/>
 <node id="20" lat="43.2010" lon="76.9010"/>
 <node id="21" lat="43.2010" lon="76.90161683"/>
 <node id="22" lat="43.20144966" lon="76.90161683"/>
 <node id="23" lat="43.20144966" lon="76.9010"/>
 <node id="30" lat="43.2049" lon="76.9099"><tag k="amenity" v="school"/><tag k="name" v="School 1"/></node>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
 <way id="11"><nd ref="2"/><nd ref="6"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
 <way id="12"><nd ref="4"/><nd ref="5"/><nd ref="3"/><tag k="highway" v="residential"/></way>
 <way id="13"><nd ref="1"/><nd ref="7"/><tag k="highway" v="footway"/></way>
 <way id="14"><nd ref="20"/><nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="20"/><tag k="building" v="apartments"/><tag k="building:levels" v="4"/></way>
</osm>
)";

bool has_arc(const Network& n, std::int64_t from, std::int64_t to) {
  const NodeIndex u = n.find_node(from), v = n.find_node(to);
  if (u == kNoNode || v == kNoNode) return false;
  for (ArcIndex a = n.out_begin(u); a < n.out_end(u); ++a)
    if (n.head[a] == v) return true;
  return false;
}

TEST(OsmImport, HandMadeTownCarProfile) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-town");
  write(dir / "town.osm", kTown);
  ProfileSettings car;
  car.fold_chains = false;  // junctions as drawn: every piece worked out by hand
  auto d = import_osm((dir / "town.osm").string(), car);
  ASSERT_TRUE(d) << d.error().message;
  const Network& n = d->network;
  EXPECT_EQ(n.node_count(), 4u);  // 1, 2, 3, 4; footway and shape points are not junctions
  EXPECT_EQ(n.arc_count(), 7u);   // 1<->2, 2<->3, 4<->3 and the one-way 2->4
  EXPECT_TRUE(has_arc(n, 2, 4));
  EXPECT_FALSE(has_arc(n, 4, 2));  // oneway respected
  const ArcIndex a12 = n.out_begin(n.find_node(1));
  EXPECT_EQ(n.travel_time[a12], 2);
  EXPECT_EQ(n.capacity[a12], 10);
  EXPECT_EQ(d->stats.dropped_nodes, 0u);
  ASSERT_EQ(d->buildings.size(), 1u);
  EXPECT_NEAR(d->buildings[0].floor_area_m2, 10'000, 200);
  ASSERT_EQ(d->shelters.size(), 1u);
  EXPECT_EQ(d->shelters[0].name, "School 1");
  EXPECT_EQ(d->shelters[0].assumed_capacity, assumed_shelter_capacity("school"));
}

// By default junction 3 (on Abay's two-way street between 2 and 4, nothing else meets there) is
// folded: 2 <-> 4 through it becomes one arc whose time is the two pieces' seconds rounded up
// once, next to the one-way 2 -> 4.
TEST(OsmImport, HandMadeTownFoldsJunctionsWithoutAChoice) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-town-folded");
  write(dir / "town.osm", kTown);
  auto drawn = import_osm((dir / "town.osm").string(), ProfileSettings{.fold_chains = false});
  auto d = import_osm((dir / "town.osm").string(), ProfileSettings{});
  ASSERT_TRUE(drawn && d);
  const Network& n = d->network;
  EXPECT_EQ(n.node_count(), 3u);  // 1, 2, 4
  EXPECT_EQ(n.find_node(3), kNoNode);
  EXPECT_EQ(n.arc_count(), 5u);  // 1<->2, 2<->4 through 3, and the one-way 2->4
  EXPECT_EQ(d->stats.folded_junctions, 1u);
  const Network& w = drawn->network;
  auto seconds = [](const Network& net, std::int64_t from, std::int64_t to) {
    const NodeIndex u = net.find_node(from), v = net.find_node(to);
    std::vector<double> found;
    for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a)
      if (net.head[a] == v) found.push_back(net.seconds[a]);
    std::ranges::sort(found);
    return found;
  };
  const double through = seconds(w, 4, 3)[0] + seconds(w, 3, 2)[0];
  ASSERT_EQ(seconds(n, 4, 2).size(), 1u);
  EXPECT_NEAR(seconds(n, 4, 2)[0], through, 1e-9);
  const ArcIndex back = [&] {
    for (ArcIndex a = n.out_begin(n.find_node(4)); a < n.out_end(n.find_node(4)); ++a)
      if (n.node_id[n.head[a]] == 2) return a;
    return kNoArc;
  }();
  ASSERT_NE(back, kNoArc);
  EXPECT_EQ(n.travel_time[back], steps_for(through, 30));
  EXPECT_EQ(n.capacity[back], 10);
  EXPECT_EQ(seconds(n, 2, 4).size(), 2u);  // through 3, and the one-way street
}

TEST(OsmImport, HandMadeTownFootProfile) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-town-foot");
  write(dir / "town.osm", kTown);
  ProfileSettings foot;
  foot.profile = Profile::kFoot;
  foot.step_seconds = 10;
  foot.fold_chains = false;
  auto d = import_osm((dir / "town.osm").string(), foot);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->network.node_count(), 5u);  // plus the footway's end 7
  EXPECT_EQ(d->network.arc_count(), 10u);  // oneways are two-way on foot
  EXPECT_TRUE(has_arc(d->network, 4, 2));
  // 405 m at 5 km/h (13.9 m per 10 s step): 30 steps. 3 m wide x 1.3 /m/s x 10 s = 39.
  const ArcIndex a12 = d->network.out_begin(d->network.find_node(1));
  EXPECT_EQ(d->network.travel_time[a12], 30);
  EXPECT_EQ(d->network.capacity[a12], 39);
}

TEST(OsmImport, CacheRoundTripAndCorruptCache) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-cache");
  write(dir / "town.osm", kTown);
  ProfileSettings car;
  bool cached = true;
  auto first =
      import_osm_cached((dir / "town.osm").string(), car, (dir / "cache").string(), &cached);
  ASSERT_TRUE(first);
  EXPECT_FALSE(cached);
  auto second =
      import_osm_cached((dir / "town.osm").string(), car, (dir / "cache").string(), &cached);
  ASSERT_TRUE(second);
  EXPECT_TRUE(cached);
  EXPECT_EQ(first->network.fingerprint(), second->network.fingerprint());
  EXPECT_EQ(second->buildings.size(), 1u);
  EXPECT_EQ(second->shelters[0].name, "School 1");
  // A truncated graph file is refused as a whole.
  auto key = cache_key((dir / "town.osm").string(), car);
  ASSERT_TRUE(write_graph_file((dir / "g.qgraph").string(), *key, *first));
  fs::resize_file(dir / "g.qgraph", fs::file_size(dir / "g.qgraph") - 20);
  auto bad = read_graph_file((dir / "g.qgraph").string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not a complete Qorgan graph file"), std::string::npos);
}

TEST(OsmImport, BrokenFilesGiveClearErrors) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-broken");
  ProfileSettings car;
  write(dir / "garbage.osm.pbf", std::string(5000, 'x'));
  auto r = import_osm((dir / "garbage.osm.pbf").string(), car);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("cannot read OSM file"), 0u) << r.error().message;

  write(dir / "cut.osm", std::string(kTown).substr(0, 400));
  r = import_osm((dir / "cut.osm").string(), car);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("cannot read OSM file"), 0u) << r.error().message;

  r = import_osm((dir / "missing.osm.pbf").string(), car);
  ASSERT_FALSE(r);

  write(dir / "empty.osm", "<?xml version='1.0'?><osm version=\"0.6\"></osm>");
  r = import_osm((dir / "empty.osm").string(), car);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("has no usable roads for the car profile"), std::string::npos);
}

// Ways without nodes (a hostile or broken file) are skipped: they once had libosmium read the
// last node of an empty list to see whether the way was closed (make test-asan reports that read
// as a pointer overflow; the fuzz corpus's one-node-way.osm replays it).
TEST(OsmImport, WaysWithoutNodesAreSkipped) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-empty-ways");
  std::string town(kTown);
  town.insert(town.find(" <way id=\"10\">"),
              " <way id=\"90\"><tag k=\"building\" v=\"yes\"/></way>\n"
              " <way id=\"91\"><tag k=\"highway\" v=\"primary\"/></way>\n"
              " <way id=\"92\"><nd ref=\"1\"/><tag k=\"amenity\" v=\"school\"/></way>\n");
  write(dir / "town.osm", town);
  ProfileSettings car;
  car.fold_chains = false;
  auto d = import_osm((dir / "town.osm").string(), car);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->network.node_count(), 4u);
  EXPECT_EQ(d->buildings.size(), 1u);
  EXPECT_EQ(d->shelters.size(), 1u);
}

// Debian's osmium-tool ships a real XML extract: Karlsruhe's boundary, without roads.
TEST(OsmImport, KarlsruheExampleHasNoRoads) {
  const std::string path =
      "/usr/share/doc/osmium-tool/examples/extract-example-config/karlsruhe.osm.bz2";
  if (!fs::exists(path)) GTEST_SKIP() << path << " not installed (Debian package osmium-tool)";
  auto r = import_osm(path, ProfileSettings{});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no usable roads"), std::string::npos) << r.error().message;
}

std::string osm_dir() {
  if (const char* d = std::getenv("QORGAN_OSM_DIR"); d && *d) return d;
  return std::string(QORGAN_SOURCE_DIR) + "/../shared/data/osm";
}

std::string real_file(const std::string& name) {
  const std::string p = osm_dir() + "/" + name;
  return fs::exists(p) ? p : std::string();
}

TEST(OsmImport, AlmatyCountsAndAPlausibleRoute) {
  const auto path = real_file("almaty-2013.osm.pbf");
  if (path.empty())
    GTEST_SKIP() << "almaty-2013.osm.pbf not found in " << osm_dir() << " (set QORGAN_OSM_DIR)";
  auto car = import_osm(path, ProfileSettings{});
  ASSERT_TRUE(car) << car.error().message;
  // The data README gives about 8,600 junctions and 23,200 arcs before filtering; about 470
  // of those kept have no choice and are folded (7,918 junctions and 22,027 arcs are left).
  EXPECT_GT(car->stats.junctions, 8000u);
  EXPECT_LT(car->stats.junctions, 9000u);
  EXPECT_GT(car->stats.arcs, 21000u);
  EXPECT_LT(car->stats.arcs, 25000u);
  EXPECT_GT(car->stats.dropped_nodes, 0u);
  EXPECT_GT(car->stats.folded_junctions, 300u);
  EXPECT_GT(car->network.node_count(), 7500u);
  EXPECT_GT(car->network.arc_count(), 20000u);
  EXPECT_GT(car->buildings.size(), 7000u);
  std::size_t one_way = 0;
  for (ArcIndex a = 0; a < car->network.arc_count(); ++a)
    if (!has_arc(car->network, car->network.node_id[car->network.head[a]],
                 car->network.node_id[car->network.tail[a]]))
      ++one_way;
  EXPECT_GT(one_way, 100u);  // oneway streets and dual carriageways exist

  // On foot (constant 5 km/h) from Republic Square to Almaty-2 station, about 3.3 km apart as
  // the crow flies: a street route should be 1 to 1.6 times that.
  ProfileSettings foot;
  foot.profile = Profile::kFoot;
  foot.step_seconds = 10;
  auto walk = import_osm(path, foot);
  ASSERT_TRUE(walk);
  NearestNode nearest(walk->network);
  const auto a = nearest.find(43.2380, 76.9453), b = nearest.find(43.2640, 76.9297);
  ASSERT_LT(a.distance_m, 300);
  ASSERT_LT(b.distance_m, 300);
  const double crow = distance_m(walk->network.lat[a.node], walk->network.lon[a.node],
                                 walk->network.lat[b.node], walk->network.lon[b.node]);
  std::pair<NodeIndex, Time> root{a.node, 0};
  const auto tree = forward_tree(walk->network, std::span(&root, 1));
  const double route_m = tree.dist[b.node] * 10 * (5 / 3.6);
  EXPECT_GT(route_m, crow);
  // Each arc's time is rounded up to a whole step (<= 14 m each), hence the small margin.
  EXPECT_LT(route_m, 1.6 * crow + 400) << "route " << route_m << " m, crow " << crow << " m";
}

TEST(OsmImport, MonacoCountsAndEstimatedEvacuees) {
  const auto path = real_file("monaco.osm.pbf");
  if (path.empty())
    GTEST_SKIP() << "monaco.osm.pbf not found in " << osm_dir() << " (set QORGAN_OSM_DIR)";
  auto d = import_osm(path, ProfileSettings{});
  ASSERT_TRUE(d) << d.error().message;
  // 2,268 junctions and 4,304 arcs imported; 2,078 in the largest component, of which 361
  // without a choice are folded.
  EXPECT_GT(d->stats.junctions, 1800u);
  EXPECT_LT(d->stats.junctions, 2600u);
  EXPECT_GT(d->network.node_count(), 1500u);
  EXPECT_LT(d->network.node_count(), 2000u);
  EXPECT_GT(d->network.arc_count(), 3000u);
  EXPECT_LT(d->network.arc_count(), 4000u);
  EXPECT_GT(d->buildings.size(), 20000u);
  PopulationSettings ps;
  ps.total = 38'000;
  auto sources = estimate_evacuees(d->network, d->buildings, ps);
  ASSERT_TRUE(sources) << sources.error().message;
  People total = 0;
  for (const auto& s : *sources) total += s.count;
  EXPECT_EQ(total, 38'000);  // scaled to the given total exactly
  EXPECT_GT(sources->size(), 300u);
  auto shelters = pick_shelters(d->network, d->shelters);
  ASSERT_TRUE(shelters) << shelters.error().message;
  EXPECT_GT(shelters->size(), 5u);

  // A truncated copy of the real PBF is refused with a clear error.
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-monaco-cut");
  fs::copy_file(path, dir / "cut.osm.pbf");
  fs::resize_file(dir / "cut.osm.pbf", fs::file_size(path) / 2);
  auto cut = import_osm((dir / "cut.osm.pbf").string(), ProfileSettings{});
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message.find("cannot read OSM file"), 0u) << cut.error().message;
}

// A PBF cut at a block boundary reads without an error; the import says how much it read and
// warns that the relations, which close a complete extract, are missing.
TEST(OsmImport, PbfCutAtABlockBoundaryIsReportedWithAWarning) {
  const auto path = real_file("monaco.osm.pbf");
  if (path.empty())
    GTEST_SKIP() << "monaco.osm.pbf not found in " << osm_dir() << " (set QORGAN_OSM_DIR)";
  auto whole = import_osm(path, ProfileSettings{});
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->read.blocks, 3u);
  EXPECT_GT(whole->read.relations, 0u);
  EXPECT_EQ(whole->read.warning, "");

  // Blob by blob: (4-byte length, BlobHeader with the blob's size in field 3, blob).
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::size_t> ends;
  for (std::size_t pos = 0; pos + 4 <= bytes.size();) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
    const std::size_t header = (std::size_t(p[0]) << 24) | (std::size_t(p[1]) << 16) |
                               (std::size_t(p[2]) << 8) | std::size_t(p[3]);
    protozero::pbf_reader h(bytes.data() + pos + 4, header);
    std::size_t size = 0;
    while (h.next(3)) size = static_cast<std::size_t>(h.get_int32());
    pos += 4 + header + size;
    ends.push_back(pos);
  }
  ASSERT_EQ(ends.size(), 4u);  // the header block and three data blocks, relations last
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-monaco-blocks");
  write(dir / "cut.osm.pbf", bytes.substr(0, ends[2]));
  auto cut = import_osm((dir / "cut.osm.pbf").string(), ProfileSettings{});
  ASSERT_TRUE(cut) << cut.error().message;
  EXPECT_EQ(cut->read.blocks, 2u);
  EXPECT_EQ(cut->read.relations, 0u);
  EXPECT_EQ(cut->read.ways, whole->read.ways);
  EXPECT_EQ(cut->read.warning,
            fmt::format("'{}' ends after its ways without any relation (2 data blocks, {} ways "
                        "read); a complete extract ends with its relations, so the file may have "
                        "been cut short",
                        (dir / "cut.osm.pbf").string(), whole->read.ways));
}

TEST(DemandCsv, SnapsPointsAndReportsBadLines) {
  const auto dir = core::fresh_test_directory("qorgan-evac-osm-csv");
  write(dir / "town.osm", kTown);
  auto d = import_osm((dir / "town.osm").string(), ProfileSettings{.fold_chains = false});
  ASSERT_TRUE(d);
  const Network& n = d->network;
  write(dir / "people.csv", "43.2001,76.9001,120\n43.2049,76.9051,30\n");
  auto people = io::read_evacuees_csv((dir / "people.csv").string(), n);
  ASSERT_TRUE(people) << people.error().message;
  ASSERT_EQ(people->size(), 2u);
  EXPECT_EQ(n.node_id[(*people)[0].node], 1);
  EXPECT_EQ(n.node_id[(*people)[1].node], 4);
  EXPECT_EQ((*people)[0].count, 120);
  write(dir / "shelters.csv",
        "\xEF\xBB\xBFnode, capacity ,name\r\n3,500,\"Stadium, north \"\"A\"\"\"\r\n");
  auto shelters = io::read_shelters_csv((dir / "shelters.csv").string(), n);
  ASSERT_TRUE(shelters) << shelters.error().message;
  EXPECT_EQ(n.node_id[(*shelters)[0].node], 3);
  EXPECT_EQ((*shelters)[0].capacity, 500);
  // RFC 4180 quoting, as a spreadsheet writes it: commas and doubled quotes inside a name.
  EXPECT_EQ((*shelters)[0].name, "Stadium, north \"A\"");
  write(dir / "quote.csv", "node,capacity,name\n3,500,\"Gym\n4,20,School\n");
  auto quote = io::read_shelters_csv((dir / "quote.csv").string(), n);
  ASSERT_FALSE(quote);
  EXPECT_NE(quote.error().message.find("quote.csv:2: field 3: a quoted field"), std::string::npos)
      << quote.error().message;

  write(dir / "far.csv", "43.2001,76.9001,10\n44.0,77.5,10\n");
  auto far = io::read_evacuees_csv((dir / "far.csv").string(), n);
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().message.find("far.csv:2: point (44, 77.5) is"), std::string::npos)
      << far.error().message;
  write(dir / "zero.csv", "43.2001,76.9001,0\n");
  auto zero = io::read_evacuees_csv((dir / "zero.csv").string(), n);
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("zero.csv:1: count must be at least 1, got 0"),
            std::string::npos);
  write(dir / "unknown.csv", "node,capacity\n99,10\n");
  auto unknown = io::read_shelters_csv((dir / "unknown.csv").string(), n);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown.csv:2: unknown node 99"), std::string::npos);
}

}  // namespace
}  // namespace qorgan::evac::osm
