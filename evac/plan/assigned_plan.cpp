#include "evac/plan/assigned_plan.hpp"

#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <optional>
#include <span>
#include <tuple>

#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/shelter_trees.hpp"
#include "evac/plan/timeline.hpp"

namespace qorgan::evac {

namespace {

// The timings stop after this many arcs looked at (what is not timed by then stays at home):
// a share of many people over roads of little capacity is booked a few people at a time.
constexpr std::uint64_t kTimingWork = 50'000'000;

}  // namespace

std::optional<AssignedPlan> assigned_plan(const Problem& p, Time horizon,
                                          const AssignmentLimits& limits,
                                          const std::function<bool()>& cancelled,
                                          const ShelterTrees* trees) {
  const Network& net = p.network;
  auto shelters = shelter_places(p, limits);
  if (!shelters) return std::nullopt;
  const auto& places = shelters->nodes;
  const auto& room = shelters->room;
  std::vector<std::vector<std::uint32_t>> shelters_at(places.size());
  for (std::uint32_t h = 0; h < p.shelters.size(); ++h)
    shelters_at[std::lower_bound(places.begin(), places.end(), p.shelters[h].node) - places.begin()]
        .push_back(h);

  AssignedPlan out;
  std::optional<Towards> towards;
  if (!trees) towards.emplace(net);
  // The pairs of an origin and a shelter junction it reaches by the horizon, in order of
  // origin (StaticDigraph wants arcs in order of tail).
  struct Pair {
    std::uint32_t source, place;
    Time travel;
  };
  std::vector<Pair> pairs;
  // No origin that leaves at its earliest reaches a shelter by the horizon from further away.
  std::int64_t reach = -1;
  for (const auto& s : p.sources)
    reach = std::max<std::int64_t>(reach, std::int64_t{horizon} - s.earliest_departure);
  // Place k's tree: shared (its junctions past `reach` are not cut off, but no origin leaving
  // at its earliest reaches the shelter by the horizon from them) or searched.
  std::span<const Time> dist;
  std::span<const ArcIndex> next;
  auto tree = [&](std::uint32_t k) {
    if (trees) {
      out.work += trees->looked(k, reach);
      dist = trees->dist(k);
      next = trees->next(k);
    } else {
      out.work += towards->run(places[k], reach);
      dist = towards->dist;
      next = towards->next;
    }
  };
  for (std::uint32_t k = 0; k < places.size(); ++k) {
    if (cancelled && cancelled()) return std::nullopt;
    tree(k);
    for (std::uint32_t s = 0; s < p.sources.size(); ++s) {
      const Time d = dist[p.sources[s].node];
      if (p.sources[s].count > 0 && d != kUnreachable &&
          std::int64_t{p.sources[s].earliest_departure} + d <= horizon)
        pairs.push_back({s, k, d});
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return std::tie(a.source, a.place) < std::tie(b.source, b.place);
  });

  // Nodes: 0 the root, 1 + s the origins, first_place + k the shelter junctions, then the sink.
  // The most people who can be given shelters (a max-flow), then the assignment of that many at
  // the least total travel time (a min-cost flow).
  const int first_place = 1 + static_cast<int>(p.sources.size());
  const int sink = first_place + static_cast<int>(places.size());
  std::vector<std::pair<int, int>> arcs;
  std::vector<People> caps, costs;
  for (std::uint32_t s = 0; s < p.sources.size(); ++s) {
    arcs.emplace_back(0, 1 + static_cast<int>(s));
    caps.push_back(p.sources[s].count);
    costs.push_back(0);
  }
  const std::size_t first_pair = arcs.size();
  for (const auto& x : pairs) {
    arcs.emplace_back(1 + static_cast<int>(x.source), first_place + static_cast<int>(x.place));
    caps.push_back(p.sources[x.source].count);
    costs.push_back(x.travel);
  }
  for (std::uint32_t k = 0; k < places.size(); ++k) {
    arcs.emplace_back(first_place + static_cast<int>(k), sink);
    caps.push_back(room[k]);
    costs.push_back(0);
  }
  lemon::StaticDigraph g;
  g.build(sink + 1, arcs.begin(), arcs.end());
  lemon::StaticDigraph::ArcMap<People> cap(g), cost(g);
  for (int i = 0; i < static_cast<int>(caps.size()); ++i) {
    cap[g.arc(i)] = caps[i];
    cost[g.arc(i)] = costs[i];
  }
  lemon::Preflow<lemon::StaticDigraph, lemon::StaticDigraph::ArcMap<People>> most(g, cap, g.node(0),
                                                                                  g.node(sink));
  most.runMinCut();
  const People given = most.flowValue();
  if (given <= 0) return out;
  lemon::NetworkSimplex<lemon::StaticDigraph, People, People> cheapest(g);
  cheapest.upperMap(cap).costMap(cost).stSupply(g.node(0), g.node(sink), given);
  if (cheapest.run() != decltype(cheapest)::OPTIMAL) return std::nullopt;

  // Each origin's share of a shelter junction and its path there.
  struct Share {
    std::uint32_t source, place;
    People people;
    Time travel;
    std::size_t first, last;  // its arcs in `path_arcs`
  };
  std::vector<Share> shares;
  for (std::size_t i = 0; i < pairs.size(); ++i)
    if (const People f = cheapest.flow(g.arc(static_cast<int>(first_pair + i))); f > 0)
      shares.push_back({pairs[i].source, pairs[i].place, f, pairs[i].travel, 0, 0});
  std::sort(shares.begin(), shares.end(), [](const Share& a, const Share& b) {
    return std::tie(a.place, a.source) < std::tie(b.place, b.source);
  });
  std::vector<ArcIndex> path_arcs;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    if (i == 0 || shares[i].place != shares[i - 1].place) {
      if (cancelled && cancelled()) return std::nullopt;
      tree(shares[i].place);
    }
    Share& x = shares[i];
    x.first = path_arcs.size();
    for (NodeIndex v = p.sources[x.source].node; next[v] != kNoArc; v = net.head[next[v]])
      path_arcs.push_back(next[v]);
    x.last = path_arcs.size();
    if (path_arcs.size() > kAssignedPathArcs) return std::nullopt;
  }

