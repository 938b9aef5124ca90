#pragma once
// Roster solvers. Both return a roster that keeps every hard rule (guard/checker.hpp judges);
// they differ in how close to optimal it is and in how long they take.
//
// Objectives, in order: fill every slot that can be filled (slots up to min_guards first, then
// up to target_guards), then the fewest travel kilometres (home to post, per shift), then even
// hours between people, then continuity (the same person at the same post on consecutive days).
//
//  - fast: the shifts starting at one instant are assigned together by a min-cost flow (LEMON's
//    network simplex) over each post's nearest eligible people, in time order; then repair
//    passes fill empty slots (a guard of an earlier or later shift handed to another person to
//    free someone, one or two people's weeks rescheduled) until an upper bound on the fill (a
//    maximum flow) is reached; a travel pass shortens kilometres at equal fill (a shift moved to
//    a nearer person, two people's shifts swapped, short ejection chains); the guards of each
//    block of shifts no one can hold two of are assigned again at once by the flow; last, the
//    shifts of two or three people at once are re-assigned exactly, kept only if fill or
//    kilometres improve. Each pass has a budget of rule checks. Deterministic: the same instance
//    gives the same roster.
//  - exact: the same model as a MILP solved by COIN-OR CBC in two stages (the most slots, min
//    slots weighted first; then the fewest kilometres among rosters filling that many). Even
//    hours and continuity are not in its objective. For small instances: it is the yardstick.
#include <atomic>
#include <cstdint>

#include "guard/model.hpp"

namespace qorgan::guard {

enum class Method { fast, exact };

struct SolveOptions {
  Method method = Method::fast;
  const Distance* distance = nullptr;  // nullptr: straight line
  int candidates = 48;                 // fast: nearest eligible people per post and shift
  double time_limit_seconds = 60;      // exact: per stage
  // Set by another thread to stop: both solvers look at it often (the fast one between groups of
  // shifts and repairs, CBC at its events) and then return cancelled() instead of a roster.
  const std::atomic<bool>* cancel = nullptr;
  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

// What solve() returns when options.cancel was set during the solve.
core::Error cancelled_error();
bool is_cancelled(const core::Error& e);

struct RosterSummary {
  long slots_min = 0, filled_min = 0;  // slots up to min_guards, and how many are filled
  long slots = 0, filled = 0;          // slots up to target_guards
  double km = 0;                       // total travel, one way per shift
  double hours_min = 0, hours_max = 0, hours_mean = 0, hours_stddev = 0;  // over people on duty
  long people_on_duty = 0;
  long continuity = 0;   // assignments with the same person at the same post the day before
  bool optimal = false;  // exact: CBC proved both stages optimal
};

core::Result<Roster> solve(const Instance& in, Day from, int days, const SolveOptions& opt = {},
                           RosterSummary* summary = nullptr);

RosterSummary summarize(const Instance& in, const Roster& roster,
                        const Distance* distance = nullptr);

}  // namespace qorgan::guard
