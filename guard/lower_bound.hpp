#pragma once
// A proven lower bound on a roster's travel, for instances too large for the exact MILP: the
// gap between a fast roster and this bound is at least its gap to the optimum.
//
// The bound is the optimum of a relaxation solved exactly as a min-cost flow (an LP whose
// network simplex solution is integral): each person supplies at most as many shifts as the
// rest and weekly rules could ever allow in the run, each post takes its slots (as many up to
// min_guards and above it as the roster fills), a person serves a post at most once per shift
// of it, and only people who hold the post's skills at some date (and its sex) serve it. What
// is relaxed: the rules between particular shifts, the dates of skills, age and absences. A
// post's nearest `nearest` people get arcs of their own; anyone farther is at least as far as
// the next one, so one arc at that distance without a person's limit stands for them all.
#include <optional>

#include "guard/model.hpp"

namespace qorgan::guard {

struct KmBound {
  long filled_min = 0, filled = 0;  // slots up to min_guards, and slots in all, to fill
  int nearest = 256;                // people with an arc of their own per post
};

// Kilometres (straight line, one way per shift, as RosterSummary::km) that every roster of the
// run [from, from + days) filling exactly b.filled_min slots up to min_guards and b.filled
// slots in all needs at least; nullopt when no roster can fill that many even relaxed.
// Contract: the instance is valid. Time: about posts x people distances, then the flow.
std::optional<double> km_lower_bound(const Instance& in, Day from, int days, const KmBound& b);

}  // namespace qorgan::guard