  // The shares with the least time to spare go first: they must leave at once and not wait.
  auto spare = [&](const Share& x) {
    return std::int64_t{horizon} - p.sources[x.source].earliest_departure - x.travel;
  };
  std::sort(shares.begin(), shares.end(), [&](const Share& a, const Share& b) {
    return std::tuple(spare(a), a.source, a.place) < std::tuple(spare(b), b.source, b.place);
  });
  Timeline booked(p);
  std::vector<Step> steps;
  std::uint64_t timing = 0;
  for (const Share& x : shares) {
    const std::span<const ArcIndex> path(path_arcs.data() + x.first, x.last - x.first);
    const Time departure = p.sources[x.source].earliest_departure;
    for (People left = x.people; left > 0 && timing <= kTimingWork;) {
      timing += path.size() + 1;
      Time at_least = 0;
      const Time arrival = booked.retime(path, departure, steps, horizon, x.travel, 1, at_least);
      if (arrival < 0) break;  // later than the horizon, or a bounded junction cannot hold the wait
      const auto& at = shelters_at[x.place];
      const auto h = std::find_if(at.begin(), at.end(),
                                  [&](std::uint32_t s) { return booked.shelter_free(s) > 0; });
      if (h == at.end()) break;
      const People count = std::min(left, booked.route_room(*h, steps));
      if (count <= 0) break;
      booked.book(*h, steps, count);
      out.groups.push_back(
          {x.source, count, steps, *h, steps.empty() ? departure : steps.front().enter, arrival});
      left -= count;
      out.people += count;
    }
  }
  out.work += timing;
  return out;
}

}  // namespace qorgan::evac
