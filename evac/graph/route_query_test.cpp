// Point-to-point route queries against plain Dijkstra (forward_tree) on hand-made and random
// networks, with and without coordinates, on the real extracts when present, and the `evac route`
// command; the per-step max-flow on networks worked out by hand.

#include "evac/graph/route_query.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "evac/cli.hpp"
#include "evac/graph/max_flow.hpp"
#include "evac/graph/nearest_node.hpp"
#include "evac/graph/network_builder.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

namespace fs = std::filesystem;

Time dijkstra(const Network& net, NodeIndex s, NodeIndex t) {
  const std::pair<NodeIndex, Time> root{s, 0};
  return forward_tree(net, std::span(&root, 1)).dist[t];
}

// Measured networks are searched in whole milliseconds (at least 1 per arc).
std::int64_t arc_ms(const Network& net, ArcIndex a) {
  return std::max<std::int64_t>(1, std::llround(net.seconds[a] * 1000));
}

std::int64_t dijkstra_ms(const Network& net, NodeIndex s, NodeIndex t) {
  std::vector<std::int64_t> dist(net.node_count(), std::numeric_limits<std::int64_t>::max());
  std::vector<std::pair<std::int64_t, NodeIndex>> heap{{0, s}};
  dist[s] = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    const auto [d, u] = heap.back();
    heap.pop_back();
    if (d != dist[u]) continue;
    for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a)
      if (d + arc_ms(net, a) < dist[net.head[a]]) {
        dist[net.head[a]] = d + arc_ms(net, a);
        heap.emplace_back(dist[net.head[a]], net.head[a]);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      }
  }
  return dist[t];
}

std::int64_t route_ms(const Network& net, const Route& r) {
  std::int64_t sum = 0;
  for (ArcIndex a : r.arcs) sum += arc_ms(net, a);
  return sum;
}

// A route is a chain of arcs from `s` to `t` whose travel times add up to its travel time; with
// measured seconds, its travel time is those seconds rounded once to the nearest step.
void expect_consistent(const Network& net, const Route& r, NodeIndex s, NodeIndex t) {
  ASSERT_EQ(r.nodes.size(), r.arcs.size() + 1);
  EXPECT_EQ(r.nodes.front(), s);
  EXPECT_EQ(r.nodes.back(), t);
  Time sum = 0;
  for (std::size_t i = 0; i < r.arcs.size(); ++i) {
    EXPECT_EQ(net.tail[r.arcs[i]], r.nodes[i]);
    EXPECT_EQ(net.head[r.arcs[i]], r.nodes[i + 1]);
    sum += net.travel_time[r.arcs[i]];
  }
  if (net.seconds.empty())
    EXPECT_EQ(sum, r.travel_time);
  else
    EXPECT_EQ(r.travel_time, static_cast<Time>(std::floor(r.seconds / net.step_seconds + 0.5)));
}

// Random strongly-or-not connected networks; with coordinates the travel times are unrelated to
// the distances on purpose: the A* bound must hold for any data.
Network random_network(std::mt19937& rng, int n, int m, bool coordinates) {
  NetworkBuilder b;
  std::uniform_real_distribution<double> lat(43.1, 43.3), lon(76.8, 77.0);
  for (int v = 0; v < n; ++v)
    b.add_node(v, kUnlimited,
               coordinates ? std::optional(std::pair{lat(rng), lon(rng)}) : std::nullopt);
  std::uniform_int_distribution<int> node(0, n - 1), time(1, 20);
  for (int i = 0; i < m; ++i) {
    const int u = node(rng), v = node(rng);
    if (u != v) b.add_arc(u, v, 1, time(rng));
  }
  return *std::move(b).build();
}

TEST(RouteQuery, HandMadeNetwork) {
  // 0 -> 1 -> 3 takes 2 + 2; 0 -> 2 -> 3 takes 1 + 5; 3 -> 0 directly 1; 4 is cut off.
  const Problem p = testing::parse_problem(
      "nodes 5\narc 0 1 1 2\narc 1 3 1 2\narc 0 2 1 1\narc 2 3 1 5\narc 3 0 1 1\n");
  RouteQuery q(p.network);
  EXPECT_FALSE(q.guided());
  auto r = q.route(0, 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->travel_time, 4);
  EXPECT_EQ(r->nodes, (std::vector<NodeIndex>{0, 1, 3}));
  expect_consistent(p.network, *r, 0, 3);
  EXPECT_EQ(q.travel_time(3, 2), 2);
  EXPECT_EQ(q.travel_time(2, 1), 8);  // 2 -> 3 -> 0 -> 1: 5 + 1 + 2
  auto same = q.route(2, 2);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->travel_time, 0);
  EXPECT_EQ(same->nodes, std::vector<NodeIndex>{2});
  EXPECT_FALSE(q.route(0, 4));
  EXPECT_FALSE(q.route(4, 0));
  EXPECT_EQ(q.travel_time(0, 4), kUnreachable);
  EXPECT_EQ(q.travel_time(0, 3), 4);  // the workspace is reused correctly after a failure
}

