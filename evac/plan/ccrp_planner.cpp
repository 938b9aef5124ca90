// CCRP: the Capacity Constrained Route Planner of Lu, George and Shekhar (SSTD 2005), as
// published. A super source is linked to every origin that still has evacuees; each iteration
// runs one generalised shortest-path search from it, over time-dependent available capacities,
// to the earliest-arriving shelter; it sends as many people along that route as the route's
// tightest arc, node and shelter allow (and the origin has left), and books them.
//
// Model choices (see README): people wait at home for free; node capacity bounds waiting only.

#include <algorithm>

#include "evac/plan/heuristic_support.hpp"

namespace qorgan::evac {

namespace {

class CcrpPlanner final : public Planner {
 public:
  std::string_view name() const override { return "ccrp"; }

 protected:
  Result<Plan> run(const Problem& problem, const EgressBound& /*bound*/,
                   RunControl& control) const override {
    if (auto ok = check_problem(problem); !ok) return std::unexpected(ok.error());
    Plan plan;
    plan.planner = "ccrp";
    const auto dist = detail::distance_to_shelters(problem);
    std::vector<People> remaining;
    for (const auto& s : problem.sources) remaining.push_back(s.count);
    Reservations booked(problem);
    EarliestRouteSearch search(problem);
    std::vector<RouteStart> starts;
    const double population = std::max<double>(1, static_cast<double>(problem.population()));
    People routed = 0;
    while (true) {
      if (control.cancelled()) return fail(kCancelledText);
      starts.clear();
      for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
        if (remaining[s] > 0 && dist[problem.sources[s].node] != kUnreachable)
          starts.push_back({s, problem.sources[s].earliest_departure});
      }
      if (starts.empty()) break;
      auto route = search.run(booked, starts);
      if (!route || route->room <= 0) {
        // Either every reachable shelter is full, or bounded holding hid a route: give each
        // waiting origin the no-wait fallback, which settles both cases.
        for (const auto& st : starts)
          detail::route_without_waiting(problem, booked, st.source, remaining[st.source], plan);
        break;
      }
      Group g;
      g.source = route->source;
      g.shelter = route->shelter;
      g.count = std::min(route->room, remaining[route->source]);
      g.route = std::move(route->steps);
      booked.book(g.shelter, g.route, g.count);
      remaining[g.source] -= g.count;
      routed += g.count;
      control.report(static_cast<double>(routed) / population);
      plan.groups.push_back(std::move(g));
    }
    detail::report_unroutable(problem, dist, remaining, plan);
    finish_plan(problem, plan);
    return plan;
  }
};

}  // namespace

std::unique_ptr<Planner> make_ccrp_planner() {
  return std::make_unique<CcrpPlanner>();
}

}  // namespace qorgan::evac
