#include "evac/graph/carry_remainders.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "evac/graph/contract_chains.hpp"
#include "evac/graph/grid_city.hpp"
#include "evac/graph/network_builder.hpp"
#include "evac/graph/road_demand.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/osm/demand_estimator.hpp"
#include "evac/plan/time_error.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

namespace fs = std::filesystem;

// A street of ten 8 s pieces, both ways, at 30 s steps, with a shelter at its end: every piece
// rounded up on its own made the walk to the shelter 10 steps (300 s for 80 s); carried, it is
// 80 s rounded once, 3 steps, and from every junction on the way its own seconds rounded once.
TEST(CarryRemainders, StepsAlongTheWayToTheShelterAddUpToItsSecondsRoundedOnce) {
  NetworkBuilder b;
  b.set_step_seconds(30);
  for (int id = 0; id <= 10; ++id) b.add_node(id);
  for (NodeIndex v = 0; v < 10; ++v) {
    b.add_arc(v, v + 1, 10, 1, 0, 8);
    b.add_arc(v + 1, v, 10, 1, 0, 8);
  }
  Problem p;
  p.network = *std::move(b).build();
  p.sources.push_back({0, 10, 0, ""});
  p.shelters.push_back({10, 10, ""});
  carry_remainders(p);
  const Network& net = p.network;
  Time to_go = 0;
  for (NodeIndex v = 10; v-- > 0;) {
    for (ArcIndex a = net.out_begin(v); a < net.out_end(v); ++a)
      if (net.head[a] == v + 1) to_go += net.travel_time[a];
    EXPECT_EQ(to_go, std::lround(8.0 * (10 - v) / 30)) << "from junction " << v;
  }
  // Away from the shelter each piece takes its own 8 s within a step: zero or one.
  for (ArcIndex a = 0; a < net.arc_count(); ++a) {
    EXPECT_GE(net.travel_time[a], 0);
    EXPECT_LE(net.travel_time[a], 1);
  }
  auto plans = testing::checked_plans(p, {"qorgan", "ccrp", "shortest", "optimal"});
  for (const auto& [name, plan] : plans) EXPECT_EQ(plan.egress_time, 3) << name;
}

// Without measured seconds (text, DIMACS) nothing changes.
TEST(CarryRemainders, NetworksWithoutMeasuredSecondsKeepTheirSteps) {
  Problem p = testing::parse_problem("nodes 3\nedge 0 1 5 2\nedge 1 2 5 3\nsource 0 4\nsink 2 9\n");
  const auto before = p.network.travel_time;
  carry_remainders(p);
  EXPECT_EQ(p.network.travel_time, before);
}

// Above the flow's 150,000 arcs (200 x 200 junctions: 159,200), where qorgan plans with its
// large-network schedule, the remainders are carried too: its plan takes the grid's 9 s avenues
// and 18 s side streets about as measured, where every piece rounded up to a 30 s step made
// them 2 to 3 times as long, and no group is sooner than its roads allow by more than half a
// step.
TEST(CarryRemainders, LargeNetworksAreFittedToo) {
  Problem p = grid_city(200, 20'000, 16, 5);
  ASSERT_GT(p.network.arc_count(), 150'000u);
  auto plans = testing::checked_plans(p, {"qorgan"});
  ASSERT_EQ(plans.size(), 1u);
  const Plan& plan = plans["qorgan"];
  const TimeError e = route_time_error(p.network, plan);
  Network each = p.network;
  for (ArcIndex a = 0; a < each.arc_count(); ++a)
    each.travel_time[a] = steps_for(each.seconds[a], each.step_seconds);
  const TimeError before = route_time_error(each, plan);
  std::printf("grid 200: roads %.3f x measured (%.3f x each rounded up)\n", e.ratio(),
              before.ratio());
  EXPECT_LT(e.ratio(), 1.5);
  EXPECT_GT(before.ratio(), 2.0);
  for (const auto& g : plan.groups) {
    double steps = 0, measured = 0;
    for (const auto& s : g.route) {
      steps += p.network.travel_time[s.arc];
      measured += p.network.seconds[s.arc];
    }
    EXPECT_GE(steps * p.network.step_seconds, measured - p.network.step_seconds / 2);
  }
}

// A town of short two-way streets at 30 s steps: many roads take zero steps, so the flows of
// `optimal` and of qorgan's routes may go round circles of them within one step; every plan
// is still a valid one, and the optimum is no later than any other plan.
TEST(CarryRemainders, EveryPlannerPlansValidlyWithRoadsOfZeroSteps) {
  NetworkBuilder b;
  b.set_step_seconds(30);
  constexpr int kSide = 8;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) b.add_node(y * kSide + x);
  auto street = [&](NodeIndex u, NodeIndex v, double s) {
    b.add_arc(u, v, 3, steps_for(s, 30), 0, s);
    b.add_arc(v, u, 3, steps_for(s, 30), 0, s);
  };
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const auto v = static_cast<NodeIndex>(y * kSide + x);
      if (x + 1 < kSide) street(v, v + 1, 4 + (x * 7 + y * 3) % 17);
      if (y + 1 < kSide) street(v, v + kSide, 4 + (x * 5 + y * 11) % 23);
    }
  Problem p;
  p.network = *std::move(b).build();
  for (NodeIndex v = 0; v < kSide * kSide; v += 3) p.sources.push_back({v, 40, 0, ""});
  p.shelters.push_back({0, 2000, "corner"});
  p.shelters.push_back({kSide * kSide - 1, 2000, "far corner"});
  carry_remainders(p);
  EXPECT_GT(std::ranges::count(p.network.travel_time, Time{0}), 0);
  auto plans = testing::checked_plans(p, {"qorgan", "ccrp", "shortest", "optimal"});
  ASSERT_EQ(plans.size(), 4u);
  for (const auto& [name, plan] : plans) {
    EXPECT_GE(plan.egress_time, plans["optimal"].egress_time) << name;
    EXPECT_GE(plans["optimal"].egress_time, egress_lower_bound(p)) << name;
  }
}

