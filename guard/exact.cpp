// The exact yardstick: the roster model as a MILP, solved by COIN-OR CBC.
//
// x[p,s] = 1 when person p guards shift s (only for people qualified and available for s).
// Per shift: sum_p x[p,s] = u_s + v_s, 0 <= u_s <= min, 0 <= v_s <= target - min.
// Per person, rest and overlap: two shifts conflict when [start, end + min_rest) intervals
// overlap; such intervals form an interval graph whose maximal cliques are the sets containing
// one start instant, so one row per (person, start instant): sum of x over the shifts whose
// interval contains it <= 1. Per person and start instant t: hours of the shifts starting in
// [t, t + 7 d) <= the maximum (the checker's windows).
// Stage 1 maximises (slots + 1) * sum u + sum v (min slots first); stage 2 keeps that value and
// minimises kilometres.
#include <fmt/format.h>
#include <coin/CbcEventHandler.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CbcSolver.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include "guard/prepared.hpp"

namespace qorgan::guard::detail {

namespace {
struct Var {
  std::size_t person, shift;
};

// Stops CBC at its next event once the run is cancelled. CBC's driver solves a copy of the model,
// which gets a clone of this handler, so the clone keeps the same flag.
class StopWhenCancelled : public CbcEventHandler {
 public:
  explicit StopWhenCancelled(const SolveOptions& opt) : opt_(opt) {}
  CbcAction event(CbcEvent) override { return opt_.cancelled() ? stop : noAction; }
  CbcEventHandler* clone() const override { return new StopWhenCancelled(*this); }

