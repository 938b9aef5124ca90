#include "evac/plan/planner.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace qorgan::evac {

Result<std::unique_ptr<Planner>> make_planner(std::string_view name) {
  if (name == "optimal") return make_optimal_planner();
  if (name == "ccrp") return make_ccrp_planner();
  if (name == "qorgan") return make_qorgan_planner();
  if (name == "shortest") return make_shortest_planner();
  return fail("unknown planner '{}' (choose qorgan, ccrp, shortest or optimal)", name);
}

std::vector<std::string> planner_names() {
  return {"qorgan", "ccrp", "shortest", "optimal"};
}

Result<void> check_problem(const Problem& p) {
  const auto n = p.network.node_count();
  if (n == 0) return fail("the network is empty (no nodes)");
  if (n > static_cast<std::size_t>(kMaxJunctions))
    return fail("the network has {} junctions, more than {}", n, kMaxJunctions);
  if (!step_seconds_ok(p.network.step_seconds))
    return fail("the step length {} s is not above 0 and at most {} s", p.network.step_seconds,
                kMaxStepSeconds);
  People population = 0;  // at most 2 * kMaxPeople: checked at every source
  for (std::size_t i = 0; i < p.sources.size(); ++i) {
    const Source& s = p.sources[i];
    if (s.node >= n) return fail("source {} is on no node", i);
    if (s.count < 1) return fail("source {} has no people", i);
    if (s.count > kMaxPeople)
      return fail("source {} has {} people, more than {}", i, s.count, kMaxPeople);
    population += s.count;
    if (population > kMaxPeople)
      return fail("the sources hold more than {} people (from source {} on)", kMaxPeople, i);
    if (s.earliest_departure < 0) return fail("source {} has a negative earliest departure", i);
    if (s.earliest_departure > kMaxSteps)
      return fail("source {} departs at step {}, later than {}", i, s.earliest_departure,
                  kMaxSteps);
  }
  for (std::size_t i = 0; i < p.shelters.size(); ++i) {
    if (p.shelters[i].node >= n) return fail("shelter {} is on no node", i);
    if (p.shelters[i].capacity < 1) return fail("shelter {} has no capacity", i);
    if (p.shelters[i].capacity > kMaxCapacity)
      return fail("shelter {} has {} places, more than {}", i, p.shelters[i].capacity,
                  kMaxCapacity);
  }
  for (std::size_t a = 0; a < p.network.arc_count(); ++a) {
    if (p.network.capacity[a] < 1 || p.network.travel_time[a] < 0)
      return fail("arc {} has a capacity below 1 or a negative travel time", a);
    if (p.network.capacity[a] > kMaxCapacity)
      return fail("arc {} takes {} people per step, more than {}", a, p.network.capacity[a],
                  kMaxCapacity);
    if (p.network.travel_time[a] > kMaxSteps)
      return fail("arc {} takes {} steps, more than {}", a, p.network.travel_time[a], kMaxSteps);
  }
  for (std::size_t v = 0; v < n; ++v) {
    const People h = p.network.holding[v];
    if (h != kUnlimited && (h < 0 || h > kMaxCapacity))
      return fail("junction {} holds {} people, not from 0 to {}", p.network.node_id[v], h,
                  kMaxCapacity);
  }
  return {};
}

Result<void> check_horizon(const Problem& problem, const EgressBound& bound, Time horizon) {
  if (bound.steps <= horizon) return {};
  const double minutes = static_cast<double>(bound.steps) * problem.network.step_seconds / 60;
  // The reason is a message of its own between the bound and the advice.
  Error e(
      part("the egress would take at least {} steps ({:.0f} min), beyond the horizon of {} "
           "steps: ",
           bound.steps, minutes, horizon));
  if (bound.by_cut >= bound.by_distance)
    e.append(part(
        "{} people can reach a shelter, and at most {} per step cross the narrowest cut between "
        "the origins and the shelters",
        bound.evacuable, bound.per_step));
  else
    e.append(part("the farthest people that must be moved are that far from a shelter"));
  e.append(part("; check the people and capacities, or raise the horizon"));
  return std::unexpected(std::move(e));
}

Result<Plan> Planner::plan(const Problem& problem, RunControl& control) const {
  if (auto ok = check_problem(problem); !ok) return std::unexpected(ok.error());
  const EgressBound bound = egress_bound(problem);
  if (auto ok = check_horizon(problem, bound, control.horizon); !ok)
    return std::unexpected(ok.error());
  // Route steps cost their 8 bytes in the plan, the validator's 16 to count loads, and more
  // while the plan is written out; counted at 64 bytes each.
  constexpr std::uint64_t kBytesPerRouteStep = 64;
  if (bound.route_steps > control.memory_budget / kBytesPerRouteStep)
    return fail(
        "the plan would hold at least {} route steps (every origin's people leave in groups no "
        "larger than its widest road takes in one step), about {:.1f} GB, more than the {:.1f} "
        "GB a run may take; check the people and capacities",
        bound.route_steps, static_cast<double>(bound.route_steps * kBytesPerRouteStep) / 1e9,
        static_cast<double>(control.memory_budget) / 1e9);
  auto plan = run(problem, bound, control);
  // A planner may know a better bound than this one (qorgan, from the exact planner's search).
  if (plan && !plan->optimum)
    plan->lower_bound = std::max(plan->lower_bound.value_or(0), bound.steps);
  return plan;
}

void RunControl::report(double fraction) {
  const double f = from_ + (to_ - from_) * std::clamp(fraction, 0.0, 1.0);
  double seen = progress_.load(std::memory_order_relaxed);
  while (f > seen && !progress_.compare_exchange_weak(seen, f, std::memory_order_relaxed)) {
  }
}

void RunControl::set_range(double from, double to) {
  from_ = outer_.from + (outer_.to - outer_.from) * from;
  to_ = outer_.from + (outer_.to - outer_.from) * to;
}

RunControl::Range RunControl::nest() {
  const Range previous = outer_;
  outer_ = {from_, to_};
  return previous;
}

void RunControl::unnest(Range outer) {
  const Range inner = outer_;
  outer_ = outer;
  from_ = inner.from;
  to_ = inner.to;
}

Result<Plan> run_timed(const Planner& planner, const Problem& problem) {
  RunControl control;
  return run_timed(planner, problem, control);
}

Result<Plan> run_timed(const Planner& planner, const Problem& problem, RunControl& control) {
  const auto start = std::chrono::steady_clock::now();
  auto plan = planner.plan(problem, control);
  if (plan)
    plan->run_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return plan;
}

}  // namespace qorgan::evac
