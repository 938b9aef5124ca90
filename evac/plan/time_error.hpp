#pragma once
// How far a plan's travel times are from the measured ones: the plan counts whole steps per arc
// (Network::travel_time), the network keeps what each arc takes in seconds (Network::seconds).
// Waiting is not part of either: only the time on the roads is compared.

#include "evac/plan/plan.hpp"

namespace qorgan::evac {

struct TimeError {
  double plan_seconds = 0;      // people x seconds on the roads, as the plan counts them
  double measured_seconds = 0;  // the same routes in measured seconds
  double worst_ratio = 1;       // the largest plan / measured of any one group
  // The egress in seconds as the plan counts it (egress steps x step), and the same schedule
  // in measured seconds: every group leaves when the plan says and waits where it says as long
  // as it says, but takes each road's measured seconds, so it arrives
  // (steps on its roads x step - their measured seconds) earlier or later.
  double egress_seconds = 0;
  double exact_egress_seconds = 0;
  // The largest |steps x step - measured seconds| of one group's roads.
  double worst_group_seconds = 0;
  // plan / measured over everyone (1 when nobody moves or nothing was measured).
  double ratio() const { return measured_seconds > 0 ? plan_seconds / measured_seconds : 1.0; }
  double egress_ratio() const {
    return exact_egress_seconds > 0 ? egress_seconds / exact_egress_seconds : 1.0;
  }
};

TimeError route_time_error(const Network& net, const Plan& plan);

}  // namespace qorgan::evac
