#include "evac/plan/assigned_plan.hpp"

#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <queue>
#include <span>
#include <tuple>

#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/timeline.hpp"

namespace qorgan::evac {

namespace {

// The timings stop after this many arcs looked at (what is not timed by then stays at home):
// a share of many people over roads of little capacity is booked a few people at a time.
constexpr std::uint64_t kTimingWork = 50'000'000;

// Static shortest paths towards one junction over the reversed arcs, up to a travel time:
// each junction's travel time there and the arc it leaves by on the way (kUnreachable and kNoArc
// where it is further, kNoArc at the target). A junction's arc leads to one settled before it,
// so following the arcs never circles, zero-step roads included.
class Towards {
 public:
  explicit Towards(const Network& net) : net_(&net) {
    const auto n = net.node_count();
    first_in_.assign(n + 1, 0);
    for (ArcIndex a = 0; a < net.arc_count(); ++a) ++first_in_[net.head[a] + 1];
    for (std::size_t v = 0; v < n; ++v) first_in_[v + 1] += first_in_[v];
    in_.resize(net.arc_count());
    auto fill = first_in_;
    for (ArcIndex a = 0; a < net.arc_count(); ++a) in_[fill[net.head[a]]++] = a;
  }

  // Returns the arcs looked at.
  std::uint64_t run(NodeIndex target, std::int64_t up_to) {
    const Network& net = *net_;
    dist.assign(net.node_count(), kUnreachable);
    next.assign(net.node_count(), kNoArc);
    using Entry = std::pair<std::int64_t, NodeIndex>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    std::uint64_t looked = 0;
    dist[target] = 0;
    heap.emplace(0, target);
    while (!heap.empty()) {
      const auto [d, u] = heap.top();
      heap.pop();
      if (d != dist[u]) continue;
      if (d > up_to) break;  // the rest is further still
      looked += first_in_[u + 1] - first_in_[u];
      for (ArcIndex i = first_in_[u]; i < first_in_[u + 1]; ++i) {
        const ArcIndex a = in_[i];
        const std::int64_t nd = d + net.travel_time[a];
        const NodeIndex v = net.tail[a];
        if (nd < dist[v]) {
          dist[v] = static_cast<Time>(nd);
          next[v] = a;
          heap.emplace(nd, v);
        }
      }
    }
    for (NodeIndex v = 0; v < net.node_count(); ++v)
      if (dist[v] > up_to) {
        dist[v] = kUnreachable;
        next[v] = kNoArc;
      }
    return looked + net.node_count();
  }

  std::vector<Time> dist;
  std::vector<ArcIndex> next;

 private:
  const Network* net_;
  std::vector<ArcIndex> first_in_, in_;
};

}  // namespace

std::optional<AssignedPlan> assigned_plan(const Problem& p, Time horizon,
                                          const AssignmentLimits& limits,
                                          const std::function<bool()>& cancelled) {
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
  Towards towards(net);
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
  for (std::uint32_t k = 0; k < places.size(); ++k) {
    if (cancelled && cancelled()) return std::nullopt;
    out.work += towards.run(places[k], reach);
    for (std::uint32_t s = 0; s < p.sources.size(); ++s) {
      const Time d = towards.dist[p.sources[s].node];
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
      out.work += towards.run(places[shares[i].place], reach);
    }
    Share& x = shares[i];
    x.first = path_arcs.size();
    for (NodeIndex v = p.sources[x.source].node; towards.next[v] != kNoArc;
         v = net.head[towards.next[v]])
      path_arcs.push_back(towards.next[v]);
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
