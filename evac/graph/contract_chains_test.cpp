#include "evac/graph/contract_chains.hpp"

#include <gtest/gtest.h>

#include "evac/graph/network_builder.hpp"
#include "evac/graph/road_demand.hpp"
#include "evac/graph/route_query.hpp"

namespace qorgan::evac {
namespace {

// Arcs from `from` to `to` (external ids) in a network.
std::vector<ArcIndex> arcs_between(const Network& n, std::int64_t from, std::int64_t to) {
  std::vector<ArcIndex> found;
  const NodeIndex u = n.find_node(from), v = n.find_node(to);
  if (u == kNoNode || v == kNoNode) return found;
  for (ArcIndex a = n.out_begin(u); a < n.out_end(u); ++a)
    if (n.head[a] == v) found.push_back(a);
  return found;
}

// A two-way street 1 - 2 - 3 - 4 (8 s, 9 s and 20 s pieces at 30 s steps) whose inner junctions
// have no choice, ending at junction 4, where streets to 5 and 6 meet; 5 -> 7 -> 8 -> 6 is a
// one-way street through 7 and 8 (12 s each). Without folding, 1 to 4 takes three steps and
// 5 to 6 three; the measured times are 37 s and 36 s.
Network town() {
  NetworkBuilder b;
  b.set_step_seconds(30);
  std::vector<NodeIndex> v;
  for (int id = 1; id <= 8; ++id)
    v.push_back(b.add_node(id, kUnlimited, std::pair{43.0, 76.9 + id * 0.001}));
  const auto main = b.add_name("Main Street"), side = b.add_name("Side Lane");
  auto both = [&](int x, int y, People cap, double s, std::uint32_t name) {
    b.add_arc(v[x - 1], v[y - 1], cap, steps_for(s, 30), name, s);
    b.add_arc(v[y - 1], v[x - 1], cap, steps_for(s, 30), name, s);
  };
  both(1, 2, 10, 8, side);
  both(2, 3, 4, 9, main);
  both(3, 4, 10, 20, main);
  both(4, 5, 20, 40, main);
  both(4, 6, 20, 40, main);
  b.add_arc(v[4], v[6], 6, 1, side, 12);  // 5 -> 7
  b.add_arc(v[6], v[7], 3, 1, side, 12);  // 7 -> 8
  b.add_arc(v[7], v[5], 6, 1, side, 12);  // 8 -> 6
  return *std::move(b).build();
}

TEST(ContractChains, FoldsJunctionsWithoutAChoiceAndRoundsOnce) {
  const Network before = town();
  EXPECT_EQ(before.node_count(), 8u);
  ContractionStats stats;
  const auto after = contract_chains(before, &stats);
  ASSERT_TRUE(after) << after.error().message;
  // 2, 3 (two neighbours both ways) and 7, 8 (one way in, one out) are folded.
  EXPECT_EQ(after->node_count(), 4u);
  EXPECT_EQ(stats.folded_junctions, 4u);
  for (std::int64_t id : {2, 3, 7, 8}) EXPECT_EQ(after->find_node(id), kNoNode) << id;
  const auto there = arcs_between(*after, 1, 4), back = arcs_between(*after, 4, 1);
  ASSERT_EQ(there.size(), 1u);
  ASSERT_EQ(back.size(), 1u);
  // 8 + 9 + 20 = 37 s: two steps of 30 s, not three; the narrowest piece decides the capacity;
  // the street followed longest names it.
  EXPECT_EQ(after->travel_time[there[0]], 2);
  EXPECT_DOUBLE_EQ(after->seconds[there[0]], 37);
  EXPECT_EQ(after->capacity[there[0]], 4);
  EXPECT_EQ(after->name_of(there[0]), "Main Street");
  EXPECT_EQ(after->travel_time[back[0]], 2);
  const auto one_way = arcs_between(*after, 5, 6);
  ASSERT_EQ(one_way.size(), 1u);
  EXPECT_EQ(after->travel_time[one_way[0]], 2);  // 36 s
  EXPECT_EQ(after->capacity[one_way[0]], 3);
  EXPECT_EQ(after->name_of(one_way[0]), "Side Lane");
  EXPECT_TRUE(arcs_between(*after, 6, 5).empty());
  EXPECT_EQ(stats.folded_arcs, before.arc_count() - after->arc_count());
}

TEST(ContractChains, KeepsJunctionsWithBoundedHoldingAndRings) {
  NetworkBuilder b;
  b.set_step_seconds(10);
  // A ring 1 -> 2 -> 3 -> 1 of one-way roads: nothing but junctions without a choice. One of
  // them is kept; the ring, which leads back to it, is dropped.
  for (int id = 1; id <= 3; ++id) b.add_node(id);
  b.add_arc(0, 1, 5, 1, 0, 4);
  b.add_arc(1, 2, 5, 1, 0, 4);
  b.add_arc(2, 0, 5, 1, 0, 4);
  const auto ring = contract_chains(*std::move(b).build());
  ASSERT_TRUE(ring);
  EXPECT_EQ(ring->node_count(), 1u);
  EXPECT_EQ(ring->arc_count(), 0u);
  // Junction 2 between 1 and 3 (two-way) bounds how many may wait there: it stays.
  NetworkBuilder c;
  c.set_step_seconds(10);
  for (int id = 1; id <= 3; ++id) c.add_node(id, id == 2 ? 5 : kUnlimited);
  for (auto [x, y] : {std::pair{0, 1}, {1, 0}, {1, 2}, {2, 1}}) c.add_arc(x, y, 5, 1, 0, 4);
  const auto held = contract_chains(*std::move(c).build());
  ASSERT_TRUE(held);
  EXPECT_EQ(held->node_count(), 3u);
}

TEST(ContractChains, RoutesAreQuickestInMeasuredSeconds) {
  // Two ways from 1 to 3: through 2 (3 s + 3 s: one step each, two in all) or straight (40 s:
  // two steps). In steps they tie; in seconds the way through 2 is quicker.
  NetworkBuilder b;
  b.set_step_seconds(30);
  for (int id = 1; id <= 3; ++id) b.add_node(id, kUnlimited, std::pair{43.0, 76.9 + id * 0.0001});
  b.add_arc(0, 2, 5, 2, 0, 40);
  b.add_arc(0, 1, 5, 1, 0, 3);
  b.add_arc(1, 2, 5, 1, 0, 3);
  b.add_arc(2, 0, 5, 2, 0, 40);
  const Network n = *std::move(b).build();
  RouteQuery q(n);
  const auto r = q.route(0, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->arcs.size(), 2u);
  EXPECT_DOUBLE_EQ(r->seconds, 6);
  EXPECT_EQ(r->travel_time, 0);  // 6 s rounded once: what a plan to a shelter at 3 counts
  EXPECT_EQ(q.travel_time(0, 2), 0);
}

TEST(RoadDemand, PeopleFollowTheRoadsAndSheltersSpreadOut) {
  const Network n = town();
  const auto people = spread_over_roads(n, 1000);
  ASSERT_TRUE(people) << people.error().message;
  People total = 0;
  for (const auto& s : *people) total += s.count;
  EXPECT_EQ(total, 1000);
  const auto shelters = spread_shelters(n, 3, 400);
  ASSERT_TRUE(shelters);
  ASSERT_EQ(shelters->size(), 3u);
  EXPECT_NE((*shelters)[0].node, (*shelters)[1].node);
  EXPECT_EQ((*shelters)[2].capacity, 400);
  EXPECT_FALSE(spread_shelters(n, 9, 400));
  EXPECT_EQ(spread_over_roads(n, 0).error().message,
            "population must be from 1 to 1000000000, got 0");
}

}  // namespace
}  // namespace qorgan::evac
