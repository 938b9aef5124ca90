#include "evac/plan/plan.hpp"

#include <algorithm>
#include <limits>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/max_flow.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/graph/strong_components.hpp"
#include "evac/plan/assignment_bound.hpp"

namespace qorgan::evac {

Time arrival_of(const Problem& problem, const Group& g) {
  return g.route.empty() ? problem.sources[g.source].earliest_departure
                         : g.route.back().enter + problem.network.travel_time[g.route.back().arc];
}

void finish_plan(const Problem& problem, Plan& plan) {
  plan.problem_fingerprint = problem.fingerprint();
  plan.egress_time = 0;
  plan.evacuated = 0;
  plan.total_evacuation_time = 0;
  for (auto& g : plan.groups) {
    g.departure =
        g.route.empty() ? problem.sources[g.source].earliest_departure : g.route.front().enter;
    g.arrival = arrival_of(problem, g);
    plan.egress_time = std::max(plan.egress_time, g.arrival);
    plan.evacuated += g.count;
    plan.total_evacuation_time += static_cast<double>(g.count) * g.arrival;
  }
  plan.mean_evacuation_time =
      plan.evacuated > 0 ? plan.total_evacuation_time / static_cast<double>(plan.evacuated) : 0;
}

namespace {

// The fewest arcs from each node to a shelter's node (breadth first, backwards).
std::vector<std::uint32_t> hops_to_shelters(const Problem& p, const InArcs& in) {
  constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> hops(p.network.node_count(), kNone);
  std::vector<NodeIndex> queue;
  for (const auto& h : p.shelters)
    if (hops[h.node] == kNone) hops[h.node] = 0, queue.push_back(h.node);
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const NodeIndex v = queue[i];
    for (const ArcIndex a : in.into(v))
      if (const NodeIndex u = p.network.tail[a]; hops[u] == kNone)
        hops[u] = hops[v] + 1, queue.push_back(u);
  }
  return hops;
}

}  // namespace

EgressBound egress_bound(const Problem& problem) {
  EgressBound b;
  const Network& net = problem.network;
  if (problem.sources.empty() || problem.shelters.empty() || net.node_count() == 0) return b;
  std::vector<NodeIndex> targets;
  for (const auto& s : problem.shelters) targets.push_back(s.node);
  const auto dist = distances_to(net, targets);
  const bool exact = net.arc_count() <= kExactBoundArcs;
  People reachable = 0, places = 0;
  for (const auto& s : problem.sources)
    if (dist[s.node] != kUnreachable) reachable += s.count;
  for (const auto& h : problem.shelters) places += h.capacity;
  if (exact) b.evacuable = evacuable_people(problem);
  const InArcs in_arcs(net);
  if (!exact && strongly_connected(net, in_arcs)) b.evacuable = std::min(reachable, places);
  const People m = b.evacuable;
  if (m <= 0) return b;
  // Route steps: origins by steps per person, cheapest first, until M people are covered.
  {
    const auto hops = hops_to_shelters(problem, in_arcs);
    struct Cost {
      double per_person;
      People people;
    };
    std::vector<Cost> costs;
    for (const auto& s : problem.sources) {
      if (dist[s.node] == kUnreachable || hops[s.node] == 0) continue;
      People widest = 1;
      for (ArcIndex a = net.out_begin(s.node); a < net.out_end(s.node); ++a)
        widest = std::max(widest, net.capacity[a]);
      costs.push_back({static_cast<double>(hops[s.node]) / static_cast<double>(widest), s.count});
    }
    std::sort(costs.begin(), costs.end(),
              [](const Cost& x, const Cost& y) { return x.per_person < y.per_person; });
    People left = m;
    double steps = 0;
    for (const auto& c : costs) {
      if (left <= 0) break;
      const People take = std::min(left, c.people);
      steps += c.per_person * static_cast<double>(take);
      left -= take;
    }
    b.route_steps = static_cast<std::uint64_t>(steps);
  }
  // By distance: the M-th person in order of earliest arrival without congestion.
  std::vector<std::pair<std::int64_t, People>> keyed;
  for (const auto& s : problem.sources)
    if (dist[s.node] != kUnreachable)
      keyed.emplace_back(std::int64_t{s.earliest_departure} + dist[s.node], s.count);
  std::sort(keyed.begin(), keyed.end());
  People seen = 0;
  for (const auto& [key, count] : keyed) {
    seen += count;
    if (seen >= m) {
      b.by_distance = static_cast<Time>(std::min<std::int64_t>(key, kUnreachable - 1));
      break;
    }
  }
  // By the cut.
  if (exact) {
    b.per_step = max_flow_per_step(problem).value;
  } else {
    std::vector<char> shelter_node(net.node_count(), 0);
    for (const auto& h : problem.shelters) shelter_node[h.node] = 1;
    std::vector<People> at_node(net.node_count(), 0);
    for (const auto& s : problem.sources) at_node[s.node] += s.count;
    // Out of the origins: per origin its people or its arcs' capacity (people already at a
    // shelter's junction count whole).
    People out = 0, in = 0;
    for (NodeIndex v = 0; v < net.node_count(); ++v) {
      if (at_node[v] == 0) continue;
      if (shelter_node[v]) {
        out += at_node[v];
        in += at_node[v];
        continue;
      }
      People cap = 0;
      for (ArcIndex a = net.out_begin(v); a < net.out_end(v); ++a) cap += net.capacity[a];
      out += std::min(cap, at_node[v]);
    }
    // Into the shelters: per shelter junction its places or its arcs' capacity.
    std::vector<People> room(net.node_count(), 0), into(net.node_count(), 0);
    for (const auto& h : problem.shelters) room[h.node] += h.capacity;
    for (ArcIndex a = 0; a < net.arc_count(); ++a)
      if (shelter_node[net.head[a]]) into[net.head[a]] += net.capacity[a];
    for (NodeIndex v = 0; v < net.node_count(); ++v)
      if (shelter_node[v]) in += std::min(room[v], into[v]);
    b.per_step = std::min(out, in);
  }
  if (b.per_step > 0 && m > b.per_step) {
    // Crossing the cut in steps 0 .. T - 1 arrives by T; where some road takes zero steps
    // (carry_remainders.hpp) people crossing it in step T may arrive in step T too.
    const bool instant = std::ranges::find(net.travel_time, Time{0}) != net.travel_time.end();
    const People steps = (m + b.per_step - 1) / b.per_step - (instant ? 1 : 0);
    b.by_cut = static_cast<Time>(std::min<People>(steps, kUnreachable - 1));
  }
  b.steps = std::max(b.by_distance, b.by_cut);
  if (auto a = assignment_bound(problem, m, b.steps, kAssignmentForEveryPlan)) b.by_assignment = *a;
  b.steps = std::max(b.steps, b.by_assignment);
  return b;
}

Time egress_lower_bound(const Problem& problem) {
  return egress_bound(problem).steps;
}

}  // namespace qorgan::evac
