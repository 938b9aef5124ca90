// shortest: what a GIS analyst does today. Every origin's people go along the static shortest
// path to the nearest shelter that still has room (spilling over to the next nearest when it
// fills up); the roads' capacities are then respected by simulation: groups leave as soon as
// every arc of their fixed path has room at the moment they would enter it (no waiting on the
// way), the earliest waiting group first.

#include <algorithm>
#include <queue>

#include "evac/plan/heuristic_support.hpp"

namespace qorgan::evac {

namespace {

struct Assignment {
  std::uint32_t source;
  std::uint32_t shelter;
  std::vector<ArcIndex> path;
  People people;
  Time next_departure;
};

class ShortestPlanner final : public Planner {
 public:
  std::string_view name() const override { return "shortest"; }

 protected:
  Result<Plan> run(const Problem& problem, const EgressBound& /*bound*/,
                   RunControl& control) const override {
    if (auto ok = check_problem(problem); !ok) return std::unexpected(ok.error());
    const Network& net = problem.network;
    Plan plan;
    plan.planner = "shortest";
    const auto dist = detail::distance_to_shelters(problem);
    std::vector<People> remaining;
    for (const auto& s : problem.sources) remaining.push_back(s.count);
    std::vector<People> room;
    for (const auto& s : problem.shelters) room.push_back(s.capacity);

    // Nearest origins choose first, so that shelter room goes to those closest to it.
    std::vector<Assignment> jobs;
    for (std::uint32_t s : detail::nearest_origins_first(problem, dist)) {
      if (dist[problem.sources[s].node] == kUnreachable) continue;
      std::pair<NodeIndex, Time> root{problem.sources[s].node, 0};
      const auto tree = forward_tree(net, std::span(&root, 1));
      std::vector<std::uint32_t> by_distance;
      for (std::uint32_t h = 0; h < problem.shelters.size(); ++h)
        if (tree.dist[problem.shelters[h].node] != kUnreachable) by_distance.push_back(h);
      std::stable_sort(by_distance.begin(), by_distance.end(), [&](auto a, auto b) {
        return tree.dist[problem.shelters[a].node] < tree.dist[problem.shelters[b].node];
      });
      for (const auto& [h, take] : detail::take_shelter_room(remaining[s], by_distance, room)) {
        remaining[s] -= take;
        jobs.push_back({s, h, path_to(net, tree, problem.shelters[h].node), take,
                        problem.sources[s].earliest_departure});
      }
    }

    // Simulate: the job that can leave earliest goes first.
    Reservations booked(problem);
    using Key = std::pair<Time, std::size_t>;
    std::priority_queue<Key, std::vector<Key>, std::greater<>> queue;
    for (std::size_t j = 0; j < jobs.size(); ++j) queue.emplace(jobs[j].next_departure, j);
    const double population = std::max<double>(1, static_cast<double>(problem.population()));
    People routed = 0;
    while (!queue.empty()) {
      if (control.cancelled()) return fail(kCancelledText);
      auto [t, j] = queue.top();
      queue.pop();
      Assignment& job = jobs[j];
      const auto slot = no_wait_slot(net, booked, job.path, t);
      if (slot.departure > t) {
        queue.emplace(slot.departure, j);  // let groups that can leave sooner go first
        continue;
      }
      Group g;
      g.source = job.source;
      g.shelter = job.shelter;
      g.route = timed_steps(net, job.path, slot.departure);
      g.count = std::min(job.people, slot.room);
      booked.book(g.shelter, g.route, g.count);
      job.people -= g.count;
      routed += g.count;
      control.report(static_cast<double>(routed) / population);
      plan.groups.push_back(std::move(g));
      if (job.people > 0) queue.emplace(slot.departure + 1, j);
    }
    detail::report_unroutable(problem, dist, remaining, plan);
    finish_plan(problem, plan);
    return plan;
  }
};

}  // namespace

std::unique_ptr<Planner> make_shortest_planner() {
  return std::make_unique<ShortestPlanner>();
}

}  // namespace qorgan::evac
