// Road profile files: parsing, every kind of mistake, and their effect on an import of a
// hand-made town whose figures are worked out by hand.

#include "evac/osm/road_profile.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "evac/cli.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/osm/graph_cache.hpp"
#include "evac/osm/osm_importer.hpp"

namespace qorgan::evac::osm {
namespace {

namespace fs = std::filesystem;

// Junctions 1, 2, 3 on a residential street (405 m apart: 0.005 deg of longitude at 43.2 N),
// 4 north of 2 on a primary road (556 m), a footway 3 - 4, and a way of the unknown class
// "corridor" 1 - 4. Built-in car profile at 30 s steps: residential 30 km/h = 250 m per step,
// so 2 steps, 600 veh/h x 2 people x 30 s / 3600 = 10 people per step; primary 60 km/h = 500 m
// per step, 2 steps, 2 lanes x 1500 x 2 x 30 / 3600 = 50 people per step.
const char* kTown = R"(<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
 <node id="1" lat="43.2000" lon="76.9000"/>
 <node id="2" lat="43.2000" lon="76.9050"/>
 <node id="3" lat="43.2000" lon="76.9100"/>
 <node id="4" lat="43.2050" lon="76.9050"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
 <way id="11"><nd ref="2"/><nd ref="4"/><tag k="highway" v="primary"/></way>
 <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
 <way id="13"><nd ref="1"/><nd ref="4"/><tag k="highway" v="corridor"/></way>
</osm>
)";

struct Town {
  fs::path dir;
  std::string osm;
  explicit Town(const std::string& name)
      : dir(core::fresh_test_directory("qorgan-evac-profile-" + name)),
        osm((dir / "town.osm").string()) {
    std::ofstream(osm) << kTown;
  }
  ~Town() { fs::remove_all(dir); }
  Town(const Town&) = delete;
  Town& operator=(const Town&) = delete;
  std::string file(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

// The arc from external node `from` to `to`, or kNoArc.
ArcIndex arc(const Network& n, std::int64_t from, std::int64_t to) {
  const NodeIndex u = n.find_node(from), v = n.find_node(to);
  if (u == kNoNode || v == kNoNode) return kNoArc;
  for (ArcIndex a = n.out_begin(u); a < n.out_end(u); ++a)
    if (n.head[a] == v) return a;
  return kNoArc;
}

std::string error_of(const std::string& text) {
  ProfileSettings s;
  auto r = apply_profile_text(text, "p.toml", s);
  return r ? std::string("(no error)") : r.error().message;
}

TEST(RoadProfile, BuiltinTable) {
  const auto& t = RoadTable::builtin();
  EXPECT_EQ(t.classes().size(), 22u);
  const RoadClass* r = road_class("residential");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->car_kmh, 30);
  EXPECT_EQ(r->car_vehicles_per_lane, 600);
  EXPECT_EQ(road_class("corridor"), nullptr);
  EXPECT_EQ(ProfileSettings{}.road_class("motorway")->car_oneway, true);
}

TEST(RoadProfile, OverridesAddsAndRemovesClasses) {
  ProfileSettings s;
  ASSERT_TRUE(apply_profile_text(R"(
walk_kmh = 3
[highway.residential]
car_kmh = 15
oneway = true
[highway.corridor]
car_kmh = 20
car_vehicles_per_lane = 400
car_lanes = 1
[highway.footway]
remove = true
)",
                                 "p.toml", s));
  EXPECT_EQ(s.walk_kmh, 3);
  const RoadClass* r = s.road_class("residential");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->car_kmh, 15);
  EXPECT_EQ(r->car_vehicles_per_lane, 600);  // not given: kept from the built-in table
  EXPECT_TRUE(r->car_oneway);
  ASSERT_NE(s.road_class("corridor"), nullptr);
  EXPECT_EQ(s.road_class("corridor")->foot_width_m, 0);
  EXPECT_EQ(s.road_class("footway"), nullptr);
  EXPECT_EQ(s.road_table().classes().size(), 22u);  // one added, one removed
  EXPECT_NE(s.road_table().fingerprint(), RoadTable::builtin().fingerprint());
  EXPECT_EQ(RoadTable::builtin().find("footway")->foot_width_m, 2);  // built-in untouched

