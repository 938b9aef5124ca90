// optimal: the exact quickest evacuation. For a horizon T the time-expanded network has a copy
// (v, t) of every junction for each step t <= T; movement arcs (u, t) -> (w, t + travel) carry
// the arc's capacity, hold-over arcs (v, t) -> (v, t + 1) the node's holding capacity; each
// source has a home pool that may release its people at any step (waiting at home is free), and
// each shelter a pool that takes at most its capacity. The most people that can be evacuated at
// all (M) is the static max-flow with unbounded arc capacities; the optimum is the least T whose
// time-expanded max-flow reaches M. The max-flow is a push-relabel of this file's own.
//
// Copies (v, t) that cannot be reached by time t or cannot reach a shelter by T are left out
// (earliest arrival from any origin, static distance to any shelter), which keeps the expanded
// network a small fraction of |V| x T.
//
// The search for T: the bracket is [egress_bound, egress of a qorgan plan] (without an upper
// end when qorgan is slow). A qorgan plan that meets the bound is the optimum already. Otherwise
// the first probe is the bound itself (the smallest network), and each next one is where the
// flow would reach M if it kept growing at the rate seen so far (the static max-flow per step
// after one probe, then the secant of the last two), at least an eighth of the way into the
// bracket so that a poor estimate still shrinks it geometrically. The flow of the largest
// horizon that fell short is a preflow of every larger horizon's network (their arcs and
// capacities include its own), so the next probe starts from it and only pushes what is
// missing: probes from below are much cheaper than solving from scratch. The smallest horizon
// that reaches M is completed to a flow and decomposed into paths, one group each; if none does
// below the qorgan plan's egress, that plan is the optimum.

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "evac/graph/max_flow.hpp"
#include "evac/plan/heuristic_support.hpp"

namespace qorgan::evac {

namespace {

// Capacities and flows in 32 bits (half the memory of the largest arrays): every finite
// capacity (people, places, per-step capacities, holding) is at most 10^9, and so are all people
// together (limits.hpp), so no flow, excess or sum of them comes near kInf, which stands for
// "unbounded".
using Cap = std::int32_t;
constexpr Cap kInf = std::numeric_limits<Cap>::max();

// Thrown from inside a max-flow when the run is cancelled (a solve on a large horizon takes
// minutes). It never leaves this file: run() turns it into kCancelled (every structure
// involved is owned by an object on the stack).
struct Cancelled {};

// How long qorgan may take for the upper bound (see bounded_heuristic).
constexpr std::chrono::seconds kHeuristicSeconds{5};

// Bytes per arc and per node of a time-expanded network while its flow is solved: tail, head,
// capacity, flow, the list of arcs into each node, the preflows kept of the last probe that
// fell short and of the smallest that reached everyone (4 bytes each; the network arcs take the
// place of one while the paths are taken); per node the arc offsets and push-relabel's excess,
// label, current arc and queue.
constexpr std::size_t kBytesPerArc = 32;
constexpr std::size_t kBytesPerNode = 48;

// The shape of the time-expanded networks of one problem: which copies exist for a horizon,
// how they are numbered, and their arcs in order of tail.
class Expansion {
 public:
  // Node ids for one horizon: 0 the super source, 1 the super sink, then the home pools, the
  // shelter pools, and the copies of each junction v in order of time from base[v].
  struct Layout {
    Time horizon = 0;
    std::vector<int> base;  // per junction, and one past the last copy at the end
    int nodes = 0;
  };

  Expansion(const Problem& p, std::vector<Time> earliest, std::vector<Time> to_go)
      : p_(&p), earliest_(std::move(earliest)), to_go_(std::move(to_go)) {
    first_pool = 2;
    first_shelter_pool = first_pool + static_cast<int>(p.sources.size());
    const auto n = p.network.node_count();
    shelters_first_.assign(n + 1, 0);
    for (const auto& h : p.shelters) ++shelters_first_[h.node + 1];
    for (std::size_t v = 0; v < n; ++v) shelters_first_[v + 1] += shelters_first_[v];
    shelters_.resize(p.shelters.size());
    auto fill = shelters_first_;
    for (std::uint32_t h = 0; h < p.shelters.size(); ++h) shelters_[fill[p.shelters[h].node]++] = h;
  }

