// Printable orders: escaping of hostile names, grouping by neighbourhood, departure windows
// worked out by hand on a text network, and street names from a hand-made OSM town.

#include "evac/io/plan_orders_html.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "evac/cli.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/osm/graph_cache.hpp"
#include "evac/osm/osm_importer.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac::io {
namespace {

namespace fs = std::filesystem;
using evac::testing::parse_problem;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Arc indices (CSR order): 0 = 0->1 (capacity 2, 3 steps), 1 = 0->2 (1, 2), 2 = 1->3 (2, 1),
// 3 = 2->3 (1, 2). Ten-second steps.
const char* kNet = R"(step_seconds 10
node 0 lat=43.200 lon=76.900
node 1 lat=43.200 lon=76.910
node 2 lat=43.195 lon=76.905
node 3 lat=43.200 lon=76.920
arc 0 1 2 3
arc 0 2 1 2
arc 1 3 2 1
arc 2 3 1 2
source 0 12 North
sink 3 100 Stadium
)";

Group group(std::uint32_t source, People count, std::vector<Step> route) {
  Group g;
  g.source = source;
  g.count = count;
  g.route = std::move(route);
  g.shelter = 0;
  return g;
}

// Twelve people of North, planned by hand:
//  - by 0->1->3, two per step (the capacity of 0->1) leaving at steps 0, 1, 2 (one window), and
//    again at 6 and 7 (a second window after a gap): 3 + 1 steps on the way, so arrivals at
//    4, 5, 6 and 10, 11;
//  - by 0->2->3, one per step leaving at 0 and 1: 2 + 2 steps, arrivals at 4 and 5.
Plan hand_plan(const Problem& p) {
  Plan plan;
  plan.planner = "by hand";
  for (Time t : {0, 1, 2, 6, 7}) plan.groups.push_back(group(0, 2, {{0, t}, {2, t + 3}}));
  for (Time t : {0, 1}) plan.groups.push_back(group(0, 1, {{1, t}, {3, t + 2}}));
  finish_plan(p, plan);
  return plan;
}

// Never a bare "28:00", which reads as hours when it means minutes.
TEST(Orders, OrderTimes) {
  EXPECT_EQ(order_time(0, 10), "H+0 s");
  EXPECT_EQ(order_time(2, 10), "H+20 s");
  EXPECT_EQ(order_time(168, 10), "H+28 min");
  EXPECT_EQ(order_time(359, 10), "H+59 min 50 s");
  EXPECT_EQ(order_time(130, 30), "H+1 h 05 min");
  EXPECT_EQ(order_time(3, 7.5), "H+23 s");  // 22.5 s rounds to 23
}

TEST(Orders, DepartureWindowsWorkedOutByHand) {
  const Problem p = parse_problem(kNet);
  const Plan plan = hand_plan(p);
  ASSERT_TRUE(validate(p, plan).valid()) << validate(p, plan).violations[0];

  const auto hoods = plan_neighbourhoods(p, plan);
  ASSERT_EQ(hoods.size(), 1u);
  EXPECT_EQ(hoods[0].name, "North");
  EXPECT_EQ(hoods[0].people, 12);
  ASSERT_EQ(hoods[0].movements.size(), 2u);
  const Movement& a = hoods[0].movements[0];
  EXPECT_EQ(a.route, (std::vector<ArcIndex>{0, 2}));
  EXPECT_EQ(a.people, 10);
  ASSERT_EQ(a.windows.size(), 2u);
  EXPECT_EQ(a.windows[0].first_departure, 0);
  EXPECT_EQ(a.windows[0].last_departure, 2);
  EXPECT_EQ(a.windows[0].people, 6);
  EXPECT_EQ(a.windows[0].first_arrival, 4);
  EXPECT_EQ(a.windows[0].last_arrival, 6);
  EXPECT_EQ(a.windows[1].first_departure, 6);
  EXPECT_EQ(a.windows[1].last_departure, 7);
  EXPECT_EQ(a.windows[1].people, 4);
  EXPECT_EQ(a.windows[1].first_arrival, 10);
  EXPECT_EQ(a.windows[1].last_arrival, 11);
  const Movement& b = hoods[0].movements[1];
  EXPECT_EQ(b.route, (std::vector<ArcIndex>{1, 3}));
  ASSERT_EQ(b.windows.size(), 1u);
  EXPECT_EQ(b.windows[0].people, 2);
  EXPECT_EQ(b.windows[0].first_arrival, 4);
  EXPECT_EQ(b.windows[0].last_arrival, 5);

  // The same, as the people reading the order see it (10-second steps).
  const std::string html = plan_orders_html(p, plan);
  EXPECT_TRUE(contains(html, "Evacuation order: North"));
  EXPECT_TRUE(contains(html, "<strong>12 people</strong>"));
  EXPECT_TRUE(contains(html, "H+0 s – H+20 s <small>(6)</small>"));
  EXPECT_TRUE(contains(html, "H+1 min – H+1 min 10 s <small>(4)</small>"));
  EXPECT_TRUE(contains(html, "H+40 s – H+1 min"));             // first window's arrivals
  EXPECT_TRUE(contains(html, "H+1 min 40 s – H+1 min 50 s"));  // second window's arrivals
  EXPECT_TRUE(contains(html, "H+0 s – H+10 s"));               // the other road
  EXPECT_TRUE(contains(html, "Through junctions 0 → 1 → 3"));  // a text network has no names
  EXPECT_TRUE(contains(html, "<strong>Stadium</strong>"));
  EXPECT_TRUE(contains(html, "<svg"));
  EXPECT_FALSE(contains(html, "OpenStreetMap"));  // not OSM data
}

