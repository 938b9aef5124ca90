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

TEST(Dimacs, CountsAndCapacityPastTheLimitsAreRefused) {
  EXPECT_EQ(read("p sp 2000000000 0\n").error().message,
            "g.gr:1: node count 2000000000 is too large (at most 100000000)");
  EXPECT_EQ(read("p sp 2 5000000000\n").error().message,
            "g.gr:1: arc count 5000000000 is too large (at most 1000000000)");
  EXPECT_EQ(read("p sp " + std::string(40, '9') + " 1\n").error().message,
            "g.gr:1: node count 99999999999999999999... (40 characters) is too large (at most "
            "100000000)");
  EXPECT_EQ(read("p sp 2 1\na 1 2 3\n", {10'000'000'000, 1}).error().message,
            "DIMACS default capacity must be from 1 to 1000000000, got 10000000000");
}

// The length per step (evac plan --length-per-step) turns metres into steps: rome99's lengths
// at 1 per step would be steps of one metre each.
TEST(Dimacs, LengthPerStepScalesTravelTimes) {
  auto metres = read("p sp 2 1\na 1 2 2500\n", {10, 1000});
  ASSERT_TRUE(metres) << metres.error().message;
  EXPECT_EQ(metres->travel_time[0], 3);  // 2.5 rounded up
  auto fine = read("p sp 2 1\na 1 2 2500\n");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->travel_time[0], 2500);
}

}  // namespace
}  // namespace qorgan::evac::io