  // The size of the network for `horizon` without building it, (nodes, arcs), counting every
  // arc out of a kept copy (a slight overestimate): what the memory budget is checked against.
  std::pair<std::size_t, std::size_t> estimate(Time horizon) const {
    const Network& net = p_->network;
    std::size_t nodes = 2 + p_->sources.size() + p_->shelters.size(), arcs = 0;
    for (NodeIndex v = 0; v < net.node_count(); ++v) {
      if (!kept(v, horizon)) continue;
      const auto copies = static_cast<std::size_t>(horizon - to_go_[v] - earliest_[v] + 1);
      nodes += copies;
      arcs += copies *
              (net.out_end(v) - net.out_begin(v) + 1 + shelters_first_[v + 1] - shelters_first_[v]);
    }
    arcs += p_->sources.size() * (1 + static_cast<std::size_t>(horizon));
    return {nodes, arcs + p_->shelters.size()};
  }

  Layout layout(Time horizon) const {
    Layout l;
    l.horizon = horizon;
    const auto n = p_->network.node_count();
    l.base.resize(n + 1);
    int next = first_shelter_pool + static_cast<int>(p_->shelters.size());
    for (NodeIndex v = 0; v < n; ++v) {
      l.base[v] = next;
      if (kept(v, horizon)) next += horizon - to_go_[v] - earliest_[v] + 1;
    }
    l.base[n] = next;
    l.nodes = next;
    return l;
  }

  // Calls emit(tail, head, capacity, network arc or kNoArc) for every arc of the network of
  // `horizon`, with node ids of `ids` (a layout of the same or a larger horizon, whose copies
  // include these), in order of tail; for one tail always in the same order, so that the arcs
  // of a smaller horizon are a subsequence of those of a larger one.
  template <typename Emit>
  void arcs(Time horizon, const Layout& ids, const RunControl& control, Emit&& emit) const {
    const Problem& p = *p_;
    const Network& net = p.network;
    std::size_t emitted = 0;
    auto put = [&](int u, int v, Cap c, ArcIndex a) {
      if ((++emitted & 0xffff) == 0 && control.cancelled()) throw Cancelled{};
      emit(u, v, c, a);
    };
    auto id = [&](NodeIndex v, Time t) { return ids.base[v] + (t - earliest_[v]); };
    auto cap = [](People c) {
      return c == kUnlimited ? kInf : static_cast<Cap>(std::min<People>(c, kInf - 1));
    };
    for (std::uint32_t s = 0; s < p.sources.size(); ++s)
      put(0, first_pool + static_cast<int>(s), cap(p.sources[s].count), kNoArc);
    for (std::uint32_t s = 0; s < p.sources.size(); ++s) {
      const NodeIndex o = p.sources[s].node;
      if (!kept(o, horizon)) continue;
      for (Time t = std::max(earliest_[o], p.sources[s].earliest_departure);
           t <= horizon - to_go_[o]; ++t)
        put(first_pool + static_cast<int>(s), id(o, t), kInf, kNoArc);
    }
    for (std::uint32_t h = 0; h < p.shelters.size(); ++h)
      put(first_shelter_pool + static_cast<int>(h), 1, cap(p.shelters[h].capacity), kNoArc);
    for (NodeIndex v = 0; v < net.node_count(); ++v) {
      if (!kept(v, horizon)) continue;
      const Time last = horizon - to_go_[v];
      for (Time t = earliest_[v]; t <= last; ++t) {
        const int here = id(v, t);
        if (t < last && net.holding[v] > 0) put(here, here + 1, cap(net.holding[v]), kNoArc);
        for (ArcIndex a = net.out_begin(v); a < net.out_end(v); ++a) {
          const NodeIndex w = net.head[a];
          const Time at = t + net.travel_time[a];
          if (kept(w, horizon) && at >= earliest_[w] && at <= horizon - to_go_[w])
            put(here, id(w, at), cap(net.capacity[a]), a);
        }
        for (auto k = shelters_first_[v]; k < shelters_first_[v + 1]; ++k)
          put(here, first_shelter_pool + static_cast<int>(shelters_[k]), kInf, kNoArc);
      }
    }
  }

