#include "activation/after_action.hpp"

#include <gtest/gtest.h>

namespace qorgan::activation {

constexpr core::Timestamp kMinute = 60'000'000;

TEST(AfterAction, HalfAndNineTenthsOfTheTargetAreReadFromTheArrivals) {
  const core::Timestamp t0 = 1'000 * kMinute;
  // Target 10: half is the 5th arrival, nine tenths the 9th. Given out of order.
  std::vector<core::Timestamp> arrivals;
  for (int m : {90, 10, 30, 20, 40, 60, 50, 80, 70}) arrivals.push_back(t0 + m * kMinute);
  auto f = muster_figures(t0, 10, arrivals);
  EXPECT_EQ(f.arrived, 9);
  ASSERT_TRUE(f.minutes_to_half);
  EXPECT_DOUBLE_EQ(*f.minutes_to_half, 50);
  ASSERT_TRUE(f.minutes_to_nine_tenths);
  EXPECT_DOUBLE_EQ(*f.minutes_to_nine_tenths, 90);
  ASSERT_EQ(f.curve.size(), 9u);
  EXPECT_DOUBLE_EQ(f.curve[0].minutes, 10);
  EXPECT_DOUBLE_EQ(f.curve[0].share, 0.1);
  EXPECT_DOUBLE_EQ(f.curve[8].share, 0.9);
}

TEST(AfterAction, ShortMustersAndOddTargetsAndEarlyClocks) {
  const core::Timestamp t0 = 500 * kMinute;
  // Target 7: ⌈3.5⌉ = 4 for half, ⌈6.3⌉ = 7 for nine tenths, which never came.
  auto f = muster_figures(
      t0, 7, {t0 + 5 * kMinute, t0 + 6 * kMinute, t0 - 3 * kMinute, t0 + 12 * kMinute});
  ASSERT_TRUE(f.minutes_to_half);
  EXPECT_DOUBLE_EQ(*f.minutes_to_half, 12);
  EXPECT_FALSE(f.minutes_to_nine_tenths);
  EXPECT_DOUBLE_EQ(f.curve[0].minutes, 0) << "an arrival stamped before the activation counts at 0";

  auto none = muster_figures(t0, 0, {t0 + kMinute});
  EXPECT_FALSE(none.minutes_to_half);
  EXPECT_EQ(none.arrived, 1);
  auto empty = muster_figures(t0, 50, {});
  EXPECT_FALSE(empty.minutes_to_half);
  EXPECT_TRUE(empty.curve.empty());
}

}  // namespace qorgan::activation
