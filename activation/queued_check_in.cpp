#include "activation/queued_check_in.hpp"

namespace qorgan::activation {

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::recorded:
      return "recorded";
    case Outcome::elsewhere:
      return "elsewhere";
    case Outcome::already:
      return "already";
    case Outcome::conflict:
      return "conflict";
    case Outcome::rejected:
      break;
  }
  return "rejected";
}

std::string_view to_string(Refusal r) {
  switch (r) {
    case Refusal::unknown_code:
      return "unknown_code";
    case Refusal::invalid_token:
      return "invalid_token";
    case Refusal::not_approved:
      return "not_approved";
    case Refusal::cancelled:
      return "cancelled";
    case Refusal::before_activation:
      return "before_activation";
    case Refusal::after_close:
      return "after_close";
    case Refusal::future_time:
      return "future_time";
    case Refusal::client_id_reused:
      break;
  }
  return "client_id_reused";
}

std::string_view explain(Refusal r) {
  switch (r) {
    case Refusal::unknown_code:
      return "No call-up notice you can see has this code.";
    case Refusal::invalid_token:
      return "The QR code is not a genuine notice of an activation: forged, altered, or signed "
             "with another activation's key.";
    case Refusal::not_approved:
      return "The activation is not approved yet.";
    case Refusal::cancelled:
      return "The activation was cancelled.";
    case Refusal::before_activation:
      return "The check-in was taken before the activation was approved.";
    case Refusal::after_close:
      return "The check-in was taken after the activation was closed.";
    case Refusal::future_time:
      return "The check-in's time is in the future: check the device's clock.";
    case Refusal::client_id_reused:
      break;
  }
  return "This client_id was already used for another check-in.";
}

Judgement judge_queued_check_in(const ActivationPeriod& a, const PointNotice& n,
                                std::int64_t facility_id, core::Timestamp at, core::Timestamp now) {
  Judgement j;
  j.after = n.muster;
  auto refuse = [&j](Refusal r) {
    j.outcome = Outcome::rejected;
    j.refusal = r;
    return j;
  };
  if (a.phase == Phase::proposed) return refuse(Refusal::not_approved);
  if (a.phase == Phase::cancelled) return refuse(Refusal::cancelled);
  if (at > now + kClockSkew) return refuse(Refusal::future_time);
  if (!a.activated_at || at < *a.activated_at) return refuse(Refusal::before_activation);
  if (a.phase == Phase::closed && (!a.ended_at || at >= *a.ended_at))
    return refuse(Refusal::after_close);
  if (n.muster.status == Muster::arrived) {
    j.outcome = n.arrived_facility_id == facility_id ? Outcome::already : Outcome::conflict;
    return j;
  }
  j.after.status = Muster::arrived;
  j.after.reason.reset();
  j.after.arrived_at = at;
  j.outcome = facility_id == n.assembly_facility_id ? Outcome::recorded : Outcome::elsewhere;
  return j;
}

}  // namespace qorgan::activation
