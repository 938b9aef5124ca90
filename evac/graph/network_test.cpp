#include "evac/graph/network.hpp"

#include <gtest/gtest.h>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/network_builder.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/graph/strong_components.hpp"

namespace qorgan::evac {
namespace {

// 10 -> 20 -> 30 and 10 -> 30, with 30 -> 10 closing a cycle; 40 hangs off 30 one way, or both
// ways with `back_from_40`.
Network small(bool back_from_40 = false) {
  NetworkBuilder b;
  auto a = b.add_node(10), c = b.add_node(30), d = b.add_node(20), e = b.add_node(40);
  b.add_arc(a, d, 1, 2);
  b.add_arc(d, c, 1, 2);
  b.add_arc(a, c, 1, 5);
  b.add_arc(c, a, 1, 1);
  b.add_arc(c, e, 1, 1);
  if (back_from_40) b.add_arc(e, c, 1, 1);
  return *std::move(b).build();
}

TEST(Network, CsrGroupsArcsByTailInInsertionOrder) {
  const Network n = small();
  ASSERT_EQ(n.node_count(), 4u);
  ASSERT_EQ(n.arc_count(), 5u);
  const NodeIndex a = n.find_node(10);
  EXPECT_EQ(n.out_end(a) - n.out_begin(a), 2u);
  EXPECT_EQ(n.node_id[n.head[n.out_begin(a)]], 20);      // first added
  EXPECT_EQ(n.node_id[n.head[n.out_begin(a) + 1]], 30);  // second added
  EXPECT_EQ(n.find_node(99), kNoNode);
}

TEST(Network, DuplicateIdsAreRejected) {
  NetworkBuilder b;
  b.add_node(1);
  b.add_node(1);
  auto r = std::move(b).build();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "node 1 is declared twice");
}

TEST(ShortestPaths, ForwardAndReverseDistances) {
  const Network n = small();
  std::pair<NodeIndex, Time> root{n.find_node(10), 0};
  auto tree = forward_tree(n, std::span(&root, 1));
  // 10->20->30 takes 2+2 = 4, shorter than the direct arc of 5.
  EXPECT_EQ(tree.dist[n.find_node(30)], 4);
  EXPECT_EQ(tree.dist[n.find_node(40)], 5);
  EXPECT_EQ(path_to(n, tree, n.find_node(30)).size(), 2u);
  NodeIndex target = n.find_node(10);
  auto to = distances_to(n, std::span(&target, 1));
  EXPECT_EQ(to[n.find_node(30)], 1);
  EXPECT_EQ(to[n.find_node(20)], 3);
  EXPECT_EQ(to[n.find_node(40)], kUnreachable);  // 40 has no way out
}

TEST(StrongComponents, CycleIsOneComponentDeadEndAnother) {
  const Network n = small();
  auto sc = strong_components(n.node_count(), n.first_out, n.head);
  EXPECT_EQ(sc.count, 2u);
  EXPECT_EQ(sc.largest_size, 3u);
  EXPECT_EQ(sc.component[n.find_node(10)], sc.component[n.find_node(20)]);
  EXPECT_NE(sc.component[n.find_node(10)], sc.component[n.find_node(40)]);
}

// The searches that walk roads backwards break ties by the order of the arcs into a junction,
// so plans depend on it: by arc index, which is by tail in CSR order.
TEST(InArcs, ListsTheArcsIntoEachJunctionByArcIndex) {
  const Network n = small();
  const InArcs in(n);
  auto tails = [&](std::int64_t id) {
    std::vector<std::int64_t> ids;
    for (const ArcIndex a : in.into(n.find_node(id))) {
      EXPECT_EQ(n.node_id[n.head[a]], id);
      ids.push_back(n.node_id[n.tail[a]]);
    }
    return ids;
  };
  EXPECT_EQ(tails(30), (std::vector<std::int64_t>{10, 20}));
  EXPECT_EQ(tails(10), (std::vector<std::int64_t>{30}));
  EXPECT_EQ(tails(20), (std::vector<std::int64_t>{10}));
  EXPECT_EQ(tails(40), (std::vector<std::int64_t>{30}));
}

TEST(StrongComponents, StronglyConnectedOnlyWhenEveryJunctionReachesEveryOther) {
  const Network dead_end = small();
  EXPECT_FALSE(strongly_connected(dead_end, InArcs(dead_end)));  // nothing leaves 40
  const Network both_ways = small(true);
  EXPECT_TRUE(strongly_connected(both_ways, InArcs(both_ways)));
  NetworkBuilder one_way;
  const NodeIndex from = one_way.add_node(1), to = one_way.add_node(2);
  one_way.add_arc(from, to, 1, 1);
  const Network line = *std::move(one_way).build();
  EXPECT_FALSE(strongly_connected(line, InArcs(line)));  // 1 is not reached from 2
}

}  // namespace
}  // namespace qorgan::evac
