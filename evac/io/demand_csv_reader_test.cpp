#include "evac/io/demand_csv_reader.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac::io {
namespace {

using evac::testing::parse_problem;

const Problem kLine = parse_problem("nodes 3\nedge 0 1 5 1\nedge 1 2 5 1\n");

std::string evacuees_error(std::string_view csv) {
  auto r = parse_evacuees_csv(csv, kLine.network);
  return r ? "no error" : r.error().message;
}

// Two rows of 2^63 - 1 people once summed to -2 and planned "20000 of -2 people evacuated".
TEST(DemandCsv, PeoplePastTheLimitsAreRefusedWithTheLine) {
  EXPECT_EQ(evacuees_error("node,count\n0,9223372036854775807\n1,9223372036854775807\n"),
            "line 2: count must be at most 1000000000, got 9223372036854775807");
  EXPECT_EQ(evacuees_error("node,count\n0,600000000\n1,600000000\n"),
            "line 3: the rows so far hold 1200000000 people, more than 1000000000 in all");
  EXPECT_EQ(evacuees_error("node,count\n0," + std::string(300, '9') + "\n"),
            "line 2: count 99999999999999999999... (300 characters) is too large (at most "
            "1000000000)");
  EXPECT_EQ(evacuees_error("node,count,earliest\n0,5,99999999\n"),
            "line 2: earliest must be a time step from 0 to 1000000, got '99999999'");
  auto places = parse_shelters_csv("node,capacity\n2,10000000000\n", kLine.network);
  ASSERT_FALSE(places);
  EXPECT_EQ(places.error().message, "line 2: capacity must be at most 1000000000, got 10000000000");
  // The limits themselves are accepted.
  auto most = parse_evacuees_csv("node,count\n0,400000000\n1,600000000\n", kLine.network);
  ASSERT_TRUE(most) << most.error().message;
  EXPECT_EQ((*most)[1].count, 600'000'000);
}

// A quote left open swallowed the rest of the file once; now it names the file and the line.
TEST(DemandCsv, UnterminatedQuoteIsRefusedWithFileAndLine) {
  const auto dir = core::fresh_test_directory("qorgan-evac-csv-quote");
  const auto path = (dir / "people.csv").string();
  std::ofstream(path) << "node,count,name\n0,5,School\n1,7,\"Stadium, north\n2,1,x\n";
  auto r = read_evacuees_csv(path, kLine.network);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            path + ":3: field 3: a quoted field opened on this line is never closed");
}

}  // namespace
}  // namespace qorgan::evac::io
