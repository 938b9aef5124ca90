#include "evac/plan/time_error.hpp"

#include <algorithm>
#include <cmath>

namespace qorgan::evac {

TimeError route_time_error(const Network& net, const Plan& plan) {
  TimeError e;
  for (const auto& g : plan.groups) {
    double steps = 0, measured = 0;
    for (const auto& s : g.route) {
      steps += net.travel_time[s.arc];
      measured += net.arc_seconds(s.arc);
    }
    const double model = steps * net.step_seconds;
    e.plan_seconds += model * static_cast<double>(g.count);
    e.measured_seconds += measured * static_cast<double>(g.count);
    if (measured > 0) e.worst_ratio = std::max(e.worst_ratio, model / measured);
    e.worst_group_seconds = std::max(e.worst_group_seconds, std::abs(model - measured));
    const double arrival = g.arrival * net.step_seconds;
    e.egress_seconds = std::max(e.egress_seconds, arrival);
    e.exact_egress_seconds = std::max(e.exact_egress_seconds, arrival - model + measured);
  }
  return e;
}

}  // namespace qorgan::evac
