#include "core/time.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace qorgan::core;

TEST(Time, Rfc3339RoundTrip) {
  auto t = parse_rfc3339("2026-11-25T13:25:09Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1795613109000000LL);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-25T13:25:09Z");
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(951'868'799'999'999), "2000-02-29T23:59:59Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("0999-01-02T03:04:05Z")), "0999-01-02T03:04:05Z");
  EXPECT_EQ(parse_rfc3339("2026-11-25T18:25:09+05:00"), t);
}

TEST(Time, Rfc822ForFeedsAndHttp) {
  Timestamp t = 1749297240LL * 1000000;  // 2025-06-07T11:54:00Z
  EXPECT_EQ(format_rfc822(t), "Sat, 07 Jun 2025 11:54:00 +0000");
  EXPECT_EQ(format_rfc822(t, "GMT"), "Sat, 07 Jun 2025 11:54:00 GMT");
  EXPECT_EQ(format_rfc822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(Time, RejectsMalformed) {
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-25 13:25"));
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_TRUE(parse_date("2024-02-29"));
}

TEST(Time, TodayIsTheDateOfTheClockInUtc) {
  for (int attempt = 0; attempt < 3; ++attempt) {  // once more if a day ended in between
    auto before = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    auto today = today_utc();
    auto after = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    if (before != after) continue;
    std::chrono::year_month_day ymd{before};
    EXPECT_EQ(today,
              format_date({int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))}));
    EXPECT_TRUE(parse_date(today));
    return;
  }
}