  ProfileSettings only;
  ASSERT_TRUE(apply_profile_text("inherit = false\n[highway.residential]\nfoot_width_m = 3\n",
                                 "p.toml", only));
  EXPECT_EQ(only.road_table().classes().size(), 1u);
  EXPECT_EQ(only.road_class("residential")->car_kmh, 0);  // a new class is closed to cars
}

TEST(RoadProfile, ShippedFilesLoad) {
  const std::string dir = std::string(QORGAN_SOURCE_DIR) + "/evac/profiles/";
  ProfileSettings builtin;
  auto ok = apply_profile_file(dir + "builtin.toml", builtin);
  ASSERT_TRUE(ok) << ok.error().message;
  // builtin.toml is the table in code written out: keeps the file (and the README) honest.
  EXPECT_EQ(builtin.road_table().fingerprint(), RoadTable::builtin().fingerprint());
  for (const auto& c : RoadTable::builtin().classes())
    EXPECT_EQ(*builtin.road_class(c.highway), c) << c.highway;

  ProfileSettings flood;
  ok = apply_profile_file(dir + "flooded-city.toml", flood);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(flood.road_class("residential")->car_kmh, 15);
  EXPECT_EQ(flood.road_class("track"), nullptr);
  EXPECT_EQ(flood.walk_kmh, 3);
}

TEST(RoadProfile, MistakesNameFileLineAndKey) {
  EXPECT_EQ(error_of("[highway.primary]\ncar_kmh = 30\ncar_speed = 20\n"),
            "p.toml:3: highway.primary.car_speed: unknown key (expected car_kmh, "
            "car_vehicles_per_lane, car_lanes, oneway, foot_width_m or remove)");
  EXPECT_EQ(error_of("\n[highway.primary]\ncar_kmh = \"fast\"\n"),
            "p.toml:3: highway.primary.car_kmh: must be a number from 0 to 200, got \"fast\"");
  EXPECT_EQ(error_of("[highway.primary]\ncar_kmh = 900\n"),
            "p.toml:2: highway.primary.car_kmh: must be a number from 0 to 200, got 900");
  EXPECT_EQ(error_of("[highway.primary]\ncar_lanes = 1.5\n"),
            "p.toml:2: highway.primary.car_lanes: must be a whole number from 1 to 10, got 1.5");
  EXPECT_EQ(error_of("[highway.primary]\noneway = 1\n"),
            "p.toml:2: highway.primary.oneway: must be true or false, got 1");
  EXPECT_EQ(error_of("[highway.primary]\nfoot_width_m = -1\n"),
            "p.toml:2: highway.primary.foot_width_m: must be a number from 0 to 50, got -1");
  EXPECT_EQ(error_of("[highway.primary]\nremove = true\ncar_kmh = 5\n"),
            "p.toml:1: highway.primary: remove = true cannot be combined with other keys");
  EXPECT_EQ(error_of("[highway.busway]\ncar_kmh = 40\ncar_lanes = 1\n"),
            "p.toml:1: highway.busway: open to cars (car_kmh 40) but car_vehicles_per_lane not "
            "given");
  EXPECT_EQ(error_of("[highway.footway]\ncar_kmh = 10\n"),
            "p.toml:1: highway.footway: open to cars (car_kmh 10) but car_vehicles_per_lane and "
            "car_lanes not given");
  EXPECT_EQ(error_of("walk_kmh = 5\nspeed = 3\n"),
            "p.toml:2: speed: unknown key (expected inherit, people_per_vehicle, walk_kmh, "
            "foot_people_per_metre_second or [highway.NAME] tables)");
  EXPECT_EQ(error_of("walk_kmh = 0\n"),
            "p.toml:1: walk_kmh: must be a number from 0.1 to 30, got 0");
  EXPECT_EQ(error_of("highway = 3\n"),
            "p.toml:1: highway: must be a table of highway classes ([highway.NAME])");
  EXPECT_EQ(error_of("[highway]\nprimary = 5\n"),
            "p.toml:2: highway.primary: must be a table ([highway.primary]), got 5");
  EXPECT_EQ(error_of("inherit = \"no\"\n"), "p.toml:1: inherit: must be true or false, got \"no\"");
  EXPECT_EQ(error_of("inherit = false\n"), "p.toml: the profile leaves no road classes");
  // TOML syntax errors keep the parser's own words, with the line.
  const std::string syntax = error_of("[highway.primary]\ncar_kmh = = 3\n");
  EXPECT_EQ(syntax.rfind("p.toml:2: ", 0), 0u) << syntax;

  // Nothing is applied from a file with a mistake.
  ProfileSettings s;
  EXPECT_FALSE(apply_profile_text("walk_kmh = 3\n[highway.primary]\ncar_kmh = -5\n", "p", s));
  EXPECT_EQ(s.walk_kmh, 5);
  EXPECT_EQ(s.roads, nullptr);
  auto missing = apply_profile_file("/nonexistent/flood.toml", s);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "cannot open profile file '/nonexistent/flood.toml'");
}

