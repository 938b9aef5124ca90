#include "evac/plan/shelter_trees.hpp"

#include <limits>
#include <queue>
#include <utility>

namespace qorgan::evac {

Towards::Towards(const Network& net) : net_(&net), in_(net) {}

std::uint64_t Towards::run(NodeIndex target, std::int64_t up_to) {
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
    looked += in_.into(u).size();
    for (const ArcIndex a : in_.into(u)) {
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

std::optional<ShelterTrees> ShelterTrees::make(const Network& net,
                                               std::span<const NodeIndex> places,
                                               const std::function<bool()>& cancelled) {
  const std::size_t n = net.node_count();
  if (places.size() * n > kMaxEntries) return std::nullopt;
  ShelterTrees out;
  out.nodes_ = n;
  out.dist_.reserve(places.size() * n);
  out.next_.reserve(places.size() * n);
  Towards towards(net);
  for (const NodeIndex place : places) {
    if (cancelled && cancelled()) return std::nullopt;
    towards.run(place, std::numeric_limits<std::int64_t>::max());
    out.dist_.insert(out.dist_.end(), towards.dist.begin(), towards.dist.end());
    out.next_.insert(out.next_.end(), towards.next.begin(), towards.next.end());
  }
  out.in_degree_.resize(n);
  for (NodeIndex v = 0; v < n; ++v) out.in_degree_[v] = towards.in_degree(v);
  return out;
}

std::uint64_t ShelterTrees::looked(std::size_t place, std::int64_t up_to) const {
  const auto d = dist(place);
  std::uint64_t looked = nodes_;
  for (std::size_t v = 0; v < nodes_; ++v)
    if (d[v] != kUnreachable && d[v] <= up_to) looked += in_degree_[v];
  return looked;
}

}  // namespace qorgan::evac
