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

namespace {

std::uint64_t key_of(Point p) {
  const auto a = std::bit_cast<std::uint64_t>(p.lat), b = std::bit_cast<std::uint64_t>(p.lon);
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

}  // namespace

RoadDistance::RoadDistance(std::shared_ptr<const evac::Network> network, std::size_t memory_limit)
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
}

RoadDistance::~RoadDistance() = default;

RoadDistance::Snap RoadDistance::snap(Point p) const {
  const auto k = key_of(p);
  if (auto it = snaps_.find(k); it != snaps_.end()) return it->second;
  const auto hit = nearest_->find(p.lat, p.lon);
  Snap s{hit.distance_m <= kSnapLimitM ? hit.node : evac::kNoNode, hit.distance_m};
  snaps_.emplace(k, s);
  return s;
}

const std::vector<float>& RoadDistance::table(std::uint32_t target) const {
  if (auto it = tables_.find(target); it != tables_.end()) return it->second;
  const auto& n = *net_;
  const std::size_t bytes = n.node_count() * sizeof(float);
  if (table_bytes_ + bytes > memory_limit_) {
    tables_.clear();
    table_bytes_ = 0;
  }
  // Backwards from the post by travel time in whole milliseconds (the route query's weights),
  // carrying the length of the way found.
  constexpr auto kNone = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> best(n.node_count(), kNone);
  std::vector<float> metres(n.node_count(), -1.0f);
  using Item = std::pair<std::int64_t, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  best[target] = 0;
  metres[target] = 0;
  queue.emplace(0, target);
  while (!queue.empty()) {
    const auto [d, v] = queue.top();
    queue.pop();
    if (d != best[v]) continue;
    for (auto i = in_first_[v]; i < in_first_[v + 1]; ++i) {
      const auto a = in_arcs_[i];
      const auto u = n.tail[a];
      const auto w = std::max<std::int64_t>(1, std::llround(n.arc_seconds(a) * 1000.0));
      if (d + w < best[u]) {
        best[u] = d + w;
        metres[u] = metres[v] + arc_m_[a];
        queue.emplace(d + w, u);
      }
    }
  }
  table_bytes_ += bytes;
  return tables_.emplace(target, std::move(metres)).first->second;
}

double RoadDistance::km(Point from, Point to) const {
  const double straight = haversine_km(from, to);
  std::lock_guard lock(mu_);
  const Snap home = snap(from), post = snap(to);
  double road = -1;
  if (home.node != evac::kNoNode && post.node != evac::kNoNode) {
    const float m = table(post.node)[home.node];
    if (m >= 0) road = (home.walk_m + double(m) + post.walk_m) / 1000.0;
  }
  if (road < 0) {
    fell_back_.insert(key_of(from) * 31 + key_of(to));
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
