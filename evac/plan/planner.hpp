#pragma once
// One interface for every planner: same Problem in, same Plan out. Planners never drop people:
// whoever they cannot route is listed in Plan::unroutable with the reason.

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evac/error.hpp"
#include "evac/limits.hpp"
#include "evac/plan/plan.hpp"

namespace qorgan::evac {

// Lets another thread watch a planning run and stop it. Planners report the share of the work
// done (for the heuristics: people routed / population) and look at `cancelled()` between
// bookings or search rounds; a cancelled run fails with kCancelled and returns no plan.
class RunControl {
 public:
  // The longest evacuation a planner attempts, in steps: when egress_bound() shows that the
  // egress would take longer, the run fails at once and says so with the bound.
  Time horizon = kDefaultHorizon;
  // Memory a planner may plan to take for its largest structure (optimal: the time-expanded
  // network), in bytes; past it the run is refused with the estimate before allocating.
  std::size_t memory_budget = kDefaultMemoryBudget;

  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // 0..1; never decreases while one run reports into a sub-range.
  double progress() const { return progress_.load(std::memory_order_relaxed); }
  void report(double fraction);
  // Maps later report(0..1) calls onto [from, to] of the enclosing range: the whole run, or
  // the phase that an enclosing planner gave this one (nest()).
  void set_range(double from, double to);
  // For a planner that runs another as one phase of its own work: makes the current range the
  // enclosing one, so that the inner planner's set_range() calls map inside it; unnest() with
  // the value returned restores the outer planner's.
  struct Range {
    double from = 0, to = 1;
  };
  Range nest();
  void unnest(Range outer);

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<double> progress_{0};
  double from_ = 0, to_ = 1;
  Range outer_;
};

// As terms, so that the catalogue translates them (fail(kCancelledText)).
inline constexpr Term kCancelledText = term("planning was cancelled");
inline constexpr std::string_view kCancelled = kCancelledText.key;
// When the allocator refused (a run past every estimate of limits.hpp and the budgets).
inline constexpr Term kOutOfMemoryText = term(
    "the plan needed more memory than could be had; plan fewer people, check the capacities, "
    "or use the qorgan planner");
inline constexpr std::string_view kOutOfMemory = kOutOfMemoryText.key;

class Planner {
 public:
  virtual ~Planner() = default;
  virtual std::string_view name() const = 0;
  // Fails only on unusable input (e.g. an empty network, values past limits.hpp), when the
  // egress would exceed the control's horizon, or when cancelled; never because people cannot
  // be routed. Sets Plan::lower_bound (egress_bound) unless the planner knows the optimum.
  Result<Plan> plan(const Problem& problem) const {
    RunControl control;
    return plan(problem, control);
  }
  Result<Plan> plan(const Problem& problem, RunControl& control) const;

 protected:
  // `bound`: egress_bound(problem), which plan() computed to check the horizon; a planner that
  // needs it takes it from here instead of computing it again (two static max-flows, and on
  // smaller networks a search from every shelter junction).
  virtual Result<Plan> run(const Problem& problem, const EgressBound& bound,
                           RunControl& control) const = 0;
};

std::unique_ptr<Planner> make_optimal_planner();
std::unique_ptr<Planner> make_ccrp_planner();
std::unique_ptr<Planner> make_qorgan_planner(int threads = 2);
std::unique_ptr<Planner> make_shortest_planner();

// By name: optimal, ccrp, qorgan, shortest.
Result<std::unique_ptr<Planner>> make_planner(std::string_view name);
std::vector<std::string> planner_names();

// Checks shared by all planners (non-empty network, sources and shelters on existing nodes,
// every figure within limits.hpp).
Result<void> check_problem(const Problem& problem);

// Fails when `bound` shows that the egress would exceed `horizon` steps, with a message giving
// the bound and where it comes from.
Result<void> check_horizon(const Problem& problem, const EgressBound& bound, Time horizon);

// Why people at a source cannot be routed, as put in Plan::unroutable (translate() gives them in
// another language).
inline constexpr std::string_view kNoShelterReachable =
    term("no shelter can be reached from this origin by road").key;
inline constexpr std::string_view kSheltersFull =
    term("every shelter reachable from this origin is full (shelter capacity below population)")
        .key;

// Runs `planner` and measures its wall time into Plan::run_seconds.
Result<Plan> run_timed(const Planner& planner, const Problem& problem);
Result<Plan> run_timed(const Planner& planner, const Problem& problem, RunControl& control);

}  // namespace qorgan::evac
