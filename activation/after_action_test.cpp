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

// A curve is drawn with a few hundred points at most: thinned to the last arrival of each equal
// stretch, the last arrival kept; the minutes to 50 % and 90 % stay exact, also with no curve.
TEST(AfterAction, ACurveThinnedKeepsItsLastPointAndExactFigures) {
  const core::Timestamp t0 = 100 * kMinute;
  std::vector<core::Timestamp> arrivals;
  for (int m = 1; m <= 1000; ++m) arrivals.push_back(t0 + m * kMinute);
  auto f = muster_figures_in_order(t0, 1000, arrivals, 240);
  EXPECT_EQ(f.arrived, 1000);
  ASSERT_EQ(f.curve.size(), 240u);
  EXPECT_DOUBLE_EQ(f.curve.back().minutes, 1000);
  EXPECT_DOUBLE_EQ(f.curve.back().share, 1.0);
  EXPECT_DOUBLE_EQ(f.curve.front().minutes, 4) << "the last of the first stretch of 4.17";
  for (std::size_t i = 1; i < f.curve.size(); ++i) {
    EXPECT_LT(f.curve[i - 1].minutes, f.curve[i].minutes);
    EXPECT_DOUBLE_EQ(f.curve[i].share, f.curve[i].minutes / 1000) << i;
  }
  ASSERT_TRUE(f.minutes_to_half && f.minutes_to_nine_tenths);
  EXPECT_DOUBLE_EQ(*f.minutes_to_half, 500);
  EXPECT_DOUBLE_EQ(*f.minutes_to_nine_tenths, 900);

  auto bare = muster_figures_in_order(t0, 1000, arrivals, 0);
  EXPECT_TRUE(bare.curve.empty());
  EXPECT_EQ(bare.arrived, 1000);
  EXPECT_DOUBLE_EQ(*bare.minutes_to_half, 500);
  EXPECT_DOUBLE_EQ(*bare.minutes_to_nine_tenths, 900);

  EXPECT_EQ(muster_figures_in_order(t0, 1000, arrivals, 1000).curve.size(), 1000u);
  EXPECT_EQ(muster_figures_in_order(t0, 1000, arrivals, 1).curve.size(), 1u);
  std::vector<core::Timestamp> reversed(arrivals.rbegin(), arrivals.rend());
  EXPECT_DOUBLE_EQ(muster_figures(t0, 1000, reversed, 240).curve[1].minutes, f.curve[1].minutes);
}

}  // namespace qorgan::activation
