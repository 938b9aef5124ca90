#include "evac/plan/flow_routes.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <queue>

#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/graph/strong_components.hpp"

namespace qorgan::evac {

namespace {

using Cap = std::int64_t;
// Flow units per person per step: rates are fractions of a person per step (a source of 50
// people over 1,000 steps sends 0.05), and rounding each origin up to a whole unit must not add
// up to a noticeable demand over tens of thousands of origins.
constexpr Cap kScale = Cap{1} << 14;
constexpr Cap kInf = std::numeric_limits<Cap>::max() / 8;
constexpr Time kHorizonLimit = 1 << 26;
// Flows at T, T/2, T/4, ...: enough detours for the crowded middle of an evacuation, each round
// costing one NetworkSimplex.
constexpr int kFlowRounds = 5;

enum class Kind : std::uint8_t { kRoad, kLink, kPool, kOrigin, kBypass };

struct ArcSpec {
  int tail, head;
  Kind kind;
  std::uint32_t ref;  // arc, shelter or origin index
};

}  // namespace

FlowRoutes routes_from_static_flow(const Problem& problem, const std::vector<Time>& dist,
                                   RunControl& control) {
  FlowRoutes out;
  out.of_source.resize(problem.sources.size());
  const Network& net = problem.network;
  const int n = static_cast<int>(net.node_count());
  const int S = n, T = n + 1, first_pool = n + 2;
  const auto n_shelters = static_cast<std::uint32_t>(problem.shelters.size());

  // Origins: distinct nodes with people who can reach a shelter.
  std::vector<std::uint32_t> origin_of_node(net.node_count(), UINT32_MAX);
  std::vector<NodeIndex> origins;
  std::vector<std::vector<std::uint32_t>> sources_at;
  People population = 0;
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
    const NodeIndex v = problem.sources[s].node;
    if (dist[v] == kUnreachable) continue;
    if (origin_of_node[v] == UINT32_MAX) {
      origin_of_node[v] = static_cast<std::uint32_t>(origins.size());
      origins.push_back(v);
      sources_at.emplace_back();
    }
    sources_at[origin_of_node[v]].push_back(s);
    population += problem.sources[s].count;
  }
  if (origins.empty() || n_shelters == 0) return out;

