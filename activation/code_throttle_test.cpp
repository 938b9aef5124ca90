#include "activation/code_throttle.hpp"

#include <gtest/gtest.h>

using qorgan::activation::CodeThrottle;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
  std::chrono::steady_clock::time_point t{std::chrono::hours(1)};
  CodeThrottle::Clock fn() {
    return [this] { return t; };
  }
};

}  // namespace

TEST(CodeThrottle, TenWrongCodesInTenMinutesThenWaitUntilTheOldestLeaves) {
  FakeClock clock;
  CodeThrottle throttle(10, 600s, clock.fn());
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(throttle.wait("10.0.0.1")) << i;
    throttle.record_wrong("10.0.0.1");
    clock.t += 10s;
  }
  // The first wrong code was 100 s ago: it leaves the window in 500 s.
  auto wait = throttle.wait("10.0.0.1");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 500);
  EXPECT_FALSE(throttle.wait("10.0.0.2")) << "another address is not slowed down";
  clock.t += 499s;
  EXPECT_EQ(throttle.wait("10.0.0.1").value_or(0), 1);
  clock.t += 1s;
  EXPECT_FALSE(throttle.wait("10.0.0.1")) << "one wrong code left the window";
  throttle.record_wrong("10.0.0.1");
  EXPECT_EQ(throttle.wait("10.0.0.1").value_or(0), 10) << "the next oldest leaves 10 s later";
}

TEST(CodeThrottle, WrongCodesSpreadOverMoreThanTheWindowNeverBlock) {
  FakeClock clock;
  CodeThrottle throttle(10, 600s, clock.fn());
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(throttle.wait("10.0.0.1")) << i;
    throttle.record_wrong("10.0.0.1");
    clock.t += 61s;
  }
  EXPECT_EQ(throttle.tracked(), 1u);
}
