#pragma once
// One interface for every planner: same Problem in, same Plan out. Planners never drop people:
// whoever they cannot route is listed in Plan::unroutable with the reason.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evac/error.hpp"
#include "evac/plan/plan.hpp"

namespace qorgan::evac {

class Planner {
 public:
  virtual ~Planner() = default;
  virtual std::string_view name() const = 0;
  // Fails only on unusable input (e.g. an empty network), never because people cannot be routed.
  virtual Result<Plan> plan(const Problem& problem) const = 0;
};

std::unique_ptr<Planner> make_optimal_planner();
std::unique_ptr<Planner> make_ccrp_planner();
std::unique_ptr<Planner> make_qorgan_planner(int threads = 2);
std::unique_ptr<Planner> make_shortest_planner();

// By name: optimal, ccrp, qorgan, shortest.
Result<std::unique_ptr<Planner>> make_planner(std::string_view name);
std::vector<std::string> planner_names();

// Checks shared by all planners (non-empty network, sources and shelters on existing nodes).
Result<void> check_problem(const Problem& problem);

// Why people at a source cannot be routed, as put in Plan::unroutable.
inline constexpr std::string_view kNoShelterReachable =
    "no shelter can be reached from this origin by road";
inline constexpr std::string_view kSheltersFull =
    "every shelter reachable from this origin is full (shelter capacity below population)";

// Runs `planner` and measures its wall time into Plan::run_seconds.
Result<Plan> run_timed(const Planner& planner, const Problem& problem);

}  // namespace qorgan::evac
