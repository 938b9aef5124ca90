#include "evac/graph/carry_remainders.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>

#include "evac/graph/in_arcs.hpp"

namespace qorgan::evac {

void carry_remainders(Problem& problem) {
  Network& net = problem.network;
  if (net.seconds.empty() || problem.shelters.empty() || net.step_seconds <= 0) return;
  const auto n = net.node_count(), m = net.arc_count();
  const InArcs in(net);
  // Measured seconds to the nearest shelter (Dijkstra on reversed arcs).
  constexpr double kFar = std::numeric_limits<double>::infinity();
  std::vector<double> phi(n, kFar);
  using Entry = std::pair<double, NodeIndex>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (const auto& s : problem.shelters) {
    if (s.node >= n || phi[s.node] == 0) continue;
    phi[s.node] = 0;
    heap.emplace(0.0, s.node);
  }
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d != phi[v]) continue;
    for (const ArcIndex a : in.into(v)) {
      const NodeIndex u = net.tail[a];
      const double nd = d + net.seconds[a];
      if (nd < phi[u]) {
        phi[u] = nd;
        heap.emplace(nd, u);
      }
    }
  }
  const double step = net.step_seconds;
  auto nearest = [step](double s) { return static_cast<std::int64_t>(std::floor(s / step + 0.5)); };
  for (ArcIndex a = 0; a < m; ++a) {
    const double from = phi[net.tail[a]], to_go = phi[net.head[a]];
    if (to_go == kFar) continue;
    // What the arc adds to the quickest way from its tail; a microsecond of slack keeps the
    // arcs of quickest ways (0 up to floating-point noise) at 0.
    const double detour = std::max(0.0, net.seconds[a] + to_go - from);
    const auto up = static_cast<std::int64_t>(std::ceil((detour - 1e-6) / step));
    net.travel_time[a] =
        static_cast<Time>(std::max<std::int64_t>(0, nearest(from) - nearest(to_go) + up));
  }
}

}  // namespace qorgan::evac
