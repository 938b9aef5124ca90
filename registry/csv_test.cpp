// What the registry's importers share: the header check.
#include "registry/csv.hpp"

#include <gtest/gtest.h>

using namespace qorgan::registry;

namespace {

TEST(Csv, HeaderCheckReportsUnknownRepeatedAndMissingColumns) {
  std::vector<csv::Problem> problems;
  auto cols = csv::check_header({"name", "nmae", "name"}, {"name", "kind", "region", "region_id"},
                                {"name", "kind"}, {{"region", "region_id"}}, problems);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].column, "nmae");
  EXPECT_EQ(problems[1].message, "appears more than once in the header");
  EXPECT_EQ(problems[2].column, "kind");
  EXPECT_EQ(problems[3].column, "region");
  EXPECT_EQ(cols.index("name"), 0);
}

}  // namespace