TEST(RoadProfile, ImportFollowsTheProfile) {
  Town town("import");
  // Junctions as drawn (no folding): every piece is worked out by hand.
  auto base = import_osm(town.osm, ProfileSettings{.fold_chains = false});
  ASSERT_TRUE(base) << base.error().message;
  const Network& b = base->network;
  EXPECT_EQ(b.arc_count(), 6u);  // 1<->2, 2<->3, 2<->4; footway and "corridor" are not car roads
  ASSERT_NE(arc(b, 1, 2), kNoArc);
  EXPECT_EQ(b.travel_time[arc(b, 1, 2)], 2);
  EXPECT_EQ(b.capacity[arc(b, 1, 2)], 10);
  EXPECT_EQ(b.travel_time[arc(b, 2, 4)], 2);
  EXPECT_EQ(b.capacity[arc(b, 2, 4)], 50);

  // Half the speed and twice the vehicles on residential streets: 405 m at 125 m per step is
  // 4 steps, 20 people per step; primary unchanged. "corridor" becomes a road: 1 <-> 4.
  ProfileSettings s;
  s.fold_chains = false;
  ASSERT_TRUE(apply_profile_text(R"(
[highway.residential]
car_kmh = 15
car_vehicles_per_lane = 1200
[highway.corridor]
car_kmh = 20
car_vehicles_per_lane = 400
car_lanes = 1
)",
                                 "p.toml", s));
  auto d = import_osm(town.osm, s);
  ASSERT_TRUE(d) << d.error().message;
  const Network& n = d->network;
  EXPECT_EQ(n.arc_count(), 8u);
  EXPECT_EQ(n.travel_time[arc(n, 1, 2)], 4);
  EXPECT_EQ(n.capacity[arc(n, 1, 2)], 20);
  EXPECT_EQ(n.travel_time[arc(n, 2, 4)], 2);
  EXPECT_EQ(n.capacity[arc(n, 2, 4)], 50);
  ASSERT_NE(arc(n, 4, 1), kNoArc);
  // 1 -> 4: 0.005 deg of latitude and of longitude, about 688 m; 20 km/h is 166.7 m per step.
  EXPECT_EQ(n.travel_time[arc(n, 4, 1)], 5);
  EXPECT_EQ(n.capacity[arc(n, 4, 1)], 7);  // 400 x 2 x 30 / 3600 = 6.7

  // Residential streets one-way (1 -> 2 -> 3): 1 and 3 can no longer come back; only 2 <-> 4
  // stays strongly connected.
  ProfileSettings oneway;
  oneway.fold_chains = false;
  ASSERT_TRUE(apply_profile_text("[highway.residential]\noneway = true\n", "p.toml", oneway));
  auto o = import_osm(town.osm, oneway);
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->network.node_count(), 2u);
  EXPECT_EQ(o->stats.dropped_nodes, 2u);

  // On foot: the footway counts until the profile removes it.
  ProfileSettings foot;
  foot.fold_chains = false;
  foot.profile = Profile::kFoot;
  foot.step_seconds = 10;
  auto f = import_osm(town.osm, foot);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_NE(arc(f->network, 3, 4), kNoArc);
  ASSERT_TRUE(apply_profile_text("[highway.footway]\nremove = true\n", "p.toml", foot));
  auto g = import_osm(town.osm, foot);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(arc(g->network, 3, 4), kNoArc);
  EXPECT_EQ(g->network.arc_count(), f->network.arc_count() - 2);

  // Removing the only road to 4 leaves it out.
  ProfileSettings no_primary;
  no_primary.fold_chains = false;
  ASSERT_TRUE(apply_profile_text("[highway.primary]\nremove = true\n", "p.toml", no_primary));
  auto np = import_osm(town.osm, no_primary);
  ASSERT_TRUE(np) << np.error().message;
  EXPECT_EQ(np->network.find_node(4), kNoNode);
}

