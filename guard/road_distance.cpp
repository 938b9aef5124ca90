#include "guard/road_distance.hpp"

#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include "evac/graph/nearest_node.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::guard {

std::size_t RoadDistance::PointHash::operator()(Point p) const noexcept {
  const auto a = std::bit_cast<std::uint64_t>(p.lat), b = std::bit_cast<std::uint64_t>(p.lon);
  return std::size_t(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

RoadDistance::RoadDistance(std::shared_ptr<const evac::Network> network,
                           const std::vector<Point>& homes, std::size_t memory_limit)
    : net_(std::move(network)),
      nearest_(std::make_unique<evac::NearestNode>(*net_)),
      memory_limit_(memory_limit) {
  const auto& n = *net_;
  arc_m_.resize(n.arc_count());
  in_first_.assign(n.node_count() + 1, 0);
  for (std::size_t a = 0; a < n.arc_count(); ++a) {
    const auto u = n.tail[a], v = n.head[a];
    arc_m_[a] = float(evac::distance_m(n.lat[u], n.lon[u], n.lat[v], n.lon[v]));
    ++in_first_[v + 1];
  }
  for (std::size_t v = 0; v < n.node_count(); ++v) in_first_[v + 1] += in_first_[v];
  in_arcs_.resize(n.arc_count());
  auto fill = in_first_;
  for (std::size_t a = 0; a < n.arc_count(); ++a) in_arcs_[fill[n.head[a]]++] = std::uint32_t(a);

  home_slot_of_node_.assign(n.node_count(), evac::kNoNode);
  for (const Point& h : homes) {
    if (home_index_.contains(h)) continue;
    const auto hit = nearest_->find(h.lat, h.lon);
    const auto slot = std::uint32_t(homes_.size());
    Snap s{hit.distance_m <= kSnapLimitM ? hit.node : evac::kNoNode, hit.distance_m};
    homes_.push_back(s);
    next_slot_.push_back(evac::kNoNode);
    home_index_.emplace(h, slot);
    if (s.node == evac::kNoNode) continue;
    if (home_slot_of_node_[s.node] == evac::kNoNode) ++home_junctions_;
    next_slot_[slot] = home_slot_of_node_[s.node];
    home_slot_of_node_[s.node] = slot;
  }
  best_.assign(n.node_count(), std::numeric_limits<std::int64_t>::max());
  metres_.assign(n.node_count(), 0.0f);
}

RoadDistance::~RoadDistance() = default;

RoadDistance::Snap RoadDistance::snap(Point p) const {
  if (auto it = posts_.find(p); it != posts_.end()) return it->second;
  const auto hit = nearest_->find(p.lat, p.lon);
  Snap s{hit.distance_m <= kSnapLimitM ? hit.node : evac::kNoNode, hit.distance_m};
  posts_.emplace(p, s);
  return s;
}

const std::vector<float>& RoadDistance::table(std::uint32_t target) const {
  if (auto it = tables_.find(target); it != tables_.end()) return it->second;
  const auto& n = *net_;
  const std::size_t bytes = homes_.size() * sizeof(float) + 64;
  if (table_bytes_ + bytes > memory_limit_) {
    tables_.clear();
    table_bytes_ = 0;
  }
  // Backwards from the post by travel time in whole milliseconds (the route query's weights),
  // carrying the length of the way found, until every home's junction is settled.
  constexpr auto kNone = std::numeric_limits<std::int64_t>::max();
  std::vector<float> out(homes_.size(), -1.0f);
  using Item = std::pair<std::int64_t, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  best_[target] = 0;
  metres_[target] = 0;
  touched_.push_back(target);
  queue.emplace(0, target);
  std::uint32_t settled = 0;
  while (!queue.empty() && settled < home_junctions_) {
    const auto [d, v] = queue.top();
    queue.pop();
    if (d != best_[v]) continue;
    if (auto slot = home_slot_of_node_[v]; slot != evac::kNoNode) {
      ++settled;
      for (; slot != evac::kNoNode; slot = next_slot_[slot]) out[slot] = metres_[v];
    }
    for (auto i = in_first_[v]; i < in_first_[v + 1]; ++i) {
      const auto a = in_arcs_[i];
      const auto u = n.tail[a];
      const auto w = std::max<std::int64_t>(1, std::llround(n.arc_seconds(a) * 1000.0));
      if (d + w < best_[u]) {
        if (best_[u] == kNone) touched_.push_back(u);
        best_[u] = d + w;
        metres_[u] = metres_[v] + arc_m_[a];
        queue.emplace(d + w, u);
      }
    }
  }
  for (auto v : touched_) best_[v] = kNone;
  touched_.clear();
  table_bytes_ += bytes;
  return tables_.emplace(target, std::move(out)).first->second;
}

double RoadDistance::km(Point from, Point to) const {
  const double straight = haversine_km(from, to);
  std::lock_guard lock(mu_);
  const auto slot = home_index_.find(from);
  const Snap post = snap(to);
  double road = -1;
  if (slot != home_index_.end() && post.node != evac::kNoNode) {
    const Snap& home = homes_[slot->second];
    if (home.node != evac::kNoNode) {
      const float m = table(post.node)[slot->second];
      if (m >= 0) road = (home.walk_m + double(m) + post.walk_m) / 1000.0;
    }
  }
  if (road < 0) {
    fell_back_.insert({from.lat, from.lon, to.lat, to.lon});
    return straight;
  }
  // Rounding of the float metres could put a way along a straight road a hair below the line.
  return std::max(road, straight);
}

std::int64_t RoadDistance::straight_line_fallbacks() const {
  std::lock_guard lock(mu_);
  return std::int64_t(fell_back_.size());
}

}  // namespace qorgan::guard
