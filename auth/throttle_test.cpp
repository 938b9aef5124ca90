// The three sign-in guards on a clock the tests step: growing waits per (login, address) that
// never reach the owner at another address, and the slower guards per login and per address
// that start only after many failures and stay short.
#include "auth/throttle.hpp"

#include <gtest/gtest.h>

#include <memory>

using namespace qorgan::auth;
using namespace std::chrono_literals;

namespace {

class Throttle : public ::testing::Test {
 protected:
  LoginThrottle& throttle(ThrottleSettings s = {}) {
    throttle_ = std::make_unique<LoginThrottle>(s, [now = now_] { return *now; });
    return *throttle_;
  }
  void advance(std::chrono::steady_clock::duration d) { *now_ += d; }

  std::shared_ptr<std::chrono::steady_clock::time_point> now_ =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  std::unique_ptr<LoginThrottle> throttle_;
};

TEST_F(Throttle, WaitsStartAtTheThirdFailureAndDoubleUpToFiveMinutes) {
  auto& t = throttle();
  t.record_failure("alice", "10.0.0.66");
  t.record_failure("alice", "10.0.0.66");
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), std::nullopt) << "two failures cost nothing";
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 12; ++i) {
    t.record_failure("alice", "10.0.0.66");
    auto w = t.wait("alice", "10.0.0.66");
    ASSERT_TRUE(w) << "failure " << i + 3;
    waits.push_back(*w);
    advance(std::chrono::seconds(*w) - 1ms);
    EXPECT_TRUE(t.wait("alice", "10.0.0.66")) << "let in before the wait ended";
    advance(1ms);
    EXPECT_EQ(t.wait("alice", "10.0.0.66"), std::nullopt) << "still refused after the wait";
  }
  EXPECT_EQ(waits, (std::vector<std::int64_t>{1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300}));
}

TEST_F(Throttle, AWaitIsRoundedUpToWholeSeconds) {
  auto& t = throttle();
  for (int i = 0; i < 4; ++i) t.record_failure("alice", "10.0.0.66");
  advance(500ms);
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), 2) << "1.5 s left";
  advance(1499ms);
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), 1) << "1 ms left";
}

TEST_F(Throttle, FailuresAtOneAddressNeverDelayTheLoginAtAnother) {
  auto& t = throttle();
  for (int i = 0; i < 50; ++i) {
    t.record_failure("alice", "10.0.0.66");
    advance(5min);
  }
  t.record_failure("alice", "10.0.0.66");
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), 300);
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), std::nullopt);
  EXPECT_EQ(t.wait("bob", "10.0.0.66"), std::nullopt) << "nor another login at that address";
}

TEST_F(Throttle, ASuccessClearsItsOwnPairOnly) {
  auto& t = throttle();
  for (int i = 0; i < 3; ++i) {
    t.record_failure("alice", "10.0.0.1");
    t.record_failure("alice", "10.0.0.66");
  }
  advance(1s);
  t.record_success("alice", "10.0.0.1");
  t.record_failure("alice", "10.0.0.1");
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), std::nullopt) << "the count started again";
  t.record_failure("alice", "10.0.0.66");
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), 2) << "the other address's count went on";
}

TEST_F(Throttle, APairIsForgottenAfterAnHourWithoutFailures) {
  auto& t = throttle();
  for (int i = 0; i < 6; ++i) t.record_failure("alice", "10.0.0.66");
  advance(61min);
  t.record_failure("alice", "10.0.0.66");
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), std::nullopt);
}

TEST_F(Throttle, TheLoginsGuardStartsOnlyAfterAHundredFailuresFromManyAddresses) {
  auto& t = throttle();
  // A hundred addresses, one failure each, all within a minute.
  for (int i = 0; i < 100; ++i) t.record_failure("alice", "10.1.0." + std::to_string(i));
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), std::nullopt) << "a hundred failures cost nothing";
  EXPECT_EQ(t.wait("alice", "10.1.0.5"), std::nullopt);
  // Beyond that every failure adds a second, for every address, up to a minute.
  for (std::int64_t extra = 1; extra <= 70; ++extra) {
    t.record_failure("alice", "10.2.0." + std::to_string(extra));
    EXPECT_EQ(t.wait("alice", "10.0.0.1"), std::min<std::int64_t>(extra, 60)) << extra;
  }
  EXPECT_EQ(t.wait("bob", "10.0.0.1"), std::nullopt) << "other logins are not touched";
  // The allowance comes back as the hour goes by.
  advance(1h);
  t.record_failure("alice", "10.3.0.1");
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), std::nullopt);
}

TEST_F(Throttle, AnOfficeBehindOneAddressIsNotSlowedButASprayIs) {
  auto& t = throttle();
  // Five hundred colleagues behind one NAT address, each mistyping once within the hour.
  for (int i = 0; i < 500; ++i) {
    t.record_failure("user" + std::to_string(i), "192.0.2.1");
    advance(7s);
  }
  EXPECT_EQ(t.wait("user-next", "192.0.2.1"), std::nullopt);
  // A spray of a thousand logins in a minute from one address slows every login there.
  auto& u = throttle();
  for (int i = 0; i < 1000; ++i) u.record_failure("user" + std::to_string(i), "198.51.100.7");
  auto w = u.wait("user-next", "198.51.100.7");
  ASSERT_TRUE(w);
  EXPECT_EQ(*w, 60);
  EXPECT_EQ(u.wait("user-next", "192.0.2.1"), std::nullopt);
}

TEST_F(Throttle, MemoryStaysBoundedUnderASprayOfKeys) {
  ThrottleSettings s;
  s.max_entries = 100;
  s.address_failures_per_hour = 1'000'000;
  auto& t = throttle(s);
  for (int i = 0; i < 10'000; ++i) {
    t.record_failure("ghost" + std::to_string(i), "10.0.0.66");
    ASSERT_LE(t.tracked(), 2 * 101 + 1) << i;
  }
  // And the guards still work after the sweeps.
  for (int i = 0; i < 3; ++i) t.record_failure("alice", "10.0.0.66");
  EXPECT_EQ(t.wait("alice", "10.0.0.66"), 1);
}

}  // namespace
