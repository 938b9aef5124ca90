#pragma once
// The exact planner started from a plan of the same problem that a heuristic made already (its
// upper bound and its first probe's flow), instead of a qorgan plan of its own: for a planner
// that has such a plan and wants the optimum too.

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

// As make_optimal_planner()->plan(problem, control), with `start` in place of the qorgan plan
// the exact planner would make first. Contract: check_problem(problem) passed and `start` is a
// valid plan of `problem`.
Result<Plan> plan_optimal_from(const Problem& problem, const Plan& start, RunControl& control);

}  // namespace qorgan::evac
