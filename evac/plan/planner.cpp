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
  return fail(fmt::format("unknown planner '{}' (choose qorgan, ccrp, shortest or optimal)", name));
}

std::vector<std::string> planner_names() {
  return {"qorgan", "ccrp", "shortest", "optimal"};
}

Result<void> check_problem(const Problem& p) {
  const auto n = p.network.node_count();
  if (n == 0) return fail("the network is empty (no nodes)");
  for (std::size_t i = 0; i < p.sources.size(); ++i) {
    if (p.sources[i].node >= n) return fail(fmt::format("source {} is on no node", i));
    if (p.sources[i].count < 1) return fail(fmt::format("source {} has no people", i));
    if (p.sources[i].earliest_departure < 0)
      return fail(fmt::format("source {} has a negative earliest departure", i));
  }
  for (std::size_t i = 0; i < p.shelters.size(); ++i) {
    if (p.shelters[i].node >= n) return fail(fmt::format("shelter {} is on no node", i));
    if (p.shelters[i].capacity < 1) return fail(fmt::format("shelter {} has no capacity", i));
  }
  for (std::size_t a = 0; a < p.network.arc_count(); ++a) {
    if (p.network.capacity[a] < 1 || p.network.travel_time[a] < 1)
      return fail(fmt::format("arc {} has capacity or travel time below 1", a));
  }
  return {};
}

void RunControl::report(double fraction) {
  const double f = from_ + (to_ - from_) * std::clamp(fraction, 0.0, 1.0);
  double seen = progress_.load(std::memory_order_relaxed);
  while (f > seen && !progress_.compare_exchange_weak(seen, f, std::memory_order_relaxed)) {
  }
}

void RunControl::set_range(double from, double to) {
  from_ = from;
  to_ = to;
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
