#pragma once
// The rules for a check-in that an assembly point's device queued while offline and sends later
// with the time it was taken: what it comes to, judged against the activation's period and the
// person's muster as the server has them now. No storage: muster_points.cpp applies the result
// inside the transaction that stores it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "activation/muster.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

// recorded: the person arrived here, at their own point; elsewhere: recorded and flagged, as the
// person belongs to another point; already: checked in here before (the earlier check-in
// stands); conflict: checked in at another point before (that one stands, this one is reported);
// rejected: nothing recorded, for `Refusal`.
enum class Outcome { recorded, elsewhere, already, conflict, rejected };
enum class Refusal {
  unknown_code,       // no notice the officer sees has this code
  invalid_token,      // a forged or altered token, or one signed with another activation's key
  not_approved,       // the activation is only proposed
  cancelled,          // the activation was cancelled
  before_activation,  // taken before the activation was approved
  after_close,        // taken after the activation was closed
  future_time,        // taken later than now: the device's clock is wrong
  client_id_reused,   // the client_id names another check-in
};

std::string_view to_string(Outcome o);
std::string_view to_string(Refusal r);
// A person-readable reason for each refusal (English; the page shows its own words).
std::string_view explain(Refusal r);

// How far ahead of the server's clock a device's time may be and still be believed.
inline constexpr core::Timestamp kClockSkew = 5LL * 60 * 1'000'000;

struct ActivationPeriod {
  Phase phase = Phase::proposed;
  std::optional<core::Timestamp> activated_at, ended_at;
};

struct PointNotice {
  PersonMuster muster;
  std::int64_t assembly_facility_id = 0;
  std::optional<std::int64_t> arrived_facility_id;
};

struct Judgement {
  Outcome outcome = Outcome::rejected;
  std::optional<Refusal> refusal;
  PersonMuster
      after;  // the person's muster once the check-in is applied (unchanged unless recorded)
};

// A check-in at `facility_id` taken at `at`, received at `now`. It counts when it was taken
// while the activation was active — also when it arrives after the activation was closed, since
// the person did come in time — and arrival time is the time it was taken.
Judgement judge_queued_check_in(const ActivationPeriod& a, const PointNotice& n,
                                std::int64_t facility_id, core::Timestamp at, core::Timestamp now);

}  // namespace qorgan::activation
