// Road kilometres on the committed Almaty extract: the length of the route `evac route` finds,
// never shorter than the straight line, the straight line off the network (and counted).
#include "guard/road_distance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "evac/graph/network.hpp"
#include "evac/graph/route_query.hpp"
#include "evac/io/network_loader.hpp"

namespace qorgan::guard {
namespace {

std::shared_ptr<const evac::Network> almaty() {
  static auto net = [] {
    auto loaded =
        evac::io::load_network(std::string(QORGAN_SOURCE_DIR) + "/demo/data/almaty-2013.osm.pbf");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::make_shared<const evac::Network>(std::move(loaded->problem.network));
  }();
  return net;
}

Point at(const evac::Network& n, evac::NodeIndex v) {
  return {n.lat[v], n.lon[v]};
}

// Junction pairs spread over the network, deterministic.
std::vector<std::pair<evac::NodeIndex, evac::NodeIndex>> pairs(const evac::Network& net) {
  const auto n = evac::NodeIndex(net.node_count());
  std::vector<std::pair<evac::NodeIndex, evac::NodeIndex>> out;
  for (evac::NodeIndex k = 1; k <= 60; ++k)
    out.emplace_back((k * 7919u) % n, (k * 104729u + 13u) % n);
  return out;
}

TEST(RoadDistance, IsTheLengthOfTheQuickestRouteAndNeverShorterThanTheLine) {
  auto net = almaty();
  std::vector<Point> homes;
  for (auto [a, b] : pairs(*net)) homes.push_back(at(*net, a));
  RoadDistance road(net, homes);
  evac::RouteQuery query(*net);
  std::vector<double> detours;
  int routed = 0;
  for (auto [a, b] : pairs(*net)) {
    const Point from = at(*net, a), to = at(*net, b);
    const double km = road.km(from, to), line = haversine_km(from, to);
    EXPECT_GE(km, line) << a << " -> " << b;
    auto route = query.route(a, b);
    if (!route) {
      EXPECT_DOUBLE_EQ(km, line) << "no way by road: the straight line";
      continue;
    }
    ++routed;
    // Equal travel times may be broken differently; the lengths then differ a little.
    EXPECT_NEAR(km, std::max(route->length_m / 1000.0, line), 0.02 * km + 0.01) << a << " -> " << b;
    if (line > 1) detours.push_back(km / line);
  }
  EXPECT_GE(routed, 50);
  ASSERT_GE(detours.size(), 20u);
  std::sort(detours.begin(), detours.end());
  const double median = detours[detours.size() / 2];
  EXPECT_GT(median, 1.05) << "roads wind: longer than the line";
  EXPECT_LT(median, 2.0) << "but not absurdly";
}

TEST(RoadDistance, OffTheNetworkIsTheStraightLineAndCounted) {
  auto net = almaty();
  const Point inside = at(*net, 0), astana{51.128, 71.430}, near{inside.lat + 0.002, inside.lon};
  RoadDistance road(net, {inside, astana, near});
  EXPECT_EQ(road.straight_line_fallbacks(), 0);
  EXPECT_DOUBLE_EQ(road.km(astana, inside), haversine_km(astana, inside));
  EXPECT_DOUBLE_EQ(road.km(inside, astana), haversine_km(inside, astana));
  EXPECT_EQ(road.straight_line_fallbacks(), 2);
  road.km(astana, inside);
  EXPECT_EQ(road.straight_line_fallbacks(), 2) << "distinct pairs, not calls";
  // A home a few hundred metres off the nearest junction walks there in a straight line.
  EXPECT_GE(road.km(near, at(*net, 1)), haversine_km(near, at(*net, 1)));
  EXPECT_EQ(road.straight_line_fallbacks(), 2);
  // A point that is not among the homes has no table: the straight line.
  const Point stranger = at(*net, 2);
  EXPECT_DOUBLE_EQ(road.km(stranger, inside), haversine_km(stranger, inside));
  EXPECT_EQ(road.straight_line_fallbacks(), 3);
}

TEST(RoadDistance, GivesTheSameAnswersWhenItsTablesAreForgotten) {
  auto net = almaty();
  const auto n = evac::NodeIndex(net->node_count());
  std::vector<Point> homes;
  for (evac::NodeIndex k = 1; k <= 30; ++k) homes.push_back(at(*net, (k * 31u) % n));
  RoadDistance roomy(net, homes), tight(net, homes, homes.size() * sizeof(float) + 64);
  for (evac::NodeIndex k = 1; k <= 30; ++k) {  // three posts in turn: a table each time
    const Point post = at(*net, (k % 3) * 1000u % n);
    EXPECT_DOUBLE_EQ(tight.km(homes[k - 1], post), roomy.km(homes[k - 1], post));
  }
}

}  // namespace
}  // namespace qorgan::guard