  // The junction and step of copy `node` in `ids`. Contract: node is a copy.
  std::pair<NodeIndex, Time> copy_of(const Layout& ids, int node) const {
    const auto it = std::upper_bound(ids.base.begin(), ids.base.end() - 1, node);
    // Several junctions share a base when some are pruned (no copies); the last one with this
    // base is the one that owns the copy.
    const auto v = static_cast<NodeIndex>(it - ids.base.begin()) - 1;
    return {v, earliest_[v] + (node - ids.base[v])};
  }

  int first_pool = 0, first_shelter_pool = 0;

 private:
  bool kept(NodeIndex v, Time horizon) const {
    return earliest_[v] != kUnreachable && to_go_[v] != kUnreachable &&
           static_cast<std::int64_t>(earliest_[v]) + to_go_[v] <= horizon;
  }

  const Problem* p_;
  std::vector<Time> earliest_, to_go_;
  std::vector<std::uint32_t> shelters_first_, shelters_;
};

// The preflow of a probe that fell short, on the arcs of the network built for `horizon`: where
// the next probe starts.
struct Warm {
  Time horizon = 0;
  std::vector<Cap> flow;
};

// The time-expanded network of a horizon H, which serves every probe T <= H: arrivals at the
// shelters after T are closed (capacity 0), and the copies that could only arrive later are then
// dead ends that no flow enters (push-relabel labels them unreachable at once). So a search
// builds one network for several probes, and a probe's preflow is a preflow of every later
// probe's (capacities only open up). Its max-flow and, when it reaches M, its paths.
class TimeExpanded {
 public:
  TimeExpanded(const Expansion& x, Time horizon, const RunControl& control)
      : x_(&x), control_(&control), ids_(x.layout(horizon)) {
    const auto nodes = static_cast<std::size_t>(ids_.nodes);
    out_start_.assign(nodes + 1, 0);
    in_first_.assign(nodes + 1, 0);
    x.arcs(horizon, ids_, control, [&](int u, int v, Cap, ArcIndex) {
      ++out_start_[u + 1];
      ++in_first_[v + 1];
    });
    for (std::size_t i = 0; i < nodes; ++i) {
      out_start_[i + 1] += out_start_[i];
      in_first_[i + 1] += in_first_[i];
    }
    const std::size_t m = out_start_[nodes];
    tail_.resize(m);
    head_.resize(m);
    cap_.resize(m);
    in_arcs_.resize(m);
    std::vector<std::uint32_t> fill(in_first_.begin(), in_first_.end() - 1);
    const int first_copy = ids_.base[0];
    std::uint32_t k = 0;
    x.arcs(horizon, ids_, control, [&](int u, int v, Cap c, ArcIndex) {
      if (v >= x.first_shelter_pool && v < first_copy && u >= first_copy)
        arrivals_.push_back({k, x.copy_of(ids_, u).second});
      tail_[k] = u;
      head_[k] = v;
      cap_[k] = c;
      in_arcs_[fill[v]++] = k;
      ++k;
    });
  }

  Time horizon() const { return ids_.horizon; }

  // Max-flow, first phase, with arrivals up to `cutoff` only: its value (the flow itself is a
  // preflow until decompose()). Starts from `warm` when given, a probe that fell short at a
  // smaller cutoff.
  Cap solve(Time cutoff, const Warm* warm) {
    for (const auto& [a, t] : arrivals_) cap_[a] = t <= cutoff ? kInf : 0;
    if (!warm)
      flow_.assign(cap_.size(), 0);
    else if (warm->horizon == ids_.horizon)
      flow_ = warm->flow;
    else
      carry(*warm);
    push_relabel(1);
    return static_cast<Cap>(excess_[1]);
  }

  // The preflow of the last solve, to start a later one from. Contract: solve() ran.
  Warm flow() const { return {ids_.horizon, flow_}; }