TEST(RouteQuery, MatchesDijkstraOnRandomNetworks) {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    const bool coordinates = round % 2 == 0;
    const int n = 20 + round * 10;
    const Network net = random_network(rng, n, n * 3, coordinates);
    RouteQuery q(net);
    EXPECT_EQ(q.guided(), coordinates);
    std::uniform_int_distribution<NodeIndex> node(0, n - 1);
    for (int i = 0; i < 50; ++i) {
      const NodeIndex s = node(rng), t = node(rng);
      const Time expected = dijkstra(net, s, t);
      auto r = q.route(s, t);
      if (expected == kUnreachable) {
        EXPECT_FALSE(r) << "round " << round << ": " << s << " -> " << t;
        continue;
      }
      ASSERT_TRUE(r) << "round " << round << ": " << s << " -> " << t;
      EXPECT_EQ(r->travel_time, expected) << "round " << round << ": " << s << " -> " << t;
      expect_consistent(net, *r, s, t);
    }
  }
}

TEST(RouteQuery, LandmarksMatchDijkstra) {
  std::mt19937 rng(11);
  for (int round = 0; round < 20; ++round) {
    const int n = 30 + round * 15;
    // A ring keeps the network strongly connected, which landmarks need.
    NetworkBuilder b;
    std::uniform_real_distribution<double> lat(43.1, 43.3), lon(76.8, 77.0);
    for (int v = 0; v < n; ++v) b.add_node(v, kUnlimited, std::pair{lat(rng), lon(rng)});
    std::uniform_int_distribution<int> node(0, n - 1), time(1, 20);
    for (int v = 0; v < n; ++v) b.add_arc(v, (v + 1) % n, 1, time(rng));
    for (int i = 0; i < 2 * n; ++i)
      if (const int u = node(rng), v = node(rng); u != v) b.add_arc(u, v, 1, time(rng));
    const Network net = *std::move(b).build();
    RouteQuery q(net, {.landmarks = 1 + round % 8, .active_landmarks = 1 + round % 4});
    EXPECT_EQ(q.landmark_count(), 1 + round % 8);
    for (int i = 0; i < 50; ++i) {
      const NodeIndex s = node(rng), t = node(rng);
      auto r = q.route(s, t);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->travel_time, dijkstra(net, s, t))
          << "round " << round << ": " << s << " -> " << t;
      expect_consistent(net, *r, s, t);
    }
  }
  // Not strongly connected: landmarks are not used (their bounds would not hold), answers are.
  const Problem cut = testing::parse_problem("nodes 3\narc 0 1 1 2\narc 1 2 1 2\n");
  RouteQuery q(cut.network, {.landmarks = 4});
  EXPECT_EQ(q.landmark_count(), 0);
  EXPECT_EQ(q.travel_time(0, 2), 4);
  EXPECT_EQ(q.travel_time(2, 0), kUnreachable);
}

std::string osm_dir() {
  if (const char* d = std::getenv("QORGAN_OSM_DIR"); d && *d) return d;
  return std::string(QORGAN_SOURCE_DIR) + "/../shared/data/osm";
}

