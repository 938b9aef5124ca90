// optimal: the exact quickest evacuation. For a horizon T the time-expanded network has a copy
// (v, t) of every junction for each step t <= T; movement arcs (u, t) -> (w, t + travel) carry
// the arc's capacity, hold-over arcs (v, t) -> (v, t + 1) the node's holding capacity; each
// source has a home pool that may release its people at any step (waiting at home is free), and
// each shelter a pool that takes at most its capacity. The most people that can be evacuated at
// all (M) is the static max-flow with unbounded arc capacities; the least T whose time-expanded
// max-flow reaches M is the optimum, found by binary search between a lower bound and the
// egress time of a qorgan plan (or doubling). Max-flow is LEMON's Preflow on a StaticDigraph.
//
// Copies (v, t) that cannot be reached by time t or cannot reach a shelter by T are left out
// (earliest arrival from any origin, static distance to any shelter), which keeps the expanded
// network a small fraction of |V| x T. The final flow is decomposed into paths, one group each.

#include <algorithm>
#include <bit>
#include <limits>

#include <fmt/format.h>
#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include "evac/graph/max_flow.hpp"
#include "evac/plan/heuristic_support.hpp"

namespace qorgan::evac {

namespace {

using Cap = std::int64_t;
constexpr Cap kInf = std::numeric_limits<Cap>::max() / 4;

// Thrown from inside LEMON's max-flow when the run is cancelled: Preflow has no hook of its
// own, and a solve on a large horizon takes minutes. It never leaves this file: run() turns it
// into kCancelled (every structure involved is owned by an object on the stack).
struct Cancelled {};

// The capacities of the time-expanded network as Preflow reads them, looking at the run's
// cancel flag every 4,096 reads (a few microseconds of solving).
class CancellableCaps {
 public:
  using Key = lemon::StaticDigraph::Arc;
  using Value = Cap;
  CancellableCaps(const lemon::StaticDigraph& g, const std::vector<Cap>& caps,
                  const RunControl& control)
      : g_(&g), caps_(&caps), control_(&control) {}
  Value operator[](const Key& arc) const {
    if ((++reads_ & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
    return (*caps_)[static_cast<std::size_t>(g_->id(arc))];
  }

 private:
  const lemon::StaticDigraph* g_;
  const std::vector<Cap>* caps_;
  const RunControl* control_;
  mutable std::uint64_t reads_ = 0;
};

// Bytes per arc and per node of a time-expanded network while its flow is solved: the arc list,
// capacities, flows and LEMON's graph and push-relabel state (measured on Almaty: about 1.1 GB
// for 16 million arcs).
constexpr std::size_t kBytesPerArc = 64;
constexpr std::size_t kBytesPerNode = 48;

class TimeExpanded {
 public:
  // The size of the network for `horizon` without building it: (nodes, arcs).
  static std::pair<std::size_t, std::size_t> size(const Problem& p,
                                                  const std::vector<Time>& earliest,
                                                  const std::vector<Time>& to_go, Time horizon) {
    const Network& net = p.network;
    std::vector<std::size_t> shelters_at(net.node_count(), 0);
    for (const auto& h : p.shelters) ++shelters_at[h.node];
    std::size_t nodes = 2 + p.sources.size() + p.shelters.size(), arcs = 0;
    for (NodeIndex v = 0; v < net.node_count(); ++v) {
      if (earliest[v] == kUnreachable || to_go[v] == kUnreachable ||
          static_cast<std::int64_t>(earliest[v]) + to_go[v] > horizon)
        continue;
      const auto copies = static_cast<std::size_t>(horizon - to_go[v] - earliest[v] + 1);
      nodes += copies;
      arcs += copies * (net.out_end(v) - net.out_begin(v) + 1 + shelters_at[v]);
    }
    arcs += p.sources.size() * (1 + static_cast<std::size_t>(horizon));
    return {nodes, arcs + p.shelters.size()};
  }

  TimeExpanded(const Problem& p, const std::vector<Time>& earliest, const std::vector<Time>& to_go,
               Time horizon, const RunControl& control)
      : control_(&control) {
    const Network& net = p.network;
    const auto n = net.node_count();
    first_pool_ = 2;
    first_shelter_pool_ = first_pool_ + static_cast<int>(p.sources.size());
    int next = first_shelter_pool_ + static_cast<int>(p.shelters.size());
    base_.assign(n + 1, 0);
    lo_.assign(n, 0);
    hi_.assign(n, -1);
    for (NodeIndex v = 0; v < n; ++v) {
      base_[v] = next;
      if (earliest[v] != kUnreachable && to_go[v] != kUnreachable &&
          static_cast<std::int64_t>(earliest[v]) + to_go[v] <= horizon) {
        lo_[v] = earliest[v];
        hi_[v] = horizon - to_go[v];
        next += hi_[v] - lo_[v] + 1;
      }
    }
    base_[n] = next;
    node_count_ = next;
    std::vector<std::vector<std::uint32_t>> shelters_at(n);
    for (std::uint32_t h = 0; h < p.shelters.size(); ++h)
      shelters_at[p.shelters[h].node].push_back(h);

    // Emit arcs in order of their tail, as StaticDigraph::build requires.
    auto emit = [&](int u, int v, Cap c, ArcIndex net_arc) {
      if ((arcs_.size() & 0xffff) == 0 && control.cancelled()) throw Cancelled{};
      arcs_.emplace_back(u, v);
      cap_.push_back(c);
      net_arc_.push_back(net_arc);
    };
    for (std::uint32_t s = 0; s < p.sources.size(); ++s)
      emit(0, first_pool_ + static_cast<int>(s), p.sources[s].count, kNoArc);
    for (std::uint32_t s = 0; s < p.sources.size(); ++s) {
      const NodeIndex o = p.sources[s].node;
      for (Time t = std::max(lo_[o], p.sources[s].earliest_departure); t <= hi_[o]; ++t)
        emit(first_pool_ + static_cast<int>(s), index(o, t), kInf, kNoArc);
    }
    for (std::uint32_t h = 0; h < p.shelters.size(); ++h)
      emit(first_shelter_pool_ + static_cast<int>(h), 1, p.shelters[h].capacity, kNoArc);
    for (NodeIndex v = 0; v < n; ++v) {
      for (Time t = lo_[v]; t <= hi_[v]; ++t) {
        const int here = index(v, t);
        if (t < hi_[v] && net.holding[v] > 0)
          emit(here, here + 1, net.holding[v] == kUnlimited ? kInf : net.holding[v], kNoArc);
        for (ArcIndex a = net.out_begin(v); a < net.out_end(v); ++a) {
          const NodeIndex w = net.head[a];
          const Time at = t + net.travel_time[a];
          if (hi_[w] >= lo_[w] && at >= lo_[w] && at <= hi_[w])
            emit(here, index(w, at), net.capacity[a], a);
        }
        for (std::uint32_t h : shelters_at[v])
          emit(here, first_shelter_pool_ + static_cast<int>(h), kInf, kNoArc);
      }
    }
  }

  int index(NodeIndex v, Time t) const { return base_[v] + (t - lo_[v]); }
  std::size_t arc_count() const { return arcs_.size(); }
  std::size_t node_count() const { return static_cast<std::size_t>(node_count_); }

  // Runs max-flow; returns its value, keeping the flow per arc when `keep_flow`.
  Cap max_flow(bool keep_flow) {
    lemon::StaticDigraph g;
    g.build(node_count_, arcs_.begin(), arcs_.end());
    // StaticDigraph numbers arcs in the order given, so arc i has capacity cap_[i].
    const CancellableCaps cap(g, cap_, *control_);
    lemon::Preflow<lemon::StaticDigraph, CancellableCaps> pf(g, cap, g.node(0), g.node(1));
    if (!keep_flow) {
      pf.runMinCut();
      return pf.flowValue();
    }
    pf.run();
    flow_.resize(cap_.size());
    for (std::size_t i = 0; i < cap_.size(); ++i) flow_[i] = pf.flow(g.arc(static_cast<int>(i)));
    return pf.flowValue();
  }

  // Splits the kept flow into paths, one group each. Contract: max_flow(true) ran.
  void decompose(Plan& plan) {
    std::vector<std::size_t> first_out(static_cast<std::size_t>(node_count_) + 1, 0);
    for (const auto& a : arcs_) ++first_out[a.first + 1];
    for (std::size_t i = 0; i + 1 < first_out.size(); ++i) first_out[i + 1] += first_out[i];
    std::vector<std::size_t> cursor(first_out.begin(), first_out.end() - 1);
    auto next_arc = [&](int u) -> std::size_t {
      auto& c = cursor[u];
      while (c < first_out[u + 1] && flow_[c] <= 0) ++c;
      return c;  // == first_out[u+1] means none (cannot happen on a conserved flow)
    };
    std::vector<std::size_t> path;
    // Arcs of zero steps stay within one step's copies, so the flow may go round in circles
    // there (u, t) -> (v, t) -> (u, t); a walk that comes back to a copy it passed cancels that
    // circle (it moves nobody anywhere) and goes on. at[x]: arcs on the walk when it reached x.
    std::vector<int> at(static_cast<std::size_t>(node_count_), -1);
    for (std::uint64_t round = 1;; ++round) {
      if ((round & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
      for (auto a : path) at[arcs_[a].second] = -1;
      path.clear();
      int u = 0;
      at[0] = 0;
      while (u != 1) {
        const std::size_t a = next_arc(u);
        if (a >= first_out[u + 1]) break;
        const int v = arcs_[a].second;
        if (at[v] >= 0) {
          const auto from = static_cast<std::size_t>(at[v]);
          Cap f = flow_[a];
          for (std::size_t k = from; k < path.size(); ++k) f = std::min(f, flow_[path[k]]);
          flow_[a] -= f;
          for (std::size_t k = from; k < path.size(); ++k) flow_[path[k]] -= f;
          for (std::size_t k = from; k < path.size(); ++k) at[arcs_[path[k]].second] = -1;
          path.resize(from);
          u = v;
          continue;
        }
        path.push_back(a);
        at[v] = static_cast<int>(path.size());
        u = v;
      }
      if (u != 1 || path.empty()) break;
      Cap f = kInf;
      for (auto a : path) f = std::min(f, flow_[a]);
      for (auto a : path) flow_[a] -= f;
      Group g;
      g.count = f;
      g.source = static_cast<std::uint32_t>(arcs_[path[0]].second - first_pool_);
      g.shelter =
          static_cast<std::uint32_t>(arcs_[path[path.size() - 2]].second - first_shelter_pool_);
      for (auto a : path) {
        if (net_arc_[a] == kNoArc) continue;
        g.route.push_back({net_arc_[a], time_of(arcs_[a].first)});
      }
      plan.groups.push_back(std::move(g));
    }
  }

 private:
  Time time_of(int ten_node) const {
    const auto it = std::upper_bound(base_.begin(), base_.end() - 1, ten_node);
    const auto v = static_cast<std::size_t>(it - base_.begin()) - 1;
    // Several nodes may share a base when some are pruned (empty ranges); the last one with
    // this base is the one that owns the copy.
    return lo_[v] + (ten_node - base_[v]);
  }

  const RunControl* control_;
  int first_pool_ = 0, first_shelter_pool_ = 0, node_count_ = 0;
  std::vector<int> base_;
  std::vector<Time> lo_, hi_;
  std::vector<std::pair<int, int>> arcs_;
  std::vector<Cap> cap_;
  std::vector<ArcIndex> net_arc_;
  std::vector<Cap> flow_;
};

class OptimalPlanner final : public Planner {
 public:
  std::string_view name() const override { return "optimal"; }

 protected:
  Result<Plan> run(const Problem& problem, RunControl& control) const override {
    try {
      return solve(problem, control);
    } catch (const Cancelled&) {
      return fail(kCancelledText);
    }
  }

 private:
  Result<Plan> solve(const Problem& problem, RunControl& control) const {
    Plan plan;
    plan.planner = "optimal";
    const auto dist = detail::distance_to_shelters(problem);
    std::vector<std::pair<NodeIndex, Time>> roots;
    for (const auto& s : problem.sources)
      if (dist[s.node] != kUnreachable) roots.emplace_back(s.node, s.earliest_departure);
    const auto earliest = forward_tree(problem.network, roots).dist;

    const Cap target = evacuable_people(problem);
    std::vector<People> remaining;
    for (const auto& s : problem.sources) remaining.push_back(s.count);
    if (target > 0) {
      // Never above the optimum, whether or not everyone can be evacuated (plan.hpp).
      Time lo = egress_lower_bound(problem);
      // Progress: the heuristic upper bound is the first tenth; then every max-flow of the
      // search an equal share of 0.1..0.95 of the flows done and still expected (one per halving
      // of the bracket, and the final one); the rest is the final flow and its paths.
      int flows_done = 0;
      auto report_search = [&](int expected_left) {
        control.report(0.1 + 0.85 * flows_done / (flows_done + expected_left + 1.0));
      };
      auto too_large = [&](Time horizon) -> Result<void> {
        const auto [nodes, arcs] = TimeExpanded::size(problem, earliest, dist, horizon);
        const std::size_t bytes = arcs * kBytesPerArc + nodes * kBytesPerNode;
        if (bytes <= control.memory_budget && arcs < static_cast<std::size_t>(INT32_MAX) &&
            nodes < static_cast<std::size_t>(INT32_MAX))
          return {};
        return fail(
            "optimal: the time-expanded network for a horizon of {} steps has {} junction "
            "copies and {} arcs, about {:.1f} GB, more than the {:.1f} GB this run may take; "
            "use the qorgan planner",
            horizon, nodes, arcs, static_cast<double>(bytes) / 1e9,
            static_cast<double>(control.memory_budget) / 1e9);
      };
      auto feasible = [&](Time horizon) -> Result<bool> {
        if (auto ok = too_large(horizon); !ok) return std::unexpected(ok.error());
        TimeExpanded ten(problem, earliest, dist, horizon, control);
        const bool ok = ten.max_flow(false) >= target;
        ++flows_done;
        return ok;
      };
      // Refused before the heuristic runs when even the shortest possible horizon is too large.
      if (auto ok = too_large(lo); !ok) return std::unexpected(ok.error());
      // Upper bound: a qorgan plan that routes everyone routable, else doubling.
      Time hi = -1;
      control.set_range(0, 0.1);
      const auto outer = control.nest();
      auto heuristic = make_qorgan_planner(1)->plan(problem, control);
      control.unnest(outer);
      if (control.cancelled()) return fail(kCancelledText);
      if (heuristic && heuristic->evacuated == target) hi = std::max(lo, heuristic->egress_time);
      control.set_range(0, 1);
      if (hi < 0) {
        Time t = std::max<Time>(lo, 1);
        while (true) {
          report_search(flows_done + 1);
          auto ok = feasible(t);
          if (!ok) return std::unexpected(ok.error());
          if (*ok) break;
          if (control.cancelled()) return fail(kCancelledText);
          lo = t + 1;
          if (t > control.horizon)
            return fail("optimal: no plan within the horizon of {} steps", control.horizon);
          t = static_cast<Time>(std::min<std::int64_t>(std::int64_t{t} * 2, INT32_MAX / 2));
        }
        hi = t;
      }
      while (lo < hi) {
        if (control.cancelled()) return fail(kCancelledText);
        report_search(static_cast<int>(
            std::bit_width(static_cast<std::uint64_t>(std::max<Time>(hi - lo, 0)))));
        const Time mid = lo + (hi - lo) / 2;
        auto ok = feasible(mid);
        if (!ok) return std::unexpected(ok.error());
        if (*ok)
          hi = mid;
        else
          lo = mid + 1;
      }
      report_search(0);
      if (control.cancelled()) return fail(kCancelledText);
      if (auto ok = too_large(hi); !ok) return std::unexpected(ok.error());
      TimeExpanded ten(problem, earliest, dist, hi, control);
      ten.max_flow(true);
      ten.decompose(plan);
      for (const auto& g : plan.groups) remaining[g.source] -= g.count;
    }
    detail::report_unroutable(problem, dist, remaining, plan);
    finish_plan(problem, plan);
    control.report(1);
    plan.optimum = plan.egress_time;
    plan.lower_bound = plan.egress_time;
    return plan;
  }
};

}  // namespace

std::unique_ptr<Planner> make_optimal_planner() {
  return std::make_unique<OptimalPlanner>();
}

}  // namespace qorgan::evac
