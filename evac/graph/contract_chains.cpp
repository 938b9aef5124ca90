#include "evac/graph/contract_chains.hpp"

#include <algorithm>
#include <cmath>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/network_builder.hpp"
#include "evac/limits.hpp"

namespace qorgan::evac {

Time steps_for(double seconds, double step_seconds) {
  // The tolerance keeps a piece of exactly k steps (up to floating-point noise) at k.
  const double steps = std::ceil(seconds / step_seconds - 1e-9);
  return static_cast<Time>(std::clamp(steps, 1.0, static_cast<double>(kMaxSteps)));
}

Result<Network> contract_chains(const Network& net, ContractionStats* stats) {
  const auto n = net.node_count(), m = net.arc_count();
  const InArcs in(net);
  // 0: keeps its place; 1: one way in, one way out; 2: two neighbours, both ways.
  std::vector<std::uint8_t> through(n, 0);
  for (NodeIndex v = 0; v < n; ++v) {
    if (net.holding[v] != kUnlimited) continue;
    const auto into = in.into(v);
    const ArcIndex outs = net.out_end(v) - net.out_begin(v), ins = into.size();
    auto out_head = [&](ArcIndex i) { return net.head[net.out_begin(v) + i]; };
    auto in_tail = [&](ArcIndex i) { return net.tail[into[i]]; };
    if (outs == 1 && ins == 1) {
      const NodeIndex u = in_tail(0), w = out_head(0);
      if (u != w && u != v && w != v) through[v] = 1;
    } else if (outs == 2 && ins == 2) {
      const NodeIndex w0 = out_head(0), w1 = out_head(1), u0 = in_tail(0), u1 = in_tail(1);
      if (w0 != w1 && w0 != v && w1 != v && ((u0 == w0 && u1 == w1) || (u0 == w1 && u1 == w0)))
        through[v] = 2;
    }
  }

  struct Chain {
    NodeIndex from, to;
    People capacity;
    double seconds;
    std::uint32_t name;
  };
  std::vector<Chain> chains;
  std::vector<char> covered(m, 0);
  std::vector<std::pair<std::uint32_t, double>> street_seconds;  // per chain
  auto walk = [&](NodeIndex s) {
    for (ArcIndex first = net.out_begin(s); first < net.out_end(s); ++first) {
      if (covered[first]) continue;
      Chain c{s, s, kUnlimited, 0, 0};
      street_seconds.clear();
      ArcIndex a = first;
      for (std::size_t hops = 0;; ++hops) {
        covered[a] = 1;
        c.capacity = std::min(c.capacity, net.capacity[a]);
        const double sec = net.arc_seconds(a);
        c.seconds += sec;
        const std::uint32_t name = net.has_names() ? net.arc_name[a] : 0;
        auto it = std::ranges::find(street_seconds, name, &std::pair<std::uint32_t, double>::first);
        if (it == street_seconds.end())
          street_seconds.emplace_back(name, sec);
        else
          it->second += sec;
        const NodeIndex v = net.head[a];
        c.to = v;
        if (through[v] == 0 || v == s || hops > n) break;
        ArcIndex next = net.out_begin(v);
        if (through[v] == 2 && net.head[next] == net.tail[a]) ++next;
        a = next;
      }
      if (c.to == s) continue;  // a loop back to its start
      c.name =
          std::ranges::max_element(street_seconds, {}, &std::pair<std::uint32_t, double>::second)
              ->first;
      chains.push_back(c);
    }
  };
  for (NodeIndex v = 0; v < n; ++v)
    if (through[v] == 0) walk(v);
  // A ring of through junctions only (a roundabout on its own) has no start: give it one.
  for (ArcIndex a = 0; a < m; ++a) {
    if (covered[a]) continue;
    through[net.tail[a]] = 0;
    walk(net.tail[a]);
  }

  NetworkBuilder b;
  b.set_step_seconds(net.step_seconds);
  std::vector<NodeIndex> remap(n, kNoNode);
  for (NodeIndex v = 0; v < n; ++v) {
    if (through[v] != 0) continue;
    std::optional<std::pair<double, double>> ll;
    if (net.has_coordinates()) ll = std::pair{net.lat[v], net.lon[v]};
    remap[v] = b.add_node(net.node_id[v], net.holding[v], ll);
  }
  for (const auto& c : chains)
    b.add_arc(remap[c.from], remap[c.to], c.capacity, steps_for(c.seconds, net.step_seconds),
              b.add_name(net.has_names() ? net.names[c.name] : std::string()), c.seconds);
  if (stats) {
    stats->folded_junctions = n - b.node_count();
    stats->folded_arcs = m - chains.size();
  }
  return std::move(b).build();
}

}  // namespace qorgan::evac
