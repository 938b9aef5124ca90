#include "evac/io/text_network_reader.hpp"

#include <gtest/gtest.h>

#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

using testing::parse_error;
using testing::parse_problem;

TEST(TextNetwork, ReadsNodesArcsSourcesSinks) {
  const Problem p = parse_problem(R"(# a small town
step_seconds 30
node 1 holding=5 lat=43.25 lon=76.9
node 2 lat=43.26 lon=76.91
node 3 lat=43.27 lon=76.92
arc 1 2 4 3
edge 2 3 2 1     # both directions
source 1 120 earliest=2 School no. 5
sink 3 500 Stadium
)");
  const Network& n = p.network;
  EXPECT_EQ(n.step_seconds, 30);
  EXPECT_EQ(n.node_count(), 3u);
  EXPECT_EQ(n.arc_count(), 3u);
  EXPECT_TRUE(n.has_coordinates());
  EXPECT_EQ(n.holding[n.find_node(1)], 5);
  EXPECT_EQ(n.holding[n.find_node(2)], kUnlimited);
  const ArcIndex a = n.out_begin(n.find_node(1));
  EXPECT_EQ(n.capacity[a], 4);
  EXPECT_EQ(n.travel_time[a], 3);
  ASSERT_EQ(p.sources.size(), 1u);
  EXPECT_EQ(p.sources[0].count, 120);
  EXPECT_EQ(p.sources[0].earliest_departure, 2);
  EXPECT_EQ(p.sources[0].name, "School no. 5");
  ASSERT_EQ(p.shelters.size(), 1u);
  EXPECT_EQ(p.shelters[0].capacity, 500);
  EXPECT_EQ(p.shelters[0].name, "Stadium");
}

TEST(TextNetwork, NodesShorthandDeclaresZeroToNMinusOne) {
  const Problem p = parse_problem("nodes 3\narc 0 2 1 1\n");
  EXPECT_EQ(p.network.node_count(), 3u);
  EXPECT_EQ(p.network.node_id[p.network.head[0]], 2);
}

TEST(TextNetwork, BadInputNamesTheLine) {
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 0 1\n"),
            "net.txt:2: arc capacity must be at least 1, got 0");
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 -3 1\n"),
            "net.txt:2: arc capacity must be at least 1, got -3");
  EXPECT_EQ(parse_error("nodes 2\n\narc 0 1 2 0\n"),
            "net.txt:3: arc travel time must be at least 1 step, got 0");
  EXPECT_EQ(parse_error("nodes 2\narc 0 7 2 1\n"), "net.txt:2: unknown node 7");
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 2\n"),
            "net.txt:2: 'arc' needs: from to capacity travel_time (3 fields given)");
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 two 1\n"),
            "net.txt:2: arc capacity 'two' is not an integer");
  EXPECT_EQ(parse_error("nodes 2\nsource 0 0\n"),
            "net.txt:2: source count must be at least 1, got '0'");
  EXPECT_EQ(parse_error("nodes 2\nsink 5 10\n"), "net.txt:2: unknown node 5");
  EXPECT_EQ(parse_error("nodes 2\nsink 1 -1\n"),
            "net.txt:2: sink capacity must be at least 1, got '-1'");
  EXPECT_EQ(parse_error("node 1 holding=-2\n"),
            "net.txt:1: holding capacity must be >= 0, got '-2'");
  EXPECT_EQ(parse_error("frobnicate 1\n"), "net.txt:1: unknown keyword 'frobnicate'");
  EXPECT_EQ(parse_error("node 1\nnode 1\n"), "net.txt: node 1 is declared twice");
  EXPECT_EQ(parse_error("node 1 lat=1 lon=2\nnode 2\n"),
            "net.txt: only 1 of 2 nodes have coordinates; give all or none");
}

TEST(TextNetwork, TruncatedFileIsDetected) {
  // The header promises 3 arcs; the file stops after 2.
  EXPECT_EQ(parse_error("nodes 3\narcs 3\narc 0 1 1 1\narc 1 2 1 1\n"),
            "net.txt: file declares 3 arcs but has 2 (truncated?)");
  // A line cut in the middle is caught by its field count.
  EXPECT_EQ(parse_error("nodes 3\narc 0 1 1 1\narc 1 2"),
            "net.txt:3: 'arc' needs: from to capacity travel_time (2 fields given)");
}

TEST(TextNetwork, EmptyInputGivesEmptyNetwork) {
  const Problem p = parse_problem("# nothing\n");
  EXPECT_EQ(p.network.node_count(), 0u);
}

// A count of nodes is bounded like DIMACS's: twelve bytes once asked for 12 billion nodes.
TEST(TextNetwork, HugeNodeCountIsRefused) {
  EXPECT_EQ(parse_error("nodes 12147483647\n"),
            "net.txt:1: node count 12147483647 is too large (at most 100000000)");
}

// Limits that no country reaches but a typo does (limits.hpp), each named with its line and
// value; a number past 64 bits is shown shortened.
TEST(TextNetwork, FiguresPastTheLimitsAreRefused) {
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 10000000000000000 1\n"),
            "net.txt:2: arc capacity must be at most 1000000000 people per step, got "
            "10000000000000000");
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 " + std::string(300, '9') + " 1\n"),
            "net.txt:2: arc capacity 99999999999999999999... (300 characters) is too large (at "
            "most 1000000000)");
  EXPECT_EQ(parse_error("nodes 2\narc 0 1 5 1000001\n"),
            "net.txt:2: arc travel time must be at most 1000000 steps, got 1000001");
  EXPECT_EQ(parse_error("nodes 2\nsource 0 9223372036854775807\n"),
            "net.txt:2: source count must be at most 1000000000 people, got 9223372036854775807");
  EXPECT_EQ(parse_error("nodes 2\nsource 0 600000000\nsource 1 600000000\n"),
            "net.txt:3: the sources hold 1200000000 people so far, more than 1000000000 in all");
  EXPECT_EQ(parse_error("nodes 2\nsource 0 5 earliest=2000000\n"),
            "net.txt:2: earliest= needs a time step from 0 to 1000000, got '2000000'");
  EXPECT_EQ(parse_error("nodes 2\nsink 1 10000000000000000\n"),
            "net.txt:2: sink capacity must be at most 1000000000 places, got 10000000000000000");
  EXPECT_EQ(parse_error("node 1 holding=10000000000\n"),
            "net.txt:1: holding capacity must be at most 1000000000, got 10000000000");
  EXPECT_EQ(parse_error("nodes 100000001\n"),
            "net.txt:1: node count 100000001 is too large (at most 100000000)");
  EXPECT_EQ(parse_error("arcs 1000000001\n"),
            "net.txt:1: arc count 1000000001 is too large (at most 1000000000)");
  for (const char* step : {"0", "-30", "nan", "inf", "1e300", "3601"})
    EXPECT_EQ(parse_error(std::string("step_seconds ") + step + "\n"),
              std::string("net.txt:1: step_seconds needs one number of seconds above 0 and at "
                          "most 3600, got '") +
                  step + "'")
        << step;
  // At the limits themselves everything is read.
  const Problem p = parse_problem(
      "step_seconds 3600\nnodes 2\narc 0 1 1000000000 1000000\nsource 0 1000000000 "
      "earliest=1000000\nsink 1 1000000000\n");
  EXPECT_EQ(p.network.capacity[0], 1'000'000'000);
  EXPECT_EQ(p.sources[0].count, 1'000'000'000);
}

}  // namespace
}  // namespace qorgan::evac
