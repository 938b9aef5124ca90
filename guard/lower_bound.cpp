#include "guard/lower_bound.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "guard/prepared.hpp"

namespace qorgan::guard {

namespace {
// Most shifts one person can take in the run, whichever post: the weekly hours allow
// floor(max / shortest) per 7-day window, and one shift's start is at least shortest + rest
// after the one before.
long shifts_per_person(const Instance& in, const std::vector<PostShift>& shifts, int days) {
  Timestamp shortest = std::numeric_limits<Timestamp>::max();
  for (const auto& s : shifts) shortest = std::min(shortest, s.end - s.start);
  if (shifts.empty() || shortest <= 0) return 0;
  const long weeks = (days + 6) / 7;
  const long by_hours = weeks * long(in.rules.max_per_7_days / shortest);
  // Starts lie within the run's local days; an hour more covers a change of the zone's offset.
  const Timestamp span = Timestamp(days) * 24 * kHour + kHour;
  const long by_rest = long(span / (shortest + in.rules.min_rest)) + 1;
  return std::min(by_hours, by_rest);
}

// Millimetres, rounded down so that the flow's optimum stays below the kilometres' own.
long long mm_down(double km) {
  return (long long)std::floor(km * 1e6);
}
}  // namespace

std::optional<double> km_lower_bound(const Instance& in, Day from, int days, const KmBound& b) {
  const StraightLine line;
  const detail::Prepared P(in, from, days, line);
  if (b.filled == 0) return 0.0;
  if (b.filled_min < 0 || b.filled < b.filled_min) return std::nullopt;

  std::vector<long> shifts_of(in.posts.size(), 0), min_of(in.posts.size(), 0),
      extra_of(in.posts.size(), 0);
  for (const auto& s : P.shifts) {
    const auto& post = in.posts[s.post];
    ++shifts_of[s.post];
    min_of[s.post] += post.min_guards;
    extra_of[s.post] += post.target_guards - post.min_guards;
  }
  const long per_person = shifts_per_person(in, P.shifts, days);

  using Graph = lemon::SmartDigraph;
  Graph g;
  Graph::ArcMap<long long> cap(g), cost(g);
  Graph::NodeMap<long long> supply(g, 0);
  const long long unbounded = b.filled;
  auto arc = [&](Graph::Node u, Graph::Node v, long long c, long long mm) {
    auto a = g.addArc(u, v);
    cap[a] = c;
    cost[a] = mm;
  };
  const auto source = g.addNode(), anyone_farther = g.addNode(), to_min = g.addNode(),
             to_extra = g.addNode();
  supply[source] = b.filled;
  supply[to_min] = -b.filled_min;
  supply[to_extra] = -(b.filled - b.filled_min);
  arc(source, anyone_farther, unbounded, 0);
  std::vector<int> node_of(in.people.size(), -1);
  auto person_node = [&](std::size_t p) {
    if (node_of[p] < 0) {
      const auto n = g.addNode();
      node_of[p] = Graph::id(n);
      arc(source, n, per_person, 0);
    }
    return Graph::nodeFromId(node_of[p]);
  };

  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t post = 0; post < in.posts.size(); ++post) {
    if (shifts_of[post] == 0) continue;
    const auto node = g.addNode();
    arc(node, to_min, min_of[post], 0);
    arc(node, to_extra, extra_of[post], 0);
    ranked.clear();
    for (std::size_t p = 0; p < in.people.size(); ++p)
      if (P.could_qualify(p, post))
        ranked.emplace_back(haversine_km(in.people[p].home, in.posts[post].location), p);
    const std::size_t own = std::min(ranked.size(), std::size_t(std::max(b.nearest, 0)));
    if (own < ranked.size()) {
      std::nth_element(ranked.begin(), ranked.begin() + long(own), ranked.end());
      // Everyone from ranked[own] on is at least as far as ranked[own].
      arc(anyone_farther, node, unbounded, mm_down(ranked[own].first));
    }
    for (std::size_t i = 0; i < own; ++i)
      arc(person_node(ranked[i].second), node, shifts_of[post], mm_down(ranked[i].first));
  }

  lemon::NetworkSimplex<Graph, long long, long long> flow(g);
  flow.upperMap(cap).costMap(cost).supplyMap(supply);
  if (flow.run() != decltype(flow)::OPTIMAL) return std::nullopt;
  return double(flow.totalCost()) / 1e6;
}

}  // namespace qorgan::guard
