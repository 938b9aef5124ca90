// Road kilometres on the committed Almaty extract: the length of the route `evac route` finds,
// never shorter than the straight line, the straight line off the network (and counted).
#include "guard/road_distance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
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

TEST(RoadDistance, IsTheLengthOfTheQuickestRouteAndNeverShorterThanTheLine) {
  auto net = almaty();
  RoadDistance road(net);
  evac::RouteQuery query(*net);
  const auto n = evac::NodeIndex(net->node_count());
  std::vector<double> detours;
  int routed = 0;
  for (evac::NodeIndex k = 1; k <= 60; ++k) {
    const evac::NodeIndex a = (k * 7919u) % n, b = (k * 104729u + 13u) % n;
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
  RoadDistance road(net);
  const Point inside = at(*net, 0), astana{51.128, 71.430};
  EXPECT_EQ(road.straight_line_fallbacks(), 0);
  EXPECT_DOUBLE_EQ(road.km(astana, inside), haversine_km(astana, inside));
  EXPECT_DOUBLE_EQ(road.km(inside, astana), haversine_km(inside, astana));
  EXPECT_EQ(road.straight_line_fallbacks(), 2);
  road.km(astana, inside);
  EXPECT_EQ(road.straight_line_fallbacks(), 2) << "distinct pairs, not calls";
  // A home a few hundred metres off the nearest junction walks there in a straight line.
  const Point near{inside.lat + 0.002, inside.lon};
  EXPECT_GE(road.km(near, at(*net, 1)), haversine_km(near, at(*net, 1)));
  EXPECT_EQ(road.straight_line_fallbacks(), 2);
}

TEST(RoadDistance, GivesTheSameAnswersWhenItsTablesAreForgotten) {
  auto net = almaty();
  RoadDistance roomy(net), tight(net, net->node_count() * sizeof(float));  // one table at a time
  const auto n = evac::NodeIndex(net->node_count());
  for (evac::NodeIndex k = 1; k <= 30; ++k) {
    const Point home = at(*net, (k * 31u) % n), post = at(*net, (k % 3) * 1000u % n);
    EXPECT_DOUBLE_EQ(tight.km(home, post), roomy.km(home, post));
  }
}

}  // namespace
}  // namespace qorgan::guard
