#include "activation/muster.hpp"

#include <gtest/gtest.h>

namespace qorgan::activation {

TEST(ActivationRules, ARealActivationNeedsASecondPersonAnExerciseDoesNot) {
  Approval self{"hq-aliya", "hq-aliya", true}, other{"hq-aliya", "admin-serik", true},
      outsider{"hq-aliya", "hq-other-region", false};
  EXPECT_FALSE(may_approve(Phase::proposed, Kind::real, self));
  EXPECT_EQ(may_approve(Phase::proposed, Kind::real, self).error().code,
            core::ErrorCode::forbidden);
  EXPECT_TRUE(may_approve(Phase::proposed, Kind::real, other));
  EXPECT_TRUE(may_approve(Phase::proposed, Kind::exercise, self));
  EXPECT_FALSE(may_approve(Phase::proposed, Kind::exercise, outsider));
  EXPECT_EQ(may_approve(Phase::cancelled, Kind::real, other).error().code,
            core::ErrorCode::conflict);
  EXPECT_EQ(may_approve(Phase::active, Kind::real, other).error().code, core::ErrorCode::conflict);
  EXPECT_TRUE(may_cancel(Phase::proposed));
  EXPECT_TRUE(may_cancel(Phase::active));
  EXPECT_FALSE(may_cancel(Phase::closed));
  EXPECT_TRUE(may_close(Phase::active));
  EXPECT_FALSE(may_close(Phase::proposed));
}

TEST(ActivationRules, AnswersChangeUntilCheckInAndCheckInIsIdempotent) {
  PersonMuster m;
  m = on_delivered(m);
  EXPECT_EQ(m.status, Muster::reached);
  auto declined = on_answer(Phase::active, m, false, DeclineReason::ill);
  ASSERT_TRUE(declined);
  EXPECT_EQ(declined->status, Muster::declined);
  EXPECT_EQ(declined->reason, DeclineReason::ill);
  EXPECT_EQ(on_delivered(*declined).status, Muster::declined) << "a late delivery changes nothing";
  auto no_reason = on_answer(Phase::active, *declined, false, std::nullopt);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields.at(0).field, "reason");
  auto confirmed = on_answer(Phase::active, *declined, true, std::nullopt);
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->status, Muster::confirmed);
  EXPECT_FALSE(confirmed->reason);

  EXPECT_FALSE(on_check_in(Phase::proposed, *confirmed, 100)) << "before approval";
  auto in = on_check_in(Phase::active, *confirmed, 100);
  ASSERT_TRUE(in);
  EXPECT_FALSE(in->already);
  EXPECT_EQ(in->muster.arrived_at, 100);
  auto again = on_check_in(Phase::active, in->muster, 200);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already);
  EXPECT_EQ(again->muster.arrived_at, 100) << "the first check-in stands";
  EXPECT_FALSE(on_answer(Phase::active, in->muster, false, DeclineReason::other));
  EXPECT_FALSE(on_check_in(Phase::closed, *confirmed, 300));
  EXPECT_FALSE(on_answer(Phase::cancelled, *confirmed, true, std::nullopt));
}

TEST(ActivationRules, TheDeadlineMakesTheMissingOverdueButNotTheDeclinedOrArrived) {
  PersonMuster called, declined{Muster::declined, DeclineReason::abroad, {}},
      arrived{Muster::arrived, {}, 5}, confirmed{Muster::confirmed, {}, {}};
  EXPECT_EQ(at_deadline(called).status, Muster::overdue);
  EXPECT_EQ(at_deadline(confirmed).status, Muster::overdue);
  EXPECT_EQ(at_deadline(declined).status, Muster::declined);
  EXPECT_EQ(at_deadline(arrived).status, Muster::arrived);
  // An overdue person who comes after all is recorded as arrived.
  auto late = on_check_in(Phase::active, at_deadline(called), 9);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->muster.status, Muster::arrived);
}

TEST(ActivationRules, NamesRoundTrip) {
  for (auto m : {Muster::called, Muster::reached, Muster::confirmed, Muster::declined,
                 Muster::arrived, Muster::overdue})
    EXPECT_EQ(muster_from(to_string(m)), m);
  for (auto r :
       {DeclineReason::ill, DeclineReason::abroad, DeclineReason::exempt, DeclineReason::other})
    EXPECT_EQ(decline_reason_from(to_string(r)), r);
  EXPECT_EQ(phase_from("active"), Phase::active);
  EXPECT_EQ(kind_from("exercise"), Kind::exercise);
  EXPECT_FALSE(kind_from("drill"));
}

}  // namespace qorgan::activation
