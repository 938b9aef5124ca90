#pragma once
// One planner run in a forked child, so that the peak resident memory reported is that
// planner's alone (wait4's ru_maxrss), and a planner that runs past its timeout is stopped and
// reported as such instead of stalling a table. Shared by evac_bench and evac_corpus.

#include <string>

#include "evac/plan/planner.hpp"

namespace qorgan::evac::bench {

// Figures of one run; trivially copyable (sent through a pipe).
struct Outcome {
  bool ok = false;
  bool timed_out = false;
  bool valid = false;
  Time egress = 0;
  Time lower_bound = 0;  // the plan's own lower bound on the egress (0 if none)
  double mean = 0;
  People evacuated = 0;
  double seconds = 0;
  double cpu_seconds = 0;   // user + system time of the planning run (all its threads)
  double plan_peak_mb = 0;  // peak resident memory when the plan was made (before validation)
  double peak_mb = 0;       // peak of the whole child, validation included
  // Resident when the child started: what it shares with the caller (inputs held in memory), so
  // that peak_mb - start_mb is the run's own.
  double start_mb = 0;
  double time_ratio = 1;  // time on the roads: plan / measured seconds (plan/time_error.hpp)
  // The egress against the same schedule in measured seconds (TimeError::egress_ratio).
  double egress_ratio = 1;
  std::size_t groups = 0;
};

// Runs `planner` on `problem` in a child; the validation that follows is not timed.
Outcome run_isolated(const std::string& planner, const Problem& problem, int timeout_s);

// The 1-minute load average, for tables made on a shared machine.
std::string load_average();

}  // namespace qorgan::evac::bench