TEST(RoadProfile, CacheKeyIncludesTheProfile) {
  Town town("cache");
  const std::string cache = (town.dir / "cache").string();
  ProfileSettings slow;
  ASSERT_TRUE(apply_profile_text("[highway.residential]\ncar_kmh = 15\n", "p.toml", slow));
  EXPECT_NE(cache_key(town.osm, ProfileSettings{})->settings_hash,
            cache_key(town.osm, slow)->settings_hash);

  bool cached = true;
  auto a = import_osm_cached(town.osm, ProfileSettings{}, cache, &cached);
  ASSERT_TRUE(a);
  EXPECT_FALSE(cached);
  auto b = import_osm_cached(town.osm, slow, cache, &cached);
  ASSERT_TRUE(b);
  EXPECT_FALSE(cached);  // another profile: not the first import's entry
  EXPECT_EQ(b->network.travel_time[arc(b->network, 1, 2)], 4);
  auto c = import_osm_cached(town.osm, slow, cache, &cached);
  ASSERT_TRUE(c);
  EXPECT_TRUE(cached);
  EXPECT_EQ(c->network.travel_time[arc(c->network, 1, 2)], 4);
  auto d = import_osm_cached(town.osm, ProfileSettings{}, cache, &cached);
  ASSERT_TRUE(d);
  EXPECT_TRUE(cached);
  EXPECT_EQ(d->network.travel_time[arc(d->network, 1, 2)], 2);
}

int run_cli(const std::string& args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  evac::add_cli(app);
  try {
    app.parse("qorgan-evac " + args, true);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

TEST(RoadProfile, CommandLine) {
  Town town("cli");
  const std::string cache = " --cache-dir " + (town.dir / "cache").string();
  const std::string flood = std::string(QORGAN_SOURCE_DIR) + "/evac/profiles/flooded-city.toml";
  const std::string bad = town.file("bad.toml", "[highway.primary]\ncar_kmh = \"fast\"\n");
  EXPECT_EQ(run_cli("evac import " + town.osm + " --profile-file " + flood + cache), 0);
  EXPECT_EQ(run_cli("evac import " + town.osm + " --profile-file " + bad + cache), 1);
  EXPECT_EQ(run_cli("evac import " + town.osm + " --profile-file " + town.dir.string() +
                    "/none.toml" + cache),
            1);
  const std::string shelters = town.file("shelters.csv", "43.2050,76.9050,100,North\n");
  const std::string people = town.file("people.csv", "43.2000,76.9000,30\n");
  const std::string plan = (town.dir / "plan.json").string();
  EXPECT_EQ(
      run_cli("evac plan --network " + town.osm + " --evacuees " + people + " --shelters " +
              shelters + " --planner ccrp --out " + plan + " --profile-file " + flood + cache),
      0);
  EXPECT_EQ(
      run_cli("evac check " + plan + " --network " + town.osm + " --profile-file " + flood + cache),
      0);
  // The network of another profile is another network: the plan is refused.
  EXPECT_EQ(run_cli("evac check " + plan + " --network " + town.osm + cache), 1);
  EXPECT_EQ(run_cli("evac plan --network " + town.osm + " --evacuees " + people + " --shelters " +
                    shelters + " --out " + plan + " --profile-file " + bad + cache),
            1);
  // A text network has no highway classes: a profile file is refused, not ignored.
  const std::string text = town.file("net.txt", "nodes 2\nedge 0 1 5 1\nsource 0 5\nsink 1 5\n");
  EXPECT_EQ(run_cli("evac plan --network " + text + " --out " + plan + " --profile-file " + flood),
            1);
}

}  // namespace
}  // namespace qorgan::evac::osm