  std::vector<ArcSpec> specs;
  specs.reserve(net.arc_count() + 2 * n_shelters + origins.size());
  for (ArcIndex a = 0; a < net.arc_count(); ++a)
    specs.push_back({static_cast<int>(net.tail[a]), static_cast<int>(net.head[a]), Kind::kRoad, a});
  for (std::uint32_t h = 0; h < n_shelters; ++h) {
    specs.push_back({static_cast<int>(problem.shelters[h].node), first_pool + static_cast<int>(h),
                     Kind::kLink, h});
    specs.push_back({first_pool + static_cast<int>(h), T, Kind::kPool, h});
  }
  for (std::uint32_t o = 0; o < origins.size(); ++o)
    specs.push_back({S, static_cast<int>(origins[o]), Kind::kOrigin, o});
  specs.push_back({S, T, Kind::kBypass, 0});
  std::stable_sort(specs.begin(), specs.end(),
                   [](const ArcSpec& a, const ArcSpec& b) { return a.tail < b.tail; });
  lemon::StaticDigraph g;
  {
    std::vector<std::pair<int, int>> arcs;
    arcs.reserve(specs.size());
    for (const auto& s : specs) arcs.emplace_back(s.tail, s.head);
    g.build(first_pool + static_cast<int>(n_shelters), arcs.begin(), arcs.end());
  }
  using CapMap = lemon::StaticDigraph::ArcMap<Cap>;
  CapMap cap(g), cost(g);
  lemon::StaticDigraph::Arc bypass;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto arc = g.arc(static_cast<int>(i));
    const auto& s = specs[i];
    cap[arc] = s.kind == Kind::kRoad ? std::min<People>(net.capacity[s.ref], kInf / kScale) * kScale
               : s.kind == Kind::kBypass ? 0
                                         : kInf;
    cost[arc] = s.kind == Kind::kRoad ? net.travel_time[s.ref] : 0;
    if (s.kind == Kind::kBypass) bypass = arc;
  }

  // People each origin can hope to evacuate at all. When shelters lack room for everyone (or
  // some cannot reach enough of it), a static max-flow of head counts says who can; the rate
  // model then plans for those, and the scheduler deals with the rest.
  std::vector<double> share(origins.size(), 1.0);
  People room = 0;
  for (const auto& h : problem.shelters) room = std::min(kInf, room + h.capacity);
  if (room < population || !strongly_connected(net, InArcs(net))) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& s = specs[i];
      const auto arc = g.arc(static_cast<int>(i));
      if (s.kind == Kind::kRoad) cap[arc] = kInf;
      if (s.kind == Kind::kPool) cap[arc] = problem.shelters[s.ref].capacity;
      if (s.kind == Kind::kOrigin) {
        People people = 0;
        for (auto src : sources_at[s.ref]) people += problem.sources[src].count;
        cap[arc] = people;
      }
    }
    lemon::Preflow<lemon::StaticDigraph, CapMap> pf(g, cap, g.node(S), g.node(T));
    pf.run();
    ++out.max_flows;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& s = specs[i];
      const auto arc = g.arc(static_cast<int>(i));
      if (s.kind == Kind::kOrigin)
        share[s.ref] = cap[arc] > 0 ? static_cast<double>(pf.flow(arc)) / cap[arc] : 0;
      if (s.kind == Kind::kRoad)
        cap[arc] = std::min<People>(net.capacity[s.ref], kInf / kScale) * kScale;
    }
  }

  // Earliest time each shelter can be reached from any origin.
  std::vector<std::pair<NodeIndex, Time>> roots;
  for (std::uint32_t o = 0; o < origins.size(); ++o) {
    Time e = std::numeric_limits<Time>::max();
    for (auto s : sources_at[o]) e = std::min(e, problem.sources[s].earliest_departure);
    roots.emplace_back(origins[o], e);
  }
  const auto reach = forward_tree(net, roots).dist;

  Time lo = 1;
  for (std::uint32_t o = 0; o < origins.size(); ++o)
    for (auto s : sources_at[o])
      lo = std::max<Time>(lo, problem.sources[s].earliest_departure + dist[origins[o]] + 1);

  // Sets the capacities of the rate model for horizon t; returns the total rate of the origins
  // (demand) and of the shelters (pools).
  struct Rates {
    Cap demand = 0, pools = 0;
  };
  auto set_rates = [&](Time t) {
    Rates r;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& s = specs[i];
      const auto arc = g.arc(static_cast<int>(i));
      if (s.kind == Kind::kOrigin) {
        double rate = 0;
        for (auto src : sources_at[s.ref]) {
          const Source& so = problem.sources[src];
          const Time left = t - so.earliest_departure - dist[origins[s.ref]];
          rate += static_cast<double>(so.count) * share[s.ref] / std::max<Time>(1, left);
        }
        cap[arc] = rate > 0 ? static_cast<Cap>(std::ceil(rate * kScale)) : 0;
        r.demand += cap[arc];
      } else if (s.kind == Kind::kPool) {
        const Time e = reach[problem.shelters[s.ref].node];
        const double c = static_cast<double>(problem.shelters[s.ref].capacity);
        cap[arc] = e == kUnreachable || t <= e
                       ? 0
                       : static_cast<Cap>(std::min<double>(c * kScale / (t - e), kInf));
        r.pools = std::min(kInf, r.pools + cap[arc]);
      }
    }
    return r;
  };
  // No flow carries more than the shelters take (the bypass is closed here): where that is below
  // the demand, the horizon is too short without a max-flow. Where every shelter fills that can
  // hold at every horizon (each origin's rate rounds up, each shelter's down), and the doubling
  // then ran a max-flow each time up to kHorizonLimit (Malta by car, 20,000 people, shelters for
  // 80 %: 23, about 0.9 s of processor time under load 8; now none).
  auto feasible = [&](Time t) {
    const Rates r = set_rates(t);
    if (r.pools < r.demand) return false;
    lemon::Preflow<lemon::StaticDigraph, CapMap> pf(g, cap, g.node(S), g.node(T));
    pf.runMinCut();
    ++out.max_flows;
    return pf.flowValue() >= r.demand;
  };

  // Doubling, then bisection to within 1/256 of the horizon: the flow's routes hardly change
  // in between, and every max-flow costs as much as a few hundred bookings.
  const Time lo0 = lo;
  Time hi = lo, infeasible = -1;
  while (!feasible(hi)) {
    if (control.cancelled() || hi > kHorizonLimit) return out;
    infeasible = hi;
    lo = hi + 1;
    hi *= 2;
  }
  while (hi - lo > hi / 256) {
    if (control.cancelled()) return out;
    const Time mid = lo + (hi - lo) / 2;
    if (feasible(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
      infeasible = mid;
    }
  }
  out.horizon = hi;

  // Who is behind the bottleneck: at the last horizon that was too short, the origins the
  // super source still reaches in the residual graph of a maximum flow.
  out.critical.assign(problem.sources.size(), 0);
  if (infeasible > 0) {
    set_rates(infeasible);
    lemon::Preflow<lemon::StaticDigraph, CapMap> pf(g, cap, g.node(S), g.node(T));
    pf.run();
    ++out.max_flows;
    std::vector<char> seen(first_pool + n_shelters, 0);
    std::vector<int> stack{S};
    seen[S] = 1;
    while (!stack.empty()) {
      const auto u = g.node(stack.back());
      stack.pop_back();
      for (lemon::StaticDigraph::OutArcIt a(g, u); a != lemon::INVALID; ++a) {
        const int v = g.id(g.target(a));
        if (!seen[v] && pf.flow(a) < cap[a]) seen[v] = 1, stack.push_back(v);
      }
      for (lemon::StaticDigraph::InArcIt a(g, u); a != lemon::INVALID; ++a) {
        const int v = g.id(g.source(a));
        if (!seen[v] && pf.flow(a) > 0) seen[v] = 1, stack.push_back(v);
      }
    }
    for (std::uint32_t o = 0; o < origins.size(); ++o)
      if (seen[origins[o]])
        for (auto src : sources_at[o]) out.critical[src] = 1;
  }

  // The cheapest flow (least total travel time) carrying every origin's rate at that horizon,
  // and at shorter horizons the most of it that fits, cheapest first (the bypass arc from the
  // super source to the super sink takes the rest at a cost above any path's): their routes
  // are the detours people take while the network is more crowded than on average.
  const int graph_nodes = first_pool + static_cast<int>(n_shelters);
  std::vector<std::size_t> first_out(graph_nodes + 1, 0);
  for (const auto& s : specs) ++first_out[s.tail + 1];
  for (int v = 0; v < graph_nodes; ++v) first_out[v + 1] += first_out[v];
  std::vector<Cap> flow(specs.size());
  std::vector<std::size_t> cursor;
  std::vector<std::size_t> walk;
  std::vector<int> at(static_cast<std::size_t>(graph_nodes), -1);
  std::vector<std::vector<std::uint32_t>> routes_of_origin(origins.size());
  Cap longest = 1;
  for (Time t : net.travel_time) longest += t;
  lemon::NetworkSimplex<lemon::StaticDigraph, Cap, Cap> ns(g);
  for (Time horizon = hi, round = 0; round < kFlowRounds && horizon >= lo0; ++round, horizon /= 2) {
    const Cap demand = set_rates(horizon).demand;
    cap[bypass] = round == 0 ? 0 : kInf;
    cost[bypass] = longest;
    ns.reset();
    ns.upperMap(cap).costMap(cost).stSupply(g.node(S), g.node(T), demand);
    if (ns.run() != lemon::NetworkSimplex<lemon::StaticDigraph, Cap, Cap>::OPTIMAL) break;
    if (control.cancelled()) return out;
    // Decompose into origin -> shelter paths: each walk along arcs with flow left ends at the
    // super sink. Roads of zero steps cost nothing, so the cheapest flow may go round a circle
    // of them; a walk that comes back to a junction it passed cancels that circle (same cost,
    // nobody moved) and goes on. at[x]: arcs on the walk when it reached x.
    for (std::size_t i = 0; i < specs.size(); ++i) flow[i] = ns.flow(g.arc(static_cast<int>(i)));
    cursor.assign(first_out.begin(), first_out.end() - 1);
    for (std::size_t i = first_out[S]; i < first_out[S + 1]; ++i) {
      if (specs[i].kind != Kind::kOrigin) continue;
      const std::uint32_t o = specs[i].ref;
      while (flow[i] > 0) {
        for (auto a : walk) at[specs[a].head] = -1;
        walk.clear();
        walk.push_back(i);
        int u = specs[i].head;
        at[u] = 1;
        while (u != T) {
          auto& c = cursor[u];
          while (c < first_out[u + 1] && flow[c] <= 0) ++c;
          if (c == first_out[u + 1]) break;
          const int v = specs[c].head;
          if (at[v] >= 0) {
            const auto from = static_cast<std::size_t>(at[v]);
            Cap f = flow[c];
            for (std::size_t k = from; k < walk.size(); ++k) f = std::min(f, flow[walk[k]]);
            flow[c] -= f;
            for (std::size_t k = from; k < walk.size(); ++k) flow[walk[k]] -= f;
            for (std::size_t k = from; k < walk.size(); ++k) at[specs[walk[k]].head] = -1;
            walk.resize(from);
            u = v;
            continue;
          }
          walk.push_back(c);
          at[v] = static_cast<int>(walk.size());
          u = v;
        }
        if (u != T) break;  // cannot happen on a conserved flow
        Cap f = kInf;
        for (auto a : walk) f = std::min(f, flow[a]);
        FlowRoute r;
        for (auto a : walk) {
          flow[a] -= f;
          if (specs[a].kind == Kind::kRoad) r.arcs.push_back(specs[a].ref);
          if (specs[a].kind == Kind::kPool) r.shelter = specs[a].ref;
        }
        auto& mine = routes_of_origin[o];
        const bool known = std::any_of(mine.begin(), mine.end(), [&](std::uint32_t k) {
          return out.routes[k].shelter == r.shelter && out.routes[k].arcs == r.arcs;
        });
        if (known) continue;
        mine.push_back(static_cast<std::uint32_t>(out.routes.size()));
        out.routes.push_back(std::move(r));
      }
    }
  }
  for (std::uint32_t o = 0; o < origins.size(); ++o)
    for (auto s : sources_at[o]) out.of_source[s] = routes_of_origin[o];
  return out;
}