TEST(Orders, GroupsByNeighbourhood) {
  const Problem p = parse_problem(R"(step_seconds 10
nodes 6
edge 0 4 5 1
edge 1 4 5 1
edge 2 4 5 1
edge 3 4 5 1
arc 5 4 5 1
source 1 7 Zhetysu
source 0 5 Almaly
source 2 3 Almaly
source 3 4
source 5 6 Medeu
sink 4 20 School 12
)");
  const Plan plan = *make_planner("ccrp").value()->plan(p);
  auto hoods = plan_neighbourhoods(p, plan);
  // By name; the unnamed origin is its own neighbourhood, named after its junction.
  ASSERT_EQ(hoods.size(), 4u);
  EXPECT_EQ(hoods[0].name, "Almaly");
  EXPECT_EQ(hoods[0].sources, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(hoods[0].people, 8);
  EXPECT_EQ(hoods[1].name, "Junction 3");
  EXPECT_EQ(hoods[1].people, 4);
  EXPECT_EQ(hoods[2].name, "Medeu");
  EXPECT_EQ(hoods[3].name, "Zhetysu");
  // 20 places for 25 people: the five left over are reported where they live, with the reason.
  People unroutable = 0;
  for (const auto& n : hoods) unroutable += n.unroutable;
  EXPECT_EQ(unroutable, 5);
  const std::string html = plan_orders_html(p, plan);
  EXPECT_TRUE(contains(html, "Cannot be evacuated by this plan"));
  EXPECT_TRUE(contains(html, "shelter capacity below population"));
  // One page per neighbourhood, in the order of the cover's list.
  EXPECT_LT(html.find("Evacuation order: Almaly"), html.find("Evacuation order: Junction 3"));
  EXPECT_LT(html.find("Evacuation order: Medeu"), html.find("Evacuation order: Zhetysu"));
  EXPECT_TRUE(contains(html, "page 4 of 4"));

  // The caller's neighbourhoods (e.g. regions) take the place of the source names.
  hoods = plan_neighbourhoods(p, plan, {"East", "West", "West", "East", "East"});
  ASSERT_EQ(hoods.size(), 2u);
  EXPECT_EQ(hoods[0].name, "East");
  EXPECT_EQ(hoods[0].people, 17);
  EXPECT_EQ(hoods[1].people, 8);
}

TEST(Orders, HostileNamesAreEscaped) {
  const Problem p = parse_problem(R"(node 2 lat=43.2 lon=76.9
node 3 lat=43.21 lon=76.9
node 0 lat=43.2 lon=76.91
node 1 lat=43.21 lon=76.91
arc 0 1 5 1
arc 2 3 5 1
source 0 5 <script>alert("x")</script>
source 2 5 Tom's & "Jerry's" <img src=x onerror=alert(1)>
sink 1 10 </td><iframe src=//evil.example>
sink 3 10 ok
)");
  const Plan plan = *make_planner("ccrp").value()->plan(p);
  OrdersOptions o;
  o.title = "Orders <b>bold</b>";
  o.subtitle = "\"quoted\" & 'single'";
  const std::string html = plan_orders_html(p, plan, o);
  const std::string l = lower(html);
  EXPECT_FALSE(contains(l, "<script"));
  EXPECT_FALSE(contains(l, "<img"));
  EXPECT_FALSE(contains(l, "<iframe"));
  EXPECT_FALSE(contains(l, "<b>"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  EXPECT_TRUE(contains(html, "Tom&#39;s &amp; &quot;Jerry&#39;s&quot; &lt;img src=x"));
  EXPECT_TRUE(contains(html, "&lt;/td&gt;&lt;iframe src=//evil.example&gt;"));
  EXPECT_TRUE(contains(html, "Orders &lt;b&gt;bold&lt;/b&gt;"));
  // Self-contained: nothing is loaded from anywhere and nothing runs.
  for (const char* outside : {"src=\"", "<link", "@import", "url(", "href=\"http", "href=\"/",
                              "onerror=\"", "javascript:"})
    EXPECT_FALSE(contains(l, outside)) << outside;
}

// A town with named streets: 1 -- 2 -- 3 is "Abay Avenue" with the route number A2, 2 -> 4 is
// the one-way "Dostyk Street", 4 -- 5 -- 3 is named by someone hostile.
const char* kTown = R"(<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
 <node id="1" lat="43.2000" lon="76.9000"/>
 <node id="2" lat="43.2000" lon="76.9050"/>
 <node id="3" lat="43.2000" lon="76.9100"/>
 <node id="4" lat="43.2050" lon="76.9050"/>
 <node id="5" lat="43.2050" lon="76.9100"/>
 <node id="6" lat="43.2025" lon="76.9050"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="Abay Avenue"/><tag k="ref" v="A2"/></way>
 <way id="11"><nd ref="2"/><nd ref="6"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/><tag k="name" v="Dostyk Street"/></way>
 <way id="12"><nd ref="4"/><nd ref="5"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="&lt;img src=x onerror=alert(1)&gt;"/></way>
</osm>
)";

NodeIndex node(const Network& n, std::int64_t id) {
  return n.find_node(id);
}

std::string street(const Network& n, std::int64_t from, std::int64_t to) {
  const NodeIndex u = node(n, from), v = node(n, to);
  if (u == kNoNode || v == kNoNode) return "(no junction)";
  for (ArcIndex a = n.out_begin(u); a < n.out_end(u); ++a)
    if (n.head[a] == v) return n.name_of(a);
  return "(no arc)";
}

TEST(Orders, StreetNamesFromOsm) {
  const auto dir = core::fresh_test_directory("qorgan-evac-orders-town");
  std::ofstream(dir / "town.osm") << kTown;
  osm::ProfileSettings car;
  car.fold_chains = false;  // junctions as drawn
  auto d = osm::import_osm((dir / "town.osm").string(), car);
  ASSERT_TRUE(d) << d.error().message;
  const Network& net = d->network;
  ASSERT_TRUE(net.has_names());
  EXPECT_EQ(street(net, 1, 2), "Abay Avenue (A2)");
  EXPECT_EQ(street(net, 3, 2), "Abay Avenue (A2)");
  EXPECT_EQ(street(net, 2, 4), "Dostyk Street");
  EXPECT_EQ(street(net, 4, 2), "(no arc)");       // one way
  EXPECT_EQ(street(net, 5, 4), "(no junction)");  // 5 is a shape point
  EXPECT_EQ(street(net, 3, 4), "<img src=x onerror=alert(1)>");

  // The graph file keeps them (and the fingerprint does not depend on them).
  auto key = osm::cache_key((dir / "town.osm").string(), car);
  ASSERT_TRUE(key);
  ASSERT_TRUE(osm::write_graph_file((dir / "town.qgraph").string(), *key, *d));
  auto back = osm::read_graph_file((dir / "town.qgraph").string());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(street(back->network, 1, 2), "Abay Avenue (A2)");
  EXPECT_EQ(street(back->network, 3, 4), "<img src=x onerror=alert(1)>");
  EXPECT_EQ(back->network.fingerprint(), net.fingerprint());

  // From 1 to the shelter at 4: along Abay Avenue, then Dostyk Street.
  Problem p;
  p.network = std::move(back->network);
  p.sources.push_back({node(p.network, 1), 30, 0, "Samal"});
  p.shelters.push_back({node(p.network, 4), 100, "School No. 12"});
  const Plan plan = *make_planner("ccrp").value()->plan(p);
  ASSERT_TRUE(validate(p, plan).valid());
  ASSERT_FALSE(plan.groups.empty());
  std::vector<ArcIndex> route;
  for (const auto& s : plan.groups[0].route) route.push_back(s.arc);
  EXPECT_EQ(route_streets(p.network, route),
            (std::vector<std::string>{"Abay Avenue (A2)", "Dostyk Street"}));
  OrdersOptions o;
  o.osm_attribution = true;
  const std::string html = plan_orders_html(p, plan, o);
  EXPECT_TRUE(contains(html,
                       "<ol class=\"streets\"><li>Abay Avenue (A2)</li><li>Dostyk "
                       "Street</li></ol>"));
  // Places by the streets that meet there: the origin, and the school where the hostile
  // street meets Dostyk Street (which only enters it: it is one way).
  EXPECT_TRUE(contains(html, "Abay Avenue (A2), junction 1<br><small>43.20000, 76.90000"));
  EXPECT_TRUE(contains(html,
                       "corner of &lt;img src=x onerror=alert(1)&gt; and Dostyk Street, "
                       "junction 4"));
  EXPECT_TRUE(contains(html, "30 people in all"));
  EXPECT_TRUE(contains(html, "© OpenStreetMap contributors"));
  EXPECT_FALSE(contains(lower(html), "<img"));
  EXPECT_TRUE(contains(html, "<polyline"));  // the sketch
}

TEST(Orders, QuotedShelterNamesKeepTheirCommas) {
  const Problem p = parse_problem(kNet);
  auto shelters = parse_shelters_csv(
      "lat,lon,capacity,name\n43.2,76.92,300,\"Stadium, north stand\"\n43.2,76.9,20,Gym\n",
      p.network);
  ASSERT_TRUE(shelters) << shelters.error().message;
  ASSERT_EQ(shelters->size(), 2u);
  EXPECT_EQ((*shelters)[0].name, "Stadium, north stand");
  EXPECT_EQ((*shelters)[0].capacity, 300);
  EXPECT_EQ((*shelters)[1].name, "Gym");
}

TEST(Orders, CommandLineWritesOrders) {
  const auto dir = core::fresh_test_directory("qorgan-evac-orders-cli");
  std::ofstream(dir / "net.txt") << kNet;
  CLI::App app{"test"};
  app.require_subcommand(1);
  add_cli(app);
  const std::string out = (dir / "orders.html").string();
  ASSERT_NO_THROW(app.parse("qorgan-evac evac plan --network " + (dir / "net.txt").string() +
                                " --planner ccrp --out " + (dir / "p.json").string() +
                                " --orders " + out,
                            true));
  std::stringstream html;
  html << std::ifstream(out).rdbuf();
  EXPECT_TRUE(contains(html.str(), "Evacuation order: North"));
  EXPECT_TRUE(contains(html.str(), "ccrp planner"));
}

}  // namespace
// The same orders for residents who read Kazakh or Russian: the document's words, its <html
// lang> and its times in their language; names from the input as given.
// The cover says how close the plan is to the best one: the optimum when known, else the plan's
// lower bound, in the document's language.
TEST(Orders, CoverGivesTheBoundOrTheOptimum) {
  const Problem p = parse_problem(kNet);
  Plan plan = hand_plan(p);
  plan.lower_bound = 5;
  EXPECT_TRUE(
      contains(plan_orders_html(p, plan), "<dt>No plan can finish before</dt><dd>H+50 s</dd>"))
      << plan_orders_html(p, plan);
  OrdersOptions ru;
  ru.language = "ru";
  EXPECT_TRUE(contains(plan_orders_html(p, plan, ru), "Ни один план не завершится раньше"));
  plan.optimum = 9;
  const std::string html = plan_orders_html(p, plan);
  EXPECT_TRUE(contains(html, "<dt>Best possible last arrival</dt>"));
  EXPECT_FALSE(contains(html, "No plan can finish before"));
}

TEST(Orders, InKazakhAndRussian) {
  const Problem p = parse_problem(kNet);
  const Plan plan = hand_plan(p);
  OrdersOptions kk;
  kk.language = "kk";
  const std::string k = plan_orders_html(p, plan, kk);
  EXPECT_TRUE(contains(k, "<html lang=\"kk\">"));
  EXPECT_TRUE(contains(k, "Эвакуация туралы өкім: North"));
  EXPECT_TRUE(contains(k, "Ч+0 с – Ч+20 с"));
  EXPECT_TRUE(contains(k, "Шығу уақыты"));
  EXPECT_FALSE(contains(k, "Evacuation order"));
  EXPECT_FALSE(contains(k, "Departure window"));
  OrdersOptions ru;
  ru.language = "ru";
  const std::string r = plan_orders_html(p, plan, ru);
  EXPECT_TRUE(contains(r, "<html lang=\"ru\">"));
  EXPECT_TRUE(contains(r, "Распоряжение об эвакуации: North"));
  EXPECT_TRUE(contains(r, "Ч+1 мин – Ч+1 мин 10 с"));
  EXPECT_TRUE(contains(r, "<strong>12 чел.</strong>"));
  // Outside a document, times stay English.
  EXPECT_EQ(order_time(2, 10), "H+20 s");
}

}  // namespace qorgan::evac::io
