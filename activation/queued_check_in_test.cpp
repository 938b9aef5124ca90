#include "activation/queued_check_in.hpp"

#include <gtest/gtest.h>

namespace qorgan::activation {

namespace {
constexpr core::Timestamp kMinute = 60'000'000;
constexpr core::Timestamp kStart = 1'800'000'000'000'000;  // the activation's approval
constexpr std::int64_t kHere = 7, kThere = 9;

PointNotice expected_here() {
  PointNotice n;
  n.assembly_facility_id = kHere;
  return n;
}
}  // namespace

TEST(QueuedCheckIn, RecordsTheTimeItWasTakenAndFlagsAnotherUnitsPoint) {
  ActivationPeriod a{Phase::active, kStart, std::nullopt};
  auto j = judge_queued_check_in(a, expected_here(), kHere, kStart + 30 * kMinute,
                                 kStart + 90 * kMinute);
  EXPECT_EQ(j.outcome, Outcome::recorded);
  EXPECT_EQ(j.after.status, Muster::arrived);
  EXPECT_EQ(j.after.arrived_at, kStart + 30 * kMinute);

  auto flagged =
      judge_queued_check_in(a, expected_here(), kThere, kStart + kMinute, kStart + 2 * kMinute);
  EXPECT_EQ(flagged.outcome, Outcome::elsewhere);
  EXPECT_EQ(flagged.after.status, Muster::arrived);
}

TEST(QueuedCheckIn, ASecondCheckInIsAlreadyHereAndAConflictAtAnotherPoint) {
  ActivationPeriod a{Phase::active, kStart, std::nullopt};
  PointNotice n = expected_here();
  n.muster.status = Muster::arrived;
  n.muster.arrived_at = kStart + 5 * kMinute;
  n.arrived_facility_id = kHere;
  auto again = judge_queued_check_in(a, n, kHere, kStart + 9 * kMinute, kStart + 10 * kMinute);
  EXPECT_EQ(again.outcome, Outcome::already);
  EXPECT_EQ(again.after.arrived_at, kStart + 5 * kMinute) << "the first check-in stands";
  auto two_points =
      judge_queued_check_in(a, n, kThere, kStart + 9 * kMinute, kStart + 10 * kMinute);
  EXPECT_EQ(two_points.outcome, Outcome::conflict);
  EXPECT_EQ(two_points.after.arrived_at, kStart + 5 * kMinute);
}

TEST(QueuedCheckIn, OnlyWhileTheActivationWasActive) {
  const auto now = kStart + 120 * kMinute;
  auto refusal = [&](ActivationPeriod a, core::Timestamp at) {
    auto j = judge_queued_check_in(a, expected_here(), kHere, at, now);
    return j.outcome == Outcome::rejected ? j.refusal : std::nullopt;
  };
  EXPECT_EQ(refusal({Phase::proposed, std::nullopt, std::nullopt}, now), Refusal::not_approved);
  EXPECT_EQ(refusal({Phase::cancelled, kStart, kStart + kMinute}, now), Refusal::cancelled);
  EXPECT_EQ(refusal({Phase::active, kStart, std::nullopt}, kStart - 1), Refusal::before_activation);
  // Closed at +60 min: one taken at +59 min and sent later counts; one taken at +60 does not.
  ActivationPeriod closed{Phase::closed, kStart, kStart + 60 * kMinute};
  EXPECT_EQ(refusal(closed, kStart + 59 * kMinute), std::nullopt);
  EXPECT_EQ(refusal(closed, kStart + 60 * kMinute), Refusal::after_close);
  // A device clock a little fast is believed; one far ahead is not.
  EXPECT_EQ(refusal({Phase::active, kStart, std::nullopt}, now + 4 * kMinute), std::nullopt);
  EXPECT_EQ(refusal({Phase::active, kStart, std::nullopt}, now + 6 * kMinute),
            Refusal::future_time);
}

TEST(QueuedCheckIn, EveryOutcomeAndRefusalHasAName) {
  for (auto o : {Outcome::recorded, Outcome::elsewhere, Outcome::already, Outcome::conflict,
                 Outcome::rejected})
    EXPECT_FALSE(to_string(o).empty());
  for (auto r : {Refusal::unknown_code, Refusal::invalid_token, Refusal::not_approved,
                 Refusal::cancelled, Refusal::before_activation, Refusal::after_close,
                 Refusal::future_time, Refusal::client_id_reused}) {
    EXPECT_FALSE(to_string(r).empty());
    EXPECT_FALSE(explain(r).empty());
  }
}

}  // namespace qorgan::activation