void add_nearest_shelter_routes(const Problem& problem, const std::vector<Time>& dist, int k,
                                std::size_t node_budget, FlowRoutes& routes) {
  const Network& net = problem.network;
  const auto n = net.node_count();
  const auto n_shelters = problem.shelters.size();
  routes.of_source.resize(problem.sources.size());
  if (k <= 0 || n_shelters == 0) return;
  // First source at each node: the others at the same node share its routes.
  std::vector<std::uint32_t> first_at(n, UINT32_MAX);
  std::vector<std::uint32_t> leaders;
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
    const NodeIndex o = problem.sources[s].node;
    if (dist[o] == kUnreachable || first_at[o] != UINT32_MAX) continue;
    first_at[o] = s;
    leaders.push_back(s);
  }
  auto add = [&](std::uint32_t s, std::vector<ArcIndex>&& path, std::uint32_t h) {
    auto& mine = routes.of_source[s];
    const bool known = std::any_of(mine.begin(), mine.end(), [&](std::uint32_t r) {
      return routes.routes[r].shelter == h && routes.routes[r].arcs == path;
    });
    if (known) return;
    mine.push_back(static_cast<std::uint32_t>(routes.routes.size()));
    routes.routes.push_back({std::move(path), h});
  };

  if (n_shelters * n <= node_budget) {
    // Few shelters: one reverse shortest-path tree per shelter (two at a time, one per core),
    // kept so that the scheduler can add routes to farther shelters as nearer ones fill up.
    const InArcs in_arcs(net);
    routes.toward.assign(n_shelters, {});
    std::vector<std::vector<Time>> dist_of_leader(n_shelters);
    auto tree = [&](std::uint32_t h) {
      std::vector<Time> d(n, kUnreachable);
      auto& next = routes.toward[h];
      next.assign(n, kNoArc);
      using Entry = std::pair<Time, NodeIndex>;
      std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
      const NodeIndex target = problem.shelters[h].node;
      d[target] = 0;
      heap.emplace(0, target);
      while (!heap.empty()) {
        const auto [dv, v] = heap.top();
        heap.pop();
        if (dv != d[v]) continue;
        for (const ArcIndex a : in_arcs.into(v)) {
          const NodeIndex u = net.tail[a];
          const Time nd = dv + net.travel_time[a];
          if (nd < d[u]) {
            d[u] = nd;
            next[u] = a;
            heap.emplace(nd, u);
          }
        }
      }
      auto& mine = dist_of_leader[h];
      for (std::uint32_t s : leaders) mine.push_back(d[problem.sources[s].node]);
    };
    auto half = std::async(std::launch::async, [&] {
      for (std::uint32_t h = 1; h < n_shelters; h += 2) tree(h);
    });
    for (std::uint32_t h = 0; h < n_shelters; h += 2) tree(h);
    half.get();
    routes.shelter_order.assign(problem.sources.size(), {});
    std::vector<std::pair<Time, std::uint32_t>> by_distance;
    for (std::size_t i = 0; i < leaders.size(); ++i) {
      by_distance.clear();
      for (std::uint32_t h = 0; h < n_shelters; ++h)
        if (dist_of_leader[h][i] != kUnreachable) by_distance.emplace_back(dist_of_leader[h][i], h);
      std::sort(by_distance.begin(), by_distance.end());
      auto& order = routes.shelter_order[leaders[i]];
      for (const auto& entry : by_distance) order.push_back(entry.second);
      for (std::size_t j = 0; j < order.size() && j < static_cast<std::size_t>(k); ++j)
        add(leaders[i], routes.tree_route(net, problem.sources[leaders[i]].node, order[j]),
            order[j]);
    }
    for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
      const NodeIndex o = problem.sources[s].node;
      if (first_at[o] != UINT32_MAX && first_at[o] != s)
        routes.shelter_order[s] = routes.shelter_order[first_at[o]];
    }
  } else {
    // Many shelters: a Dijkstra from each origin, stopped at its k-th shelter.
    std::vector<std::vector<std::uint32_t>> shelters_at(n);
    for (std::uint32_t h = 0; h < n_shelters; ++h)
      shelters_at[problem.shelters[h].node].push_back(h);
    std::vector<Time> d(n, kUnreachable);
    std::vector<ArcIndex> pred(n, kNoArc);
    std::vector<NodeIndex> touched;
    std::size_t settled = 0;
    using Entry = std::pair<Time, NodeIndex>;
    std::vector<Entry> heap;
    for (std::uint32_t s : leaders) {
      if (settled > node_budget) break;
      for (NodeIndex v : touched) d[v] = kUnreachable, pred[v] = kNoArc;
      touched.clear();
      heap.clear();
      const NodeIndex o = problem.sources[s].node;
      d[o] = 0;
      touched.push_back(o);
      heap.emplace_back(0, o);
      int found = 0;
      while (!heap.empty() && found < k) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
        const auto [du, u] = heap.back();
        heap.pop_back();
        if (du != d[u]) continue;
        ++settled;
        for (std::uint32_t h : shelters_at[u]) {
          if (found++ >= k) break;
          std::vector<ArcIndex> path;
          for (NodeIndex v = u; pred[v] != kNoArc; v = net.tail[pred[v]]) path.push_back(pred[v]);
          std::reverse(path.begin(), path.end());
          add(s, std::move(path), h);
        }
        for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a) {
          const NodeIndex v = net.head[a];
          const Time nd = du + net.travel_time[a];
          if (nd < d[v]) {
            if (d[v] == kUnreachable) touched.push_back(v);
            d[v] = nd;
            pred[v] = a;
            heap.emplace_back(nd, v);
            std::push_heap(heap.begin(), heap.end(), std::greater<>{});
          }
        }
      }
    }
  }
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
    const NodeIndex o = problem.sources[s].node;
    const std::uint32_t leader = first_at[o];
    if (leader == UINT32_MAX || leader == s) continue;
    auto& mine = routes.of_source[s];
    for (auto r : routes.of_source[leader])
      if (std::find(mine.begin(), mine.end(), r) == mine.end()) mine.push_back(r);
  }
}

std::vector<ArcIndex> FlowRoutes::tree_route(const Network& net, NodeIndex from,
                                             std::uint32_t shelter) const {
  std::vector<ArcIndex> path;
  const auto& next = toward[shelter];
  for (NodeIndex v = from; next[v] != kNoArc; v = net.head[next[v]]) path.push_back(next[v]);
  return path;
}

}  // namespace qorgan::evac
