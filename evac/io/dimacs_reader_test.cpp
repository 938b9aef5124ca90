#include "evac/io/dimacs_reader.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace qorgan::evac::io {
namespace {

Result<Network> read(const std::string& text, DimacsOptions o = {}) {
  std::istringstream in(text);
  return read_dimacs(in, "g.gr", o);
}

TEST(Dimacs, ReadsArcsWithDefaultCapacityAndScaledLengths) {
  auto n = read("c test\np sp 3 3\na 1 2 25\na 2 3 10\na 3 1 1\n", {7, 10});
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->node_count(), 3u);
  EXPECT_EQ(n->arc_count(), 3u);
  const ArcIndex a12 = n->out_begin(n->find_node(1));
  EXPECT_EQ(n->capacity[a12], 7);
  EXPECT_EQ(n->travel_time[a12], 3);  // 25 / 10 rounded up
  // Length 1 would be 0.1 steps: every arc takes at least one step.
  EXPECT_EQ(n->travel_time[n->out_begin(n->find_node(3))], 1);
}

TEST(Dimacs, BadInput) {
  EXPECT_EQ(read("").error().message, "g.gr: no 'p sp' line (empty or not a DIMACS file)");
  EXPECT_EQ(read("p sp 2 2\na 1 2 3\n").error().message,
            "g.gr: declares 2 arcs but has 1 (truncated?)");
  EXPECT_EQ(read("p sp 2 1\na 1 3 3\n").error().message, "g.gr:2: unknown node 3");
  EXPECT_EQ(read("p sp 2 1\na 1 2 -3\n").error().message, "g.gr:2: negative arc length -3");
  EXPECT_EQ(read("a 1 2 3\n").error().message, "g.gr:1: arc before the 'p sp' line");
  EXPECT_EQ(read("p max 2 1\n").error().message, "g.gr:1: expected 'p sp NODES ARCS'");
  EXPECT_EQ(read("p sp 2 1\na 1 2\n").error().message, "g.gr:2: expected 'a FROM TO LENGTH'");
}

// Rounding the length up must not overflow: INT64_MAX once wrapped to a negative count and was
// read as a one-step arc.
TEST(Dimacs, HugeLengthIsRefusedNotWrapped) {
  auto n = read("p sp 2 1\na 1 2 9223372036854775807\n");
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().message,
            "g.gr:2: arc length 9223372036854775807 is 9223372036854775807 steps of length 1, "
            "more than 1000000 (give a larger length per step: --length-per-step)");
  auto scaled = read("p sp 2 1\na 1 2 9223372036854775807\n", {10, 10'000'000'000'000});
  ASSERT_TRUE(scaled) << scaled.error().message;
  EXPECT_EQ(scaled->travel_time[0], 922'338);  // INT64_MAX / 10^13 rounded up
}

}  // namespace
}  // namespace qorgan::evac::io
