#include "evac/graph/route_query.hpp"

#include <algorithm>
#include <cmath>

#include "evac/graph/nearest_node.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/graph/strong_components.hpp"

namespace qorgan::evac {

namespace {

constexpr std::int64_t kInfinite = std::numeric_limits<std::int64_t>::max() / 4;
constexpr double kDeg = 3.14159265358979323846 / 180;

struct Greater {
  template <typename E>
  bool operator()(const E& a, const E& b) const {
    return a.key > b.key;
  }
};

}  // namespace

RouteQuery::RouteQuery(const Network& net, RouteQueryOptions options)
    : net_(net), in_(net), active_wanted_(std::max(1, options.active_landmarks)) {
  const auto n = net.node_count(), m = net.arc_count();
  weight_.resize(m);
  for (ArcIndex a = 0; a < m; ++a)
    weight_[a] = net.seconds.empty()
                     ? std::int64_t{net.travel_time[a]}
                     : std::max<std::int64_t>(1, std::llround(net.seconds[a] * 1000));

  if (net.has_coordinates() && m > 0) {
    // Unit vectors; the chord between two of them, times the earth's radius, is at most the
    // great-circle distance, and obeys the triangle inequality.
    px_.resize(n);
    py_.resize(n);
    pz_.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
      const double la = net.lat[v] * kDeg, lo = net.lon[v] * kDeg;
      px_[v] = std::cos(la) * std::cos(lo);
      py_[v] = std::cos(la) * std::sin(lo);
      pz_[v] = std::sin(la);
    }
    // The fastest arc in chord units per step: no route can beat it anywhere.
    double fastest = 0;
    for (ArcIndex a = 0; a < m; ++a) {
      const NodeIndex u = net.tail[a], v = net.head[a];
      const double dx = px_[u] - px_[v], dy = py_[u] - py_[v], dz = pz_[u] - pz_[v];
      fastest = std::max(fastest,
                         std::sqrt(dx * dx + dy * dy + dz * dz) / static_cast<double>(weight_[a]));
    }
    if (fastest > 0) {
      // Shrunk a little so that rounding can never make a reduced arc cost negative.
      const double scale = (1 - 1e-9) / fastest;
      for (std::size_t v = 0; v < n; ++v) {
        px_[v] *= scale;
        py_[v] *= scale;
        pz_[v] *= scale;
      }
      guided_ = true;
    } else {
      px_.clear();
      py_.clear();
      pz_.clear();
    }
  }

  seen_f_.assign(n, 0);
  seen_r_.assign(n, 0);
  done_f_.assign(n, 0);
  done_r_.assign(n, 0);
  pot_stamp_.assign(n, 0);
  dist_f_.resize(n);
  dist_r_.resize(n);
  pred_f_.resize(n);
  pred_r_.resize(n);
  pot_.resize(n);
  if (options.landmarks > 0 && n >= 2 && strongly_connected(net, in_))
    choose_landmarks(std::min<int>(options.landmarks, static_cast<int>(n)));
}

// Farthest selection: each new landmark is the junction farthest (there and back) from those
// chosen so far, starting from the junction farthest from junction 0.
void RouteQuery::choose_landmarks(int k) {
  const auto n = net_.node_count();
  landmark_count_ = k;
  lm_to_.assign(n * k, 0);
  lm_from_.assign(n * k, 0);
  const auto first = weights_from(0, true);
  NodeIndex next = static_cast<NodeIndex>(std::ranges::max_element(first) - first.begin());
  std::vector<std::int64_t> nearest(n, std::numeric_limits<std::int64_t>::max());
  for (int i = 0; i < k; ++i) {
    const auto from = weights_from(next, true);
    const auto to = weights_from(next, false);
    for (std::size_t v = 0; v < n; ++v) {
      lm_from_[v * k + i] = from[v];
      lm_to_[v * k + i] = to[v];
      nearest[v] = std::min<std::int64_t>(nearest[v], from[v] + to[v]);
    }
    next = static_cast<NodeIndex>(std::ranges::max_element(nearest) - nearest.begin());
  }
}

