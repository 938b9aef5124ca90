#include "core/time.hpp"

#include <gtest/gtest.h>

using namespace qorgan::core;

TEST(Time, Rfc3339RoundTrip) {
  auto t = parse_rfc3339("2026-11-25T13:25:09Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1795613109000000LL);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-25T13:25:09Z");
  EXPECT_EQ(parse_rfc3339("2026-11-25T18:25:09+05:00"), t);
}

TEST(Time, RejectsMalformed) {
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-25 13:25"));
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_TRUE(parse_date("2024-02-29"));
}
