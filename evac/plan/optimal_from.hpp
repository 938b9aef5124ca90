#pragma once
// The exact planner started from a plan of the same problem that a heuristic made already (its
// upper bound and its first probe's flow), instead of a qorgan plan of its own: for a planner
// that has such a plan and wants the optimum too.

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

// As make_optimal_planner()->plan(problem, control), with `start` in place of the qorgan plan
// the exact planner would make first. With `work_limit` (not 0) the run fails once its
// max-flows have looked at that many arcs (pushes, relabellings' scans, global relabellings,
// the paths' walk: a count, not a time, so where it stops does not depend on the machine's
// load). Contract: check_problem(problem) passed and `start` is a valid plan of `problem`.
Result<Plan> plan_optimal_from(const Problem& problem, const Plan& start, RunControl& control,
                               std::uint64_t work_limit = 0);

}  // namespace qorgan::evac
