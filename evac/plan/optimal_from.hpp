#pragma once
// The exact planner started from a plan of the same problem that a heuristic makes, instead of a
// qorgan plan of its own: for a planner that has such a plan (or can make one) and wants the
// optimum too.

#include <functional>
#include <optional>

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

// A heuristic plan of the problem, made when asked for: none if it could not be made (e.g.
// cancelled).
using StartPlan = std::function<std::optional<Plan>()>;

// As make_optimal_planner()->plan(problem, control), with `start` in place of the qorgan plan
// the exact planner would make first. `start` is called at most once, and only where the search
// needs the plan: where the assigned plans give no upper bound (optimal_planner.cpp), so a
// caller whose plan costs more than the search does not wait for it there. With `work_limit`
// (not 0) the search stops once its max-flows have looked at that many arcs (pushes,
// relabellings' scans, global relabellings: a count, not a time, so where it stops does not
// depend on the machine's load), or before, where it foresees passing that by far; the walk
// of the best flow's paths after the search is not limited, so a search that ends within the
// limit gives its optimum. Stopped after a horizon reached everyone, it gives that horizon's plan
// without `optimum` and with `lower_bound` the bound its probes proved; stopped before, it fails. A
// plan with `optimum` is the optimum. Contract: check_problem(problem) passed and a plan `start`
// returns is a valid plan of `problem`. `bound`: egress_bound(problem) where the caller has it
// (Planner::run is given it), else it is computed. `walked`: where given, set to the units of
// work of the walk that cuts the best flow into paths (left as it is where no flow was cut).
Result<Plan> plan_optimal_from(const Problem& problem, const StartPlan& start, RunControl& control,
                               std::uint64_t work_limit = 0, const EgressBound* bound = nullptr,
                               std::uint64_t* walked = nullptr);

}  // namespace qorgan::evac