 private:
  const SolveOptions& opt_;
};

bool run_cbc(OsiClpSolverInterface& solver, const SolveOptions& opt, std::vector<double>& x,
             bool& optimal) {
  // CBC's own driver: its default cuts and heuristics prove small rosters optimal in moments,
  // where a bare branch and bound wanders.
  CbcModel model(solver);
  StopWhenCancelled handler(opt);
  model.passInEventHandler(&handler);  // a copy
  CbcMain0(model);
  std::string limit = fmt::format("{}", opt.time_limit_seconds);
  const char* argv[] = {"qorgan-guard", "-log", "0", "-sec", limit.c_str(), "-solve", "-quit"};
  model.messageHandler()->setLogLevel(0);
  CbcMain1(int(std::size(argv)), argv, model);
  if (!model.bestSolution()) return false;
  x.assign(model.bestSolution(), model.bestSolution() + model.getNumCols());
  optimal = optimal && model.isProvenOptimal();
  return true;
}
}  // namespace

core::Result<Roster> solve_exact(const Prepared& P, const SolveOptions& opt, bool* optimal) {
  const auto& in = P.in;
  const auto& sh = P.shifts;
  std::vector<Var> vars;
  std::vector<std::vector<std::size_t>> per_person(in.people.size());
  for (std::size_t s = 0; s < sh.size(); ++s)
    for (std::size_t p = 0; p < in.people.size(); ++p)
      if (P.qualified(p, s) && P.available(p, s)) {
        per_person[p].push_back(vars.size());
        vars.push_back({p, s});
      }
  const int nx = int(vars.size()), ns = int(sh.size());
  const int ncols = nx + 2 * ns;  // x, then u_s, then v_s
  std::vector<double> collb(ncols, 0), colub(ncols, 1), obj(ncols, 0);
  long total_slots = 0;
  for (int s = 0; s < ns; ++s) {
    const auto& post = in.posts[sh[s].post];
    colub[nx + s] = post.min_guards;
    colub[nx + ns + s] = post.target_guards - post.min_guards;
    total_slots += post.target_guards;
    obj[nx + ns + s] = -1;
  }
  const double w_min = double(total_slots) + 1;  // one min slot outweighs all slots above min
  for (int s = 0; s < ns; ++s) obj[nx + s] = -w_min;

  // Triplets, made into a matrix once (appending rows one by one copies the matrix each time).
  std::vector<int> trow, tcol;
  std::vector<double> tval;
  std::vector<double> rowlb, rowub;
  auto add_row = [&](const std::vector<int>& idx, const std::vector<double>& val, double lb,
                     double ub) {
    for (std::size_t k = 0; k < idx.size(); ++k) {
      trow.push_back(int(rowlb.size()));
      tcol.push_back(idx[k]);
      tval.push_back(val[k]);
    }
    rowlb.push_back(lb);
    rowub.push_back(ub);
  };
  {
    std::vector<std::vector<int>> by_shift(ns);
    for (int v = 0; v < nx; ++v) by_shift[vars[v].shift].push_back(v);
    for (int s = 0; s < ns; ++s) {
      std::vector<int> idx = by_shift[s];
      std::vector<double> val(idx.size(), 1.0);
      idx.push_back(nx + s), val.push_back(-1);
      idx.push_back(nx + ns + s), val.push_back(-1);
      add_row(idx, val, 0, 0);
    }
  }
  const Timestamp week = 7 * 24 * kHour;
  const double max_hours = double(in.rules.max_per_7_days) / double(kHour);
  for (std::size_t p = 0; p < in.people.size(); ++p) {
    const auto& mine = per_person[p];
    std::vector<Timestamp> starts;
    for (std::size_t v : mine) starts.push_back(sh[vars[v].shift].start);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    for (Timestamp t : starts) {
      std::vector<int> clique, window;
      std::vector<double> hours;
      for (std::size_t v : mine) {
        const auto& s = sh[vars[v].shift];
        if (s.start <= t && t < s.end + in.rules.min_rest) clique.push_back(int(v));
        if (s.start >= t && s.start < t + week) {
          window.push_back(int(v));
          hours.push_back(double(s.end - s.start) / double(kHour));
        }
      }
      if (clique.size() > 1) add_row(clique, std::vector<double>(clique.size(), 1.0), 0, 1);
      double sum = 0;
      for (double h : hours) sum += h;
      if (sum > max_hours + 1e-9) add_row(window, hours, 0, max_hours);
    }
  }
  CoinPackedMatrix m(false, trow.data(), tcol.data(), tval.data(), CoinBigIndex(tval.size()));
  // Columns with no entries (and rows) still count.
  m.setDimensions(int(rowlb.size()), ncols);

  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(m, collb.data(), colub.data(), obj.data(), rowlb.data(), rowub.data());
  for (int v = 0; v < nx; ++v) solver.setInteger(v);

  bool proven = true;
  std::vector<double> x;
  if (opt.cancelled()) return core::fail(cancelled_error());
  const bool found = run_cbc(solver, opt, x, proven);
  if (opt.cancelled()) return core::fail(cancelled_error());
  if (!found)
    return core::fail(core::Error{
        core::ErrorCode::unavailable, "CBC found no roster within the time limit.", {}});
  double fill = 0;
  for (int c = nx; c < ncols; ++c) fill += -obj[c] * std::round(x[c]);
  // Stage 2: the same fill (weighted), the fewest kilometres.
  std::vector<int> idx;
  std::vector<double> val;
  for (int c = nx; c < ncols; ++c) idx.push_back(c), val.push_back(-obj[c]);
  solver.addRow(int(idx.size()), idx.data(), val.data(), fill - 0.5, solver.getInfinity());
  for (int c = 0; c < ncols; ++c)
    solver.setObjCoeff(c, c < nx ? P.km(vars[c].person, vars[c].shift) : 0.0);
  std::vector<double> x2;
  if (run_cbc(solver, opt, x2, proven))
    x = std::move(x2);
  else
    proven = false;
  if (opt.cancelled()) return core::fail(cancelled_error());

  Roster r;
  r.shifts = sh;
  r.guards.resize(sh.size());
  std::vector<Schedule> schedules(in.people.size());
  for (int v = 0; v < nx; ++v)
    if (x[v] > 0.5) {
      r.guards[vars[v].shift].push_back(vars[v].person);
      schedules[vars[v].person].add(sh[vars[v].shift], vars[v].shift);
    }
  P.explain(r, schedules);
  if (optimal) *optimal = proven;
  return r;
}

}  // namespace qorgan::guard::detail