// Monaco's arcs carry measured seconds: routes are the quickest in them.
TEST(RouteQuery, MatchesDijkstraOnMonacoAndExploresLess) {
  const std::string path = osm_dir() + "/monaco.osm.pbf";
  if (!fs::exists(path)) GTEST_SKIP() << "monaco.osm.pbf not found in " << osm_dir();
  auto loaded = io::load_network(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  const Network& net = loaded->problem.network;
  RouteQuery q(net);
  EXPECT_TRUE(q.guided());
  std::mt19937 rng(3);
  std::uniform_int_distribution<NodeIndex> node(0, static_cast<NodeIndex>(net.node_count() - 1));
  std::size_t settled = 0;
  for (int i = 0; i < 300; ++i) {
    const NodeIndex s = node(rng), t = node(rng);
    auto r = q.route(s, t);
    ASSERT_TRUE(r);  // one strongly connected component
    EXPECT_EQ(route_ms(net, *r), dijkstra_ms(net, s, t));
    // Every piece rounded up on its own, the quickest way in steps was 2.6-4.8 x its seconds.
    EXPECT_LT(r->travel_time, dijkstra(net, s, t) + 1);
    expect_consistent(net, *r, s, t);
    EXPECT_GE(r->length_m, distance_m(net.lat[s], net.lon[s], net.lat[t], net.lon[t]) - 1e-6);
    settled += q.last_settled();
  }
  // A one-directional Dijkstra settles about half the graph on average.
  EXPECT_LT(static_cast<double>(settled) / 300, 0.5 * static_cast<double>(net.node_count()));

  // With landmarks: the same answers from a much smaller search.
  RouteQuery alt(net, {.landmarks = 16});
  EXPECT_EQ(alt.landmark_count(), 16);
  std::size_t alt_settled = 0;
  rng.seed(3);
  for (int i = 0; i < 300; ++i) {
    const NodeIndex s = node(rng), t = node(rng);
    auto r = alt.route(s, t);
    ASSERT_TRUE(r);
    EXPECT_EQ(route_ms(net, *r), route_ms(net, *q.route(s, t)));
    expect_consistent(net, *r, s, t);
    alt_settled += alt.last_settled();
  }
  EXPECT_LT(alt_settled, settled / 2);
}

TEST(MaxFlow, PerStepRateOnHandMadeNetworks) {
  // Two roads from 0 to 1: capacity 1 and, through 2, min(5, 4) = 4: 5 people per step.
  Problem p = testing::parse_problem(
      "nodes 3\narc 0 1 1 1\narc 0 2 5 2\narc 2 1 4 2\nsource 0 100\nsink 1 100\n");
  auto r = max_flow_per_step(p);
  EXPECT_EQ(r.value, 5);
  std::vector<ArcIndex> cut = r.cut_arcs;
  std::sort(cut.begin(), cut.end());
  ASSERT_EQ(cut.size(), 2u);  // 0 -> 1 and 2 -> 1
  for (ArcIndex a : cut) EXPECT_EQ(p.network.head[a], 1u);
  // Fewer people than the roads carry, or a small shelter, bound the rate instead.
  p.sources[0].count = 3;
  EXPECT_EQ(max_flow_per_step(p).value, 3);
  p.sources[0].count = 100;
  p.shelters[0].capacity = 2;
  EXPECT_EQ(max_flow_per_step(p).value, 2);
  // Two origins, two shelters.
  const Problem two = testing::parse_problem(
      "nodes 4\nedge 0 1 3 1\nedge 1 2 2 1\nedge 2 3 3 1\nsource 0 50\nsource 3 50\n"
      "sink 1 100\nsink 2 100\n");
  EXPECT_EQ(max_flow_per_step(two).value, 6);
}

int run_cli(const std::string& args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  add_cli(app);
  try {
    app.parse("qorgan-evac " + args, true);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

TEST(RouteQuery, CommandLine) {
  const fs::path dir = core::fresh_test_directory("qorgan-route");
  const std::string net = (dir / "net.txt").string();
  std::ofstream(net) << "node 10 lat=43.20 lon=76.90\nnode 11 lat=43.20 lon=76.91\n"
                        "node 12 lat=43.21 lon=76.91\nedge 10 11 5 2\nedge 11 12 5 3\n";
  EXPECT_EQ(run_cli("evac route --network " + net + " --from 43.2001,76.9001 --to 43.21,76.91"), 0);
  EXPECT_EQ(run_cli("evac route --network " + net + " --from 10 --to 12"), 0);
  EXPECT_EQ(run_cli("evac route --network " + net + " --from 10 --to 99"), 1);         // no node
  EXPECT_EQ(run_cli("evac route --network " + net + " --from 43.2,east --to 12"), 1);  // bad
  EXPECT_EQ(run_cli("evac route --network " + net + " --from 44.5,76.9 --to 12"), 1);  // far
  std::ofstream(dir / "cut.txt") << "nodes 2\narc 0 1 1 1\n";
  EXPECT_EQ(run_cli("evac route --network " + (dir / "cut.txt").string() + " --from 1 --to 0"),
            1);  // no route
}

}  // namespace
}  // namespace qorgan::evac
