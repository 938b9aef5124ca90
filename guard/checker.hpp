#pragma once
// Independent roster checker: the judge of the solvers in tests. It trusts nothing a solver
// computed: it expands the shifts itself and checks every hard rule for every person.
//
// Rules checked:
//  - the roster's shifts are exactly expand_shifts(instance, from, days);
//  - every guard is a known person, at most once per shift, and no shift has more guards than
//    its post's target;
//  - each guard holds every skill the post requires, valid on the shift's date, and the post's
//    sex and minimum age where it has them;
//  - no guard serves a shift overlapping one of their absences;
//  - no guard has two overlapping shifts (which includes two posts in one shift);
//  - between the end of a guard's shift and the start of their next one there is at least the
//    minimum rest;
//  - in any window of 7 x 24 h starting at one of a guard's shifts, the hours of their shifts
//    starting in it are at most the maximum;
//  - every shift below its target is reported unfilled with the right missing counts, and no
//    full shift is.
#include <string>
#include <vector>

#include "guard/model.hpp"

namespace qorgan::guard {

struct CheckReport {
  std::vector<std::string> violations;  // one line each, naming person, post and local time
  bool ok() const { return violations.empty(); }
};

CheckReport check(const Instance& in, Day from, int days, const Roster& roster);

}  // namespace qorgan::guard
