#include "evac/plan/time_error.hpp"

#include <gtest/gtest.h>

#include "evac/graph/network_builder.hpp"

namespace qorgan::evac {
namespace {

// Two pieces of 8 s and 40 s at 30 s steps: one and two steps, 90 s where 48 s were measured.
TEST(TimeError, PlanStepsAgainstMeasuredSeconds) {
  NetworkBuilder b;
  b.set_step_seconds(30);
  for (int id = 0; id < 3; ++id) b.add_node(id);
  b.add_arc(0, 1, 5, 1, 0, 8);
  b.add_arc(1, 2, 5, 2, 0, 40);
  const Network net = *std::move(b).build();
  Plan plan;
  plan.groups.push_back({0, 3, {{0, 0}, {1, 1}}, 0, 0, 3});
  plan.groups.push_back({0, 1, {{1, 4}}, 0, 4, 6});  // from 1 only: 60 s against 40 s
  const TimeError e = route_time_error(net, plan);
  EXPECT_DOUBLE_EQ(e.plan_seconds, 3 * 90 + 60);
  EXPECT_DOUBLE_EQ(e.measured_seconds, 3 * 48 + 40);
  EXPECT_DOUBLE_EQ(e.ratio(), 330.0 / 184.0);
  EXPECT_DOUBLE_EQ(e.worst_ratio, 90.0 / 48.0);
  // Without measured seconds the plan is its own measure.
  Network plain = net;
  plain.seconds.clear();
  EXPECT_DOUBLE_EQ(route_time_error(plain, plan).ratio(), 1.0);
  EXPECT_DOUBLE_EQ(route_time_error(net, Plan{}).ratio(), 1.0);
}

}  // namespace
}  // namespace qorgan::evac