std::string osm_dir() {
  if (const char* d = std::getenv("QORGAN_OSM_DIR"); d && *d) return d;
  return std::string(QORGAN_SOURCE_DIR) + "/../shared/data/osm";
}

// On a real car network at the default 30 s step, a plan's last arrival in seconds is within a
// few steps of the same schedule with every road's measured seconds, and its time on the roads
// within 10% of them; every piece rounded up on its own, the same roads took about twice their
// measured seconds (evac/README.md, "Travel times against measured seconds").
TEST(CarryRemainders, PlansOnARealExtractTakeTheirMeasuredTimes) {
  std::string path = osm_dir() + "/monaco.osm.pbf";
  if (!fs::exists(path)) path = std::string(QORGAN_SOURCE_DIR) + "/demo/data/almaty-2013.osm.pbf";
  if (!fs::exists(path)) GTEST_SKIP() << "no OSM extract in " << osm_dir() << " or demo/data";
  auto loaded = io::load_network(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  Problem p = std::move(loaded->problem);
  ASSERT_EQ(p.network.step_seconds, 30);
  osm::PopulationSettings ps;
  ps.total = 5'000;
  p.sources = *osm::estimate_evacuees(p.network, loaded->osm->buildings, ps);
  p.shelters = *spread_shelters(p.network, 8, 1'000);
  carry_remainders(p);
  const double step = p.network.step_seconds;
  auto plans = testing::checked_plans(p, {"qorgan", "ccrp", "shortest"});
  ASSERT_EQ(plans.size(), 3u);
  for (const auto& [name, plan] : plans) {
    const TimeError e = route_time_error(p.network, plan);
    // The same roads, every piece rounded up on its own.
    Network each = p.network;
    for (ArcIndex a = 0; a < each.arc_count(); ++a)
      each.travel_time[a] = steps_for(each.seconds[a], step);
    const TimeError before = route_time_error(each, plan);
    std::printf(
        "%s: egress %.0f s, in measured seconds %.0f s; roads %.3f x (%.3f x each "
        "rounded up)\n",
        name.c_str(), e.egress_seconds, e.exact_egress_seconds, e.ratio(), before.ratio());
    // Never sooner than the roads allow by more than half a step, for any group.
    for (const auto& g : plan.groups) {
      double steps = 0, measured = 0;
      for (const auto& s : g.route) {
        steps += p.network.travel_time[s.arc];
        measured += p.network.seconds[s.arc];
      }
      ASSERT_GE(steps * step, measured - step / 2) << name;
    }
    EXPECT_GE(e.egress_seconds, e.exact_egress_seconds - step / 2) << name;
    EXPECT_LE(e.egress_seconds, e.exact_egress_seconds * 1.25) << name;
    EXPECT_LT(e.ratio(), 1.35) << name;
    EXPECT_GT(before.ratio(), e.ratio() + 0.5) << name;
  }
}

}  // namespace
}  // namespace qorgan::evac