// Plain Dijkstra (the network is strongly connected when this is called).
std::vector<std::int64_t> RouteQuery::weights_from(NodeIndex root, bool forward) const {
  std::vector<std::int64_t> dist(net_.node_count(), kInfinite);
  using Item = std::pair<std::int64_t, NodeIndex>;
  std::vector<Item> heap{{0, root}};
  dist[root] = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    const auto [d, u] = heap.back();
    heap.pop_back();
    if (d != dist[u]) continue;
    auto relax = [&](NodeIndex v, std::int64_t w) {
      if (d + w < dist[v]) {
        dist[v] = d + w;
        heap.emplace_back(d + w, v);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      }
    };
    if (forward) {
      for (ArcIndex a = net_.out_begin(u); a < net_.out_end(u); ++a)
        relax(net_.head[a], weight_[a]);
    } else {
      for (const ArcIndex a : in_.into(u)) relax(net_.tail[a], weight_[a]);
    }
  }
  return dist;
}

double RouteQuery::potential(NodeIndex v) {
  if (!guided_ && landmark_count_ == 0) return 0;
  if (pot_stamp_[v] == query_) return pot_[v];
  if (landmark_count_ > 0) {
    // By the triangle inequality, for every landmark L: d(v,t) >= d(v,L) - d(t,L) and
    // d(v,t) >= d(L,t) - d(L,v); likewise for d(s,v). Whole units, so the average is exact.
    const std::size_t k = landmark_count_;
    const std::int64_t* vt = &lm_to_[v * k];
    const std::int64_t* vf = &lm_from_[v * k];
    const std::int64_t* tt = &lm_to_[target_ * k];
    const std::int64_t* tf = &lm_from_[target_ * k];
    const std::int64_t* st = &lm_to_[source_ * k];
    const std::int64_t* sf = &lm_from_[source_ * k];
    std::int64_t to_target = 0, from_source = 0;
    for (int i : active_) {
      to_target =
          std::max<std::int64_t>(to_target, std::max<std::int64_t>(vt[i] - tt[i], tf[i] - vf[i]));
      from_source =
          std::max<std::int64_t>(from_source, std::max<std::int64_t>(vf[i] - sf[i], st[i] - vt[i]));
    }
    const double p = 0.5 * static_cast<double>(to_target - from_source);
    pot_stamp_[v] = query_;
    pot_[v] = p;
    return p;
  }
  auto dist = [&](NodeIndex a, NodeIndex b) {
    const double dx = px_[a] - px_[b], dy = py_[a] - py_[b], dz = pz_[a] - pz_[b];
    return std::sqrt(dx * dx + dy * dy + dz * dz);
  };
  // Average of "distance left to the target" and "minus distance from the source": feasible
  // for the forward search, and its negation for the backward one.
  const double p = 0.5 * (dist(v, target_) - dist(v, source_));
  pot_stamp_[v] = query_;
  pot_[v] = p;
  return p;
}