  // Completes `preflow`, a maximum preflow of this network with arrivals up to `cutoff`, to a
  // flow and splits it into paths, one group each.
  void decompose(Time cutoff, std::vector<Cap> preflow, Plan& plan) {
    for (const auto& [a, t] : arrivals_) cap_[a] = t <= cutoff ? kInf : 0;
    flow_ = std::move(preflow);
    // What could not reach a shelter goes back to the homes: the preflow becomes a flow.
    push_relabel(0);
    excess_ = {};
    label_ = {};
    current_ = {};
    // The network's arcs are asked for again rather than kept through the solve.
    std::vector<ArcIndex> net_arc;
    net_arc.reserve(cap_.size());
    x_->arcs(ids_.horizon, ids_, *control_,
             [&](int, int, Cap, ArcIndex a) { net_arc.push_back(a); });
    const auto nodes = static_cast<std::size_t>(ids_.nodes);
    const std::vector<std::uint32_t>& first_out = out_start_;
    std::vector<std::uint32_t> cursor = out_start_;
    auto next_arc = [&](int u) -> std::size_t {
      auto& c = cursor[u];
      while (c < first_out[u + 1] && flow_[c] <= 0) ++c;
      return c;  // == first_out[u+1] means none (cannot happen on a conserved flow)
    };
    std::vector<std::size_t> path;
    // Arcs of zero steps stay within one step's copies, so the flow may go round in circles
    // there (u, t) -> (v, t) -> (u, t); a walk that comes back to a copy it passed cancels that
    // circle (it moves nobody anywhere) and goes on. at[x]: arcs on the walk when it reached x.
    std::vector<int> at(nodes, -1);
    for (std::uint64_t round = 1;; ++round) {
      if ((round & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
      for (auto a : path) at[head(a)] = -1;
      path.clear();
      int u = 0;
      at[0] = 0;
      while (u != 1) {
        const std::size_t a = next_arc(u);
        if (a >= first_out[u + 1]) break;
        const int v = head(a);
        if (at[v] >= 0) {
          const auto from = static_cast<std::size_t>(at[v]);
          Cap f = flow_[a];
          for (std::size_t k = from; k < path.size(); ++k) f = std::min(f, flow_[path[k]]);
          flow_[a] -= f;
          for (std::size_t k = from; k < path.size(); ++k) flow_[path[k]] -= f;
          for (std::size_t k = from; k < path.size(); ++k) at[head(path[k])] = -1;
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
      g.source = static_cast<std::uint32_t>(head(path[0]) - x_->first_pool);
      g.shelter = static_cast<std::uint32_t>(head(path[path.size() - 2]) - x_->first_shelter_pool);
      for (auto a : path) {
        if (net_arc[a] == kNoArc) continue;
        g.route.push_back({net_arc[a], x_->copy_of(ids_, tail(a)).second});
      }
      plan.groups.push_back(std::move(g));
    }
  }

 private:
  int tail(std::size_t a) const { return tail_[a]; }
  int head(std::size_t a) const { return head_[a]; }

  // Push-relabel (first in, first out) towards `target` in the residual network of flow_:
  // towards the sink (1) it leaves a maximum preflow, whose value is the sink's excess; towards
  // the source (0) it returns every excess left in the network home, which makes the preflow a
  // flow. Labels are exact distances to the target after every global relabelling (a breadth-
  // first search backwards), done at the start and whenever relabelling has scanned about as
  // many arcs as the network has: without it, excess that cannot get through climbs one label
  // at a time across a network of millions of copies. The same for one node at a time: a node
  // relabelled from the last label L that any node had cannot reach the target any more (every
  // way there passes a node labelled L), so it is put out of the search at once.
  void push_relabel(int target) {
    const int n = ids_.nodes, other = target == 1 ? 0 : 1;
    excess_.assign(static_cast<std::size_t>(n), 0);
    for (std::size_t k = 0; k < flow_.size(); ++k) {
      excess_[head_[k]] += flow_[k];
      excess_[tail_[k]] -= flow_[k];
    }
    label_.assign(static_cast<std::size_t>(n), n);
    current_.assign(static_cast<std::size_t>(n), 0);
    std::vector<std::uint32_t> at_label(static_cast<std::size_t>(n) + 1, 0);
    std::vector<int> queue;
    std::size_t head_of_queue = 0;
    auto active = [&](int v) { return v != 0 && v != 1 && excess_[v] > 0 && label_[v] < n; };
    auto relabel_all = [&] {
      std::fill(label_.begin(), label_.end(), n);
      std::fill(current_.begin(), current_.end(), 0);
      queue.clear();
      head_of_queue = 0;
      label_[target] = 0;
      queue.push_back(target);
      // Backwards: a residual arc u -> x is a forward arc into x with room, or the reverse of a
      // forward arc out of x that carries flow. `other` (the source towards the sink, the sink
      // towards the source) is never passed through.
      for (std::size_t i = 0; i < queue.size(); ++i) {
        const int x = queue[i];
        if ((i & 0xffff) == 0 && control_->cancelled()) throw Cancelled{};
        for (auto j = in_first_[x]; j < in_first_[x + 1]; ++j) {
          const auto k = in_arcs_[j];
          const int u = tail_[k];
          if (label_[u] == n && u != other && flow_[k] < cap_[k]) {
            label_[u] = label_[x] + 1;
            queue.push_back(u);
          }
        }
        for (auto k = out_start_[x]; k < out_start_[x + 1]; ++k) {
          const int u = head_[k];
          if (label_[u] == n && u != other && flow_[k] > 0) {
            label_[u] = label_[x] + 1;
            queue.push_back(u);
          }
        }
      }
      queue.clear();
      std::fill(at_label.begin(), at_label.end(), 0);
      for (int v = 0; v < n; ++v) {
        ++at_label[label_[v]];
        if (active(v)) queue.push_back(v);
      }
    };
    relabel_all();
    if (target == 1) {  // the homes take everyone who can still reach a shelter
      for (auto k = out_start_[0]; k < out_start_[1]; ++k) {
        const int pool = head_[k];
        if (flow_[k] >= cap_[k] || label_[pool] >= n) continue;
        if (excess_[pool] <= 0) queue.push_back(pool);
        excess_[pool] += cap_[k] - flow_[k];
        excess_[0] -= cap_[k] - flow_[k];
        flow_[k] = cap_[k];
      }
    }
    const std::size_t budget = flow_.size() + static_cast<std::size_t>(n);
    std::size_t work = 0;
    std::uint64_t steps = 0;
    while (head_of_queue < queue.size()) {
      const int v = queue[head_of_queue++];
      if (head_of_queue > (1u << 20) && head_of_queue * 2 > queue.size()) {
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head_of_queue));
        head_of_queue = 0;
      }
      const auto outs = out_start_[v + 1] - out_start_[v];
      const auto degree = outs + in_first_[v + 1] - in_first_[v];
      while (excess_[v] > 0 && label_[v] < n) {
        if ((++steps & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
        if (current_[v] == degree) {  // relabel
          int lowest = n;
          for (std::uint32_t p = 0; p < degree; ++p) {
            const auto [w, room] = residual(v, p, outs);
            if (room > 0) lowest = std::min(lowest, label_[w] + 1);
          }
          --at_label[label_[v]];
          label_[v] = at_label[label_[v]] == 0 ? n : std::min(lowest, n);
          ++at_label[label_[v]];
          current_[v] = 0;
          work += degree + 1;
          continue;
        }
        const std::uint32_t p = current_[v];
        const auto [w, room] = residual(v, p, outs);
        if (room <= 0 || label_[w] != label_[v] - 1) {
          ++current_[v];
          continue;
        }
        const Cap d = static_cast<Cap>(std::min<std::int64_t>(excess_[v], room));
        if (p < outs)
          flow_[out_start_[v] + p] += d;
        else
          flow_[in_arcs_[in_first_[v] + (p - outs)]] -= d;
        excess_[v] -= d;
        if (excess_[w] <= 0 && w != target) {
          excess_[w] += d;
          if (active(w)) queue.push_back(w);
        } else {
          excess_[w] += d;
        }
      }
      if (work > budget) {
        work = 0;
        relabel_all();
      }
    }
  }

  // The p-th residual arc out of v (forward arcs first, then reverses of the arcs into v):
  // where it leads and how much more it takes.
  std::pair<int, std::int64_t> residual(int v, std::uint32_t p, std::uint32_t outs) const {
    if (p < outs) {
      const auto k = out_start_[v] + p;
      return {head_[k], std::int64_t{cap_[k]} - flow_[k]};
    }
    const auto k = in_arcs_[in_first_[v] + (p - outs)];
    return {tail_[k], flow_[k]};
  }

  // Puts the flow of a network built for a smaller horizon on the matching arcs of this one:
  // its arcs, named with this network's node ids, come in the same order as a subsequence of
  // these (same tail, same head; parallel arcs of one pair are matched in order, and both
  // networks have all of them or none).
  void carry(const Warm& warm) {
    flow_.assign(cap_.size(), 0);
    std::size_t k = 0, j = 0;
    const std::size_t m = cap_.size();
    x_->arcs(warm.horizon, ids_, *control_, [&](int u, int v, Cap, ArcIndex) {
      j = std::max<std::size_t>(j, out_start_[u]);
      while (j < m && (tail(j) != u || head(j) != v)) ++j;
      if (j == m) throw std::logic_error("optimal: a smaller horizon's arc is missing");
      flow_[j++] = warm.flow[k++];
    });
  }

  const Expansion* x_;
  const RunControl* control_;
  Expansion::Layout ids_;
  // The arcs in the order Expansion::arcs gives them, so by tail: arcs out of u are
  // out_start_[u] .. out_start_[u + 1]; those into v are listed in in_arcs_ from in_first_[v].
  std::vector<std::uint32_t> out_start_, in_first_, in_arcs_;
  std::vector<int> tail_, head_;
  std::vector<Cap> cap_, flow_;
  std::vector<std::pair<std::uint32_t, Time>> arrivals_;  // copy -> shelter pool arcs, and when
  // Push-relabel's state per node.
  std::vector<std::int64_t> excess_;
  std::vector<int> label_;
  std::vector<std::uint32_t> current_;
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
  // qorgan's plan bounds the search from above, and is the answer when no horizon below its
  // egress evacuates everyone; but on some inputs it takes longer than the whole search (20 s
  // of 35 on Almaty by car with 30,000 people from 300 origins), so it gets kHeuristicSeconds and
  // is stopped after them: the search then goes on from below without an upper bound.
  static Result<Plan> bounded_heuristic(const Problem& problem, RunControl& control) {
    RunControl inner;
    inner.horizon = control.horizon;
    inner.memory_budget = control.memory_budget;
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::thread watch([&] {
      const auto until = std::chrono::steady_clock::now() + kHeuristicSeconds;
      std::unique_lock lock(mutex);
      while (!finished.wait_for(lock, std::chrono::milliseconds(10), [&] { return done; })) {
        if (control.cancelled() || std::chrono::steady_clock::now() > until) {
          inner.cancel();
          return;
        }
        control.report(inner.progress());
      }
    });
    auto plan = make_qorgan_planner(1)->plan(problem, inner);
    {
      const std::lock_guard lock(mutex);
      done = true;
    }
    finished.notify_one();
    watch.join();
    return plan;
  }

  Result<Plan> solve(const Problem& problem, RunControl& control) const {
    Plan plan;
    plan.planner = "optimal";
    const auto dist = detail::distance_to_shelters(problem);
    std::vector<std::pair<NodeIndex, Time>> roots;
    for (const auto& s : problem.sources)
      if (dist[s.node] != kUnreachable) roots.emplace_back(s.node, s.earliest_departure);
    const Expansion expansion(problem, forward_tree(problem.network, roots).dist, dist);

    const People target = evacuable_people(problem);
    std::vector<People> remaining;
    for (const auto& s : problem.sources) remaining.push_back(s.count);
    bool from_heuristic = false;
    if (target > 0) {
      // Never above the optimum, whether or not everyone can be evacuated (plan.hpp).
      const EgressBound bound = egress_bound(problem);
      Time lo = bound.steps;
      // Progress: the heuristic upper bound is the first tenth; then every max-flow of the
      // search an equal share of 0.1..0.95 of the flows done and still expected (at most one
      // per halving of the bracket); the rest is the paths.
      int flows_done = 0;
      auto report_search = [&](int expected_left) {
        control.report(0.1 + 0.85 * flows_done / (flows_done + expected_left + 1.0));
      };
      auto too_large = [&](Time horizon) -> Result<void> {
        const auto [nodes, arcs] = expansion.estimate(horizon);
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
      // Refused before the heuristic runs when even the shortest possible horizon is too large.
      if (auto ok = too_large(lo); !ok) return std::unexpected(ok.error());
      // Upper bound: a qorgan plan that routes everyone routable, else none (hi < 0).
      Time hi = -1;
      control.set_range(0, 0.1);
      auto heuristic = bounded_heuristic(problem, control);
      if (control.cancelled()) return fail(kCancelledText);
      if (heuristic && heuristic->evacuated == target) hi = std::max(lo, heuristic->egress_time);
      control.set_range(0, 1);

      struct Probe {
        Time horizon;
        Cap value;
      };
      std::vector<Probe> short_of;  // probes that fell short, in increasing horizon
      std::unique_ptr<TimeExpanded> ten;
      std::optional<Warm> warm;  // the preflow of the largest probe that fell short
      // The preflow of the smallest horizon that reached M (on the arcs of `ten`: no network
      // is built after a probe reaches M, every later one being below it).
      std::optional<std::vector<Cap>> best;
      auto next_probe = [&]() -> Time {
        if (short_of.empty()) return lo;
        const Probe& b = short_of.back();
        double rate = static_cast<double>(bound.per_step);
        if (short_of.size() >= 2) {
          const Probe& a = short_of[short_of.size() - 2];
          rate = static_cast<double>(b.value - a.value) / (b.horizon - a.horizon);
        }
        std::int64_t t = std::int64_t{lo} + (hi < 0 ? lo : (hi - lo) / 2);
        if (rate > 0)
          t = b.horizon +
              static_cast<std::int64_t>(std::ceil(static_cast<double>(target - b.value) / rate));
        if (hi < 0)  // no upper bound: at most doubling, and never past the horizon allowed
          return static_cast<Time>(std::clamp<std::int64_t>(
              t, lo,
              std::max<std::int64_t>(
                  lo, std::min<std::int64_t>({std::int64_t{b.horizon} * 2 + 1, INT32_MAX / 2,
                                              std::int64_t{control.horizon}}))));
        // An estimate at or past a horizon that a probe saw reach M is stale (the flow grew
        // faster than the secant said): halve the bracket instead of stepping down one at a
        // time. (Past qorgan's egress it is not: the probe just below that egress settles it.)
        if (t >= hi && best) return lo + (hi - lo) / 2;
        return static_cast<Time>(std::clamp<std::int64_t>(t, lo + (hi - lo) / 8, hi - 1));
      };
      while (hi < 0 || lo < hi) {
        if (control.cancelled()) return fail(kCancelledText);
        report_search(hi < 0 ? 1
                             : static_cast<int>(std::bit_width(
                                   static_cast<std::uint64_t>(std::max<Time>(hi - lo, 0)))));
        const Time t = next_probe();
        if (!ten || ten->horizon() < t) {
          // Room for the next few probes above this one (they come in small steps near the
          // optimum), but not all the way to a far upper bound.
          const Time slack = std::max<Time>(8, t / 16);
          Time built = hi < 0 ? t + slack : std::min<Time>(hi, t + slack);
          if (!too_large(built)) built = t;
          if (auto ok = too_large(built); !ok) return std::unexpected(ok.error());
          ten.reset();
          ten = std::make_unique<TimeExpanded>(expansion, built, control);
        }
        const Cap value = ten->solve(t, warm ? &*warm : nullptr);
        ++flows_done;
        if (value >= target) {
          hi = t;
          best = ten->flow().flow;
          continue;
        }
        lo = t + 1;
        short_of.push_back({t, value});
        warm = ten->flow();
        if (hi < 0 && t >= control.horizon)
          return fail("optimal: no plan within the horizon of {} steps", control.horizon);
      }
      report_search(0);
      if (control.cancelled()) return fail(kCancelledText);
      if (best) {
        warm.reset();
        ten->decompose(hi, std::move(*best), plan);
        for (const auto& g : plan.groups) remaining[g.source] -= g.count;
      } else {
        // No horizon below the qorgan plan's egress evacuates M: that plan is an optimum.
        plan.groups = std::move(heuristic->groups);
        plan.unroutable = std::move(heuristic->unroutable);
        from_heuristic = true;
      }
    }
    if (!from_heuristic) detail::report_unroutable(problem, dist, remaining, plan);
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
