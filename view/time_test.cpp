#include "view/time.hpp"

#include <gtest/gtest.h>

namespace qorgan::view {

TEST(FormatTime, ShowsTheConfiguredZoneWithItsOffset) {
  auto t = *core::parse_rfc3339("2026-12-03T14:13:00Z");
  EXPECT_EQ(format_time(t, "Asia/Almaty"), "2026-12-03 19:13 UTC+5");
  EXPECT_EQ(format_time(t, "UTC"), "2026-12-03 14:13 UTC");
  EXPECT_EQ(format_time(t, "Asia/Kolkata"), "2026-12-03 19:43 UTC+5:30");
  EXPECT_EQ(format_time(t, "America/New_York"), "2026-12-03 09:13 UTC-5");
  // Across midnight the local date is the one shown.
  EXPECT_EQ(format_time(*core::parse_rfc3339("2026-12-03T20:30:00Z"), "Asia/Almaty"),
            "2026-12-04 01:30 UTC+5");
  EXPECT_TRUE(known_time_zone("Asia/Almaty"));
  EXPECT_FALSE(known_time_zone("Mars/Olympus"));
}

}  // namespace qorgan::view