std::int64_t RouteQuery::search(NodeIndex s, NodeIndex t) {
  settled_ = 0;
  meet_ = kNoNode;
  if (s == t) {
    meet_ = s;
    return 0;
  }
  if (++query_ == 0) {  // stamps wrapped around: start afresh
    for (auto* v : {&seen_f_, &seen_r_, &done_f_, &done_r_, &pot_stamp_})
      std::fill(v->begin(), v->end(), 0);
    query_ = 1;
  }
  source_ = s;
  target_ = t;
  if (landmark_count_ > 0) {
    // The landmarks that give the best bound on d(s, t) serve this query.
    const std::size_t k = landmark_count_;
    std::vector<std::pair<std::int64_t, int>> score(k);
    for (std::size_t i = 0; i < k; ++i)
      score[i] = {std::max<std::int64_t>(lm_to_[s * k + i] - lm_to_[t * k + i],
                                         lm_from_[t * k + i] - lm_from_[s * k + i]),
                  static_cast<int>(i)};
    const auto keep = std::min<std::size_t>(k, active_wanted_);
    std::partial_sort(score.begin(), score.begin() + keep, score.end(), std::greater<>());
    active_.clear();
    for (std::size_t i = 0; i < keep; ++i) active_.push_back(score[i].second);
  }
  heap_f_.clear();
  heap_r_.clear();
  seen_f_[s] = query_;
  dist_f_[s] = 0;
  pred_f_[s] = kNoArc;
  heap_f_.push_back({potential(s), s});
  seen_r_[t] = query_;
  dist_r_[t] = 0;
  pred_r_[t] = kNoArc;
  heap_r_.push_back({-potential(t), t});

  std::int64_t best = kInfinite;
  const auto q = query_;
  while (!heap_f_.empty() && !heap_r_.empty()) {
    const double kf = heap_f_.front().key, kr = heap_r_.front().key;
    // Every route not found yet is at least kf + kr long (in reduced costs, which differ from
    // real ones by the same constant for all s-t routes). Weights are whole units, so a better
    // route would be at least one unit shorter: stopping half a unit early is exact.
    if (best != kInfinite && kf + kr >= static_cast<double>(best) - 0.5) break;
    if (kf <= kr) {
      std::pop_heap(heap_f_.begin(), heap_f_.end(), Greater{});
      const NodeIndex u = heap_f_.back().node;
      heap_f_.pop_back();
      if (done_f_[u] == q) continue;
      done_f_[u] = q;
      ++settled_;
      const std::int64_t du = dist_f_[u];
      for (ArcIndex a = net_.out_begin(u); a < net_.out_end(u); ++a) {
        const NodeIndex v = net_.head[a];
        const std::int64_t nd = du + weight_[a];
        if (seen_f_[v] != q || nd < dist_f_[v]) {
          seen_f_[v] = q;
          dist_f_[v] = nd;
          pred_f_[v] = a;
          heap_f_.push_back({static_cast<double>(nd) + potential(v), v});
          std::push_heap(heap_f_.begin(), heap_f_.end(), Greater{});
        }
        if (seen_r_[v] == q && dist_f_[v] + dist_r_[v] < best) {
          best = dist_f_[v] + dist_r_[v];
          meet_ = v;
        }
      }
    } else {
      std::pop_heap(heap_r_.begin(), heap_r_.end(), Greater{});
      const NodeIndex u = heap_r_.back().node;
      heap_r_.pop_back();
      if (done_r_[u] == q) continue;
      done_r_[u] = q;
      ++settled_;
      const std::int64_t du = dist_r_[u];
      for (const ArcIndex a : in_.into(u)) {
        const NodeIndex w = net_.tail[a];
        const std::int64_t nd = du + weight_[a];
        if (seen_r_[w] != q || nd < dist_r_[w]) {
          seen_r_[w] = q;
          dist_r_[w] = nd;
          pred_r_[w] = a;
          heap_r_.push_back({static_cast<double>(nd) - potential(w), w});
          std::push_heap(heap_r_.begin(), heap_r_.end(), Greater{});
        }
        if (seen_f_[w] == q && dist_f_[w] + dist_r_[w] < best) {
          best = dist_f_[w] + dist_r_[w];
          meet_ = w;
        }
      }
    }
  }
  return best;
}

Time RouteQuery::travel_time(NodeIndex from, NodeIndex to) {
  if (net_.seconds.empty()) {
    const std::int64_t best = search(from, to);
    return best == kInfinite ? kUnreachable : static_cast<Time>(best);
  }
  const auto r = route(from, to);
  return r ? r->travel_time : kUnreachable;
}

std::int64_t RouteQuery::weight(NodeIndex from, NodeIndex to) {
  const std::int64_t best = search(from, to);
  return best == kInfinite ? std::int64_t{kUnreachable} : best;
}

std::optional<Route> RouteQuery::route(NodeIndex from, NodeIndex to) {
  if (search(from, to) == kInfinite) return std::nullopt;
  Route r;
  if (from != to) {
    for (NodeIndex v = meet_; pred_f_[v] != kNoArc; v = net_.tail[pred_f_[v]])
      r.arcs.push_back(pred_f_[v]);
    std::reverse(r.arcs.begin(), r.arcs.end());
    for (NodeIndex v = meet_; pred_r_[v] != kNoArc; v = net_.head[pred_r_[v]])
      r.arcs.push_back(pred_r_[v]);
  }
  r.nodes.push_back(from);
  std::int64_t steps = 0;
  for (ArcIndex a : r.arcs) {
    steps += net_.travel_time[a];
    r.seconds += net_.arc_seconds(a);
    r.nodes.push_back(net_.head[a]);
    if (net_.has_coordinates()) {
      const NodeIndex u = net_.tail[a], v = net_.head[a];
      r.length_m += distance_m(net_.lat[u], net_.lon[u], net_.lat[v], net_.lon[v]);
    }
  }
  if (!net_.seconds.empty() && net_.step_seconds > 0)
    steps = static_cast<std::int64_t>(std::floor(r.seconds / net_.step_seconds + 0.5));
  r.travel_time = static_cast<Time>(std::min<std::int64_t>(steps, kUnreachable - 1));
  return r;
}

}  // namespace qorgan::evac
