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
// The search for T: the bracket is [egress_bound or assignment_bound, an upper bound]. The upper
// bound is the least of a few horizons just above the lower one at which an assigned plan
// (assigned_plan.hpp: people given to shelters they reach in time, then routed) brings everyone
// in, else the egress of a start plan where the caller gives one (plan_optimal_from: qorgan's
// critical-first plan inside qorgan; `optimal` alone has none, so that nothing but counts
// decides its path: a qorgan plan given 5 s of wall time made it depend on the machine's load,
// and its groups as the first probe's start shut the assigned plans out of the later probes).
// A plan that meets the lower bound is the optimum already. Otherwise the first probe is the bound
// itself (the smallest network), after it the step below an assigned plan's upper bound, and each
// next one is where the flow would reach M if it kept growing at the rate seen so far (the static
// max-flow per step after one probe, then the secant of the last two). Near the optimum these
// estimates are mostly right to a step, and every probe costs a pass over the whole network, so
// they are taken as they are; only each further probe that falls short must step at least twice as
// far as the one before, so that a poor estimate still closes the bracket in logarithmically many
// probes. The flow of the largest horizon that fell short is a preflow of every larger
// horizon's network (their arcs and capacities include its own), so the next probe starts from
// it and only pushes what is missing: probes from below are much cheaper than solving from
// scratch. A probe starts instead from the groups of the assigned plan at its horizon, or at the
// first probe the start plan's that arrive by then, where they bring more people in: where the
// assignment decides the egress, the assigned plan brings in nearly what the max-flow does, and
// push-relabel has little left to push. The smallest horizon that reaches M is completed to a
// flow and decomposed into paths, one group each; if none does below the upper bound, its plan
// is the optimum.

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/max_flow.hpp"
#include "evac/plan/assigned_plan.hpp"
#include "evac/plan/assignment_bound.hpp"
#include "evac/plan/heuristic_support.hpp"
#include "evac/plan/optimal_from.hpp"

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

// Thrown likewise when a run given a limit of work (plan_optimal_from) has done that much.
struct OutOfWork {};

// The max-flows' units of work: arcs looked at (a push or a look at an arc, a relabelling's
// scan of a node's arcs, a global relabelling's of each node it reaches, a pass over all the
// slots, a step of the paths' walk). Counted rather than timed, so that where a limited run
// stops depends on the input only, not on the machine's speed or load. Only the search is
// limited: once it has ended, the work its plan still needs is counted but not limited.
class Work {
 public:
  explicit Work(std::uint64_t limit) : limit_(limit) {}
  void add(std::uint64_t units) {
    done_ += units;
    if (limit_ != 0 && done_ > limit_) throw OutOfWork{};
  }
  std::uint64_t done() const { return done_; }
  std::uint64_t limit() const { return limit_; }
  // No limit from here on: for what is owed once the search has ended (its best flow completed
  // and walked into paths), so that an optimum it proved is not lost to the walk.
  void lift() { limit_ = 0; }

 private:
  std::uint64_t done_ = 0, limit_;  // limit 0: none
};

// Given a limit of work (qorgan's run), a search that its start leaves more than kFarShare of
// the people short at the lower bound foresees its work before its first max-flow and again
// after the first probe that falls short (where that one leaves as many short): a bisection of the
// bracket (one probe per halving), each probe kProbePasses passes over the network of the bracket's
// upper end (its nodes and arcs), and gives up where that, with the work done, passes
// kForeseenFactor times the limit. Where the start brings nearly everyone in at the lower bound,
// the optimum lies near it and the search costs about one network there, so the bracket says
// nothing and the limit alone decides. The foresight is rough (searches take fewer probes than a
// bisection, and a probe 2-28 passes: the first from the start the most, fewer as they near the
// optimum), so it is held against a multiple of the limit and made only before the search has
// learnt more: held against the passes of its later probes, it also gave up Heidelberg-Mannheim by
// car with 10^5 people, which finds the optimum within the limit. Measured on the corpus
// (2026-12-06 13:45-15:06 UTC: the share the start leaves short at the lower bound; the work to the
// optimum or to the limit of 2e9; the most foreseen):
// - found with 0.005-0.55% short (Almaty on foot with 5 shelters and from 200 origins to 5,
//   Malta on foot from 200 origins to 5, Heidelberg-Mannheim on foot with 10^5 people and from
//   300 origins: 0.2e9-0.8e9 units), with 3.3% (Heidelberg-Mannheim by car, 10^4 people: 0.08e9,
//   foreseen 0.62e9), 3.5% (Malta on foot, 10^4 people: 0.75e9, foreseen 2.56e9), 11% (Malta by
//   car, 10^4 people: 0.12e9, foreseen 0.6e9), 21% (Monaco on foot from 200 origins to 5
//   shelters: foreseen 0.6e9), 32% (Almaty by car with 5 shelters: 0.56e9, foreseen 1.2e9), 33%
//   (the 100 x 100 grid city: 0.43e9, foreseen 0.8e9) and 40% (Heidelberg-Mannheim by car with
//   10^5 people: 153 steps where the start took 286; foreseen 3.1e9);
// - not found with 5.6-79% short, foreseen 9.0e9 and 9.7e9 (Malta by car and on foot with 10^5
//   people) and 5.5e9 (Heidelberg-Mannheim by car to 5 shelters), all before any max-flow; 3.4e9
//   (Malta by car to 5 shelters, which ran to the limit, and since the step below a horizon that
//   reached M is probed first, finds the optimum, 491 steps, at 1.44e9).
// kProbePasses is about the median of the first probes' passes there (2-25; Malta by car with
// 10^5 people 25, the grid city 21, Malta on foot with 10^5 people 10, Heidelberg-Mannheim by car
// 4-7, Almaty by car 5).
constexpr double kFarShare = 0.02;
constexpr double kProbePasses = 8;
constexpr double kForeseenFactor = 2;

// The assigned plan a network's slack above the lower bound (an upper bound where it brings
// everyone in) is made only where the one at the bound leaves at most this share of the people
// short. On the corpus it brought everyone in where that one left 0.005-3.5% short (Malta on
// foot with 10^4 people, 3.5%: 567 steps where the start took 863), never where it left 11-80%
// short (Almaty by car with 5 shelters, Malta by car with 10^4 and 10^5 people and with 5
// shelters, Heidelberg-Mannheim by car with 10^5 people and with 5 shelters, the 100 x 100 grid
// city), and there it cost as long as the one at the bound: 4.7 s each on Malta by car with
// 10^5 people under load 9.
constexpr double kUpperShare = 0.1;

// Bytes per arc and per node of a time-expanded network while its flow is solved. The arcs are
// not stored (a copy's arcs follow from its junction's in the road network, see Expansion), so
// an arc costs its flow (4 bytes) and its part of the preflows kept of the last probe that fell
// short and of the smallest that reached everyone (a bit each, and 4 bytes for each arc that
// carries flow: under 1% of them on Almaty on foot, so 1 byte leaves room for 8%); a node
// push-relabel's excess, label and current arc and the junction of a copy (4 bytes each), and at
// most 4 bytes each for a place in the queue of active nodes and a count per label (mostly far
// less: they are sized by the nodes active at once and the labels given).
constexpr std::size_t kBytesPerArc = 5;
constexpr std::size_t kBytesPerNode = 24;

Cap capacity_of(People c) {
  return c == kUnlimited ? kInf : static_cast<Cap>(std::min<People>(c, kInf - 1));
}

// The shape of the time-expanded networks of one problem: which copies exist for a horizon,
// how they are numbered, and where each arc's flow is kept.
class Expansion {
 public:
  // Node ids and flow slots for one horizon. Nodes: 0 the super source, 1 the super sink, then
  // the home pools, the shelter pools, and the copies of each junction v in order of time from
  // base[v]. Flow slots: the super source's arcs (one per home pool), the shelter pools' arcs
  // to the sink, each home pool's arcs to its origin's copies from pool_slots[s], then each
  // junction's copies from copy_slots[v], width(v) slots a copy: hold-over, the roads out of
  // v, v's shelters. A slot whose arc does not exist (the last copy's hold-over, a road whose
  // head copy is pruned) has capacity 0 and never carries flow.
  struct Layout {
    Time horizon = 0;
    std::vector<int> base;   // per junction, and one past the last copy at the end
    std::vector<Time> last;  // per junction: the step of its last copy (-1: none)
    std::vector<std::size_t> pool_slots, copy_slots;  // and one past the last at the end
    int nodes = 0;
    std::size_t arcs = 0;
  };

  Expansion(const Problem& p, std::vector<Time> earliest, std::vector<Time> to_go)
      : p_(&p), earliest_(std::move(earliest)), to_go_(std::move(to_go)), in_(p.network) {
    const Network& net = p.network;
    const auto n = net.node_count();
    first_pool = 2;
    first_shelter_pool = first_pool + static_cast<int>(p.sources.size());
    first_copy = first_shelter_pool + static_cast<int>(p.shelters.size());
    auto index = [n](std::vector<std::uint32_t>& first, std::vector<std::uint32_t>& items,
                     std::size_t count, auto&& at) {
      first.assign(n + 1, 0);
      for (std::size_t i = 0; i < count; ++i) ++first[at(i) + 1];
      for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
      items.resize(count);
      auto fill = first;
      for (std::size_t i = 0; i < count; ++i) items[fill[at(i)]++] = static_cast<std::uint32_t>(i);
    };
    index(shelters_first_, shelters_, p.shelters.size(),
          [&](std::size_t h) { return p.shelters[h].node; });
    index(sources_first_, sources_, p.sources.size(),
          [&](std::size_t s) { return p.sources[s].node; });
    shelter_slot_.resize(p.shelters.size());
    for (NodeIndex v = 0; v < n; ++v)
      for (auto k = shelters_first_[v]; k < shelters_first_[v + 1]; ++k)
        shelter_slot_[shelters_[k]] = 1 + out_degree(v) + (k - shelters_first_[v]);
    for (const auto& s : p.sources)
      start_.push_back(std::max(earliest_[s.node], s.earliest_departure));
  }

  // The size of the network for `horizon` without building it, (nodes, arc slots): what the
  // memory budget is checked against.
  std::pair<std::size_t, std::size_t> estimate(Time horizon) const {
    std::size_t nodes = static_cast<std::size_t>(first_copy), arcs = 0;
    for (NodeIndex v = 0; v < p_->network.node_count(); ++v) {
      nodes += copies(v, horizon);
      arcs += copies(v, horizon) * width(v);
    }
    for (std::uint32_t s = 0; s < p_->sources.size(); ++s) arcs += pool_arcs(s, horizon);
    return {nodes, arcs + p_->sources.size() + p_->shelters.size()};
  }

  // Contract: estimate(horizon) is within 32-bit node ids.
  Layout layout(Time horizon) const {
    Layout l;
    l.horizon = horizon;
    const auto n = p_->network.node_count();
    l.base.resize(n + 1);
    l.last.resize(n);
    l.copy_slots.resize(n + 1);
    l.pool_slots.resize(p_->sources.size() + 1);
    std::size_t next = p_->sources.size() + p_->shelters.size();
    for (std::uint32_t s = 0; s < p_->sources.size(); ++s) {
      l.pool_slots[s] = next;
      next += pool_arcs(s, horizon);
    }
    l.pool_slots.back() = next;
    int node = first_copy;
    for (NodeIndex v = 0; v < n; ++v) {
      l.base[v] = node;
      l.copy_slots[v] = next;
      l.last[v] = kept(v, horizon) ? horizon - to_go_[v] : -1;
      node += static_cast<int>(copies(v, horizon));
      next += copies(v, horizon) * width(v);
    }
    l.base[n] = l.nodes = node;
    l.copy_slots[n] = l.arcs = next;
    return l;
  }

  const Problem& problem() const { return *p_; }
  Time earliest(NodeIndex v) const { return earliest_[v]; }
  Time start(std::uint32_t s) const { return start_[s]; }
  std::uint32_t out_degree(NodeIndex v) const {
    return p_->network.out_end(v) - p_->network.out_begin(v);
  }
  std::uint32_t in_degree(NodeIndex v) const { return in_.into(v).size(); }
  std::uint32_t sources_at(NodeIndex v) const { return sources_first_[v + 1] - sources_first_[v]; }
  std::uint32_t width(NodeIndex v) const {
    return 1 + out_degree(v) + shelters_first_[v + 1] - shelters_first_[v];
  }
  ArcIndex in_arc(NodeIndex v, std::uint32_t k) const { return in_.into(v)[k]; }
  std::uint32_t source_at(NodeIndex v, std::uint32_t k) const {
    return sources_[sources_first_[v] + k];
  }
  std::uint32_t shelter_at(NodeIndex v, std::uint32_t k) const {
    return shelters_[shelters_first_[v] + k];
  }
  // The slot of the arc to shelter h in a copy of its junction.
  std::uint32_t shelter_slot(std::uint32_t h) const { return shelter_slot_[h]; }

  int first_pool = 0, first_shelter_pool = 0, first_copy = 0;

 private:
  bool kept(NodeIndex v, Time horizon) const {
    return earliest_[v] != kUnreachable && to_go_[v] != kUnreachable &&
           static_cast<std::int64_t>(earliest_[v]) + to_go_[v] <= horizon;
  }
  std::size_t copies(NodeIndex v, Time horizon) const {
    return kept(v, horizon) ? static_cast<std::size_t>(horizon - to_go_[v] - earliest_[v] + 1) : 0;
  }
  std::size_t pool_arcs(std::uint32_t s, Time horizon) const {
    const NodeIndex o = p_->sources[s].node;
    if (!kept(o, horizon) || start_[s] > horizon - to_go_[o]) return 0;
    return static_cast<std::size_t>(horizon - to_go_[o] - start_[s] + 1);
  }

  const Problem* p_;
  std::vector<Time> earliest_, to_go_, start_;
  // Per junction (CSR): its shelters and the sources at it.
  std::vector<std::uint32_t> shelters_first_, shelters_, sources_first_, sources_, shelter_slot_;
  InArcs in_;  // the road arcs into each junction
};

// The preflow of a probe that fell short (or reached everyone), on the arc slots of the network
// built for `horizon`. Kept as the slots that carry flow (a bit each) and their flows in slot
// order: most of a network's arcs carry nothing, and two of these are kept beside the flow
// being solved, so full copies were two thirds of a search's arc memory.
struct Warm {
  Time horizon = 0;
  std::vector<std::uint64_t> carries;  // bit s % 64 of word s / 64: slot s carries flow
  std::vector<Cap> flows;              // of the slots that carry flow, in slot order
  bool stranded = true;                // whether some people in it stop short of the shelters
  // The people reaching a shelter at each step up to `cutoff` (see TimeExpanded::brought_by).
  std::vector<Cap> arrivals;
  // Push-relabel's labels at the end of the probe (kNoLabel: none), valid for this preflow with
  // arrivals up to `cutoff`; empty where they were not kept (see TimeExpanded::save).
  std::vector<std::uint16_t> labels;
  std::vector<int> put_out;  // the nodes the gap rule put out (see relabel_from)
  Time cutoff = 0;
  static constexpr std::uint16_t kNoLabel = 0xffff;

  void keep(std::span<const Cap> flow) {
    carries.assign((flow.size() + 63) / 64, 0);
    const auto used = static_cast<std::size_t>(
        flow.size() - static_cast<std::size_t>(std::ranges::count(flow, Cap{0})));
    // Exactly the size needed (a vector grown by doubling may hold twice as much).
    if (flows.capacity() > 2 * used) std::vector<Cap>().swap(flows);
    flows.clear();
    flows.reserve(used);
    for (std::size_t s = 0; s < flow.size(); ++s)
      if (flow[s] != 0) {
        carries[s / 64] |= std::uint64_t{1} << (s % 64);
        flows.push_back(flow[s]);
      }
  }
  // f(slot, flow) for each slot that carries flow, in slot order.
  template <class F>
  void each(F&& f) const {
    std::size_t k = 0;
    for (std::size_t w = 0; w < carries.size(); ++w)
      for (std::uint64_t bits = carries[w]; bits != 0; bits &= bits - 1)
        f(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)), flows[k++]);
  }
};

// The time-expanded network of a horizon H, which serves every probe T <= H: arrivals at the
// shelters after T are closed (capacity 0), and the copies that could only arrive later are then
// dead ends that no flow enters (push-relabel labels them unreachable at once). So a search
// builds one network for several probes, and a probe's preflow is a preflow of every later
// probe's (capacities only open up). Its max-flow and, when it reaches M, its paths. Only the
// flows are stored: an arc is found from its tail or head and its place among their arcs.
class TimeExpanded {
 public:
  TimeExpanded(const Expansion& x, Time horizon, const RunControl& control, Work& work)
      : x_(&x), control_(&control), work_(&work), ids_(x.layout(horizon)) {
    const auto n = x.problem().network.node_count();
    junction_.resize(static_cast<std::size_t>(ids_.nodes - x.first_copy));
    for (NodeIndex v = 0; v < n; ++v)
      std::fill(junction_.begin() + (ids_.base[v] - x.first_copy),
                junction_.begin() + (ids_.base[v + 1] - x.first_copy), v);
  }

  Time horizon() const { return ids_.horizon; }

  // Max-flow, first phase, with arrivals up to `cutoff` only: its value (the flow itself is a
  // preflow until decompose()). Starts from `above` when given, a preflow kept of this network at
  // a larger cutoff, with its arrivals after `cutoff` taken off; else from the groups of `seed`
  // (a plan) that arrive by `cutoff` when given and they fit; else from `warm` when given, a
  // probe that fell short at a smaller cutoff; else from nothing.
  Cap solve(Time cutoff, const Warm* warm, std::span<const Group> seed,
            const Warm* above = nullptr) {
    cutoff_ = cutoff;
    const Warm* labelled = nullptr;
    if (above) {
      restore(*above);
      close_after(cutoff);
    } else if (!place(seed)) {
      if (warm) {
        restore(*warm);
        if (warm->horizon == ids_.horizon && !warm->labels.empty() && warm->cutoff <= cutoff)
          labelled = warm;
      } else {
        flow_.assign(ids_.arcs, 0);
      }
    }
    push_relabel(labelled);
    return static_cast<Cap>(excess_[1]);
  }

  // Keeps the preflow of the last solve in `to`, to start a later solve from, and with
  // `labels` its labels too (2 bytes a node; left out where a label does not fit). Contract:
  // solve() ran.
  void save(Warm& to, bool labels) const {
    to.horizon = ids_.horizon;
    to.cutoff = cutoff_;
    to.keep(flow_);
    to.stranded = stranded_;
    const Problem& pr = x_->problem();
    to.arrivals.assign(static_cast<std::size_t>(cutoff_) + 1, 0);
    for (std::uint32_t h = 0; h < pr.shelters.size(); ++h) {
      const NodeIndex v = pr.shelters[h].node;
      for (Time t = x_->earliest(v); t <= std::min(cutoff_, ids_.last[v]); ++t)
        to.arrivals[static_cast<std::size_t>(t)] += flow_[copy_slot(v, t) + x_->shelter_slot(h)];
    }
    to.labels.clear();
    to.put_out.clear();
    const int n = ids_.nodes;
    if (!labels || std::ranges::any_of(label_, [n](int l) { return l >= Warm::kNoLabel && l < n; }))
      return;
    to.put_out = put_out_;
    to.labels.resize(label_.size());
    std::ranges::transform(label_, to.labels.begin(), [n](int l) {
      return l >= n ? Warm::kNoLabel : static_cast<std::uint16_t>(l);
    });
  }

  // At least the people that `kept`, a preflow of value `value` kept of this network, brings
  // to the sink by `cutoff` once its arrivals after `cutoff` are taken off (solve's `above`): a
  // shelter then passes on no less than it did less those arrivals.
  static Cap brought_by(const Warm& kept, Cap value, Time cutoff) {
    Cap late = 0;
    for (auto t = static_cast<std::size_t>(cutoff) + 1; t < kept.arrivals.size(); ++t)
      late += kept.arrivals[t];
    return value - late;
  }

  // Completes `preflow`, a maximum preflow of this network with arrivals up to `cutoff`, to a
  // flow and splits it into paths, one group each.
  void decompose(Time cutoff, Warm preflow, Plan& plan) {
    cutoff_ = cutoff;
    restore(preflow);
    const bool stranded = preflow.stranded;
    preflow = {};
    // What could not reach a shelter goes back to the homes: the preflow becomes a flow. (When
    // everyone reached one, the preflow is a flow already.)
    if (stranded) send_home();
    // Given back, not emptied (`v = {}` assigns an empty list and keeps the memory); the labels
    // and current arcs hold the walk's state below, as they held the walks home. The walk is a
    // plan's peak where shelters are too small for everyone: these took 12 bytes a copy beside
    // the walk's own 8 (Almaty by car with shelters for 80 %: 19 MB).
    std::vector<Cap>().swap(excess_);
    std::vector<int>().swap(put_out_);
    const Network& net = x_->problem().network;
    const auto nodes = static_cast<std::size_t>(ids_.nodes);
    const int first_copy = x_->first_copy;
    // The flow may wait at a junction for thousands of steps (1,800,000 people at the 9
    // junctions of a 3 x 3 town wait up to 40,000), and a walk that took each step of a wait on
    // its own spent nearly all its time there. So a wait is taken at once: from the copy where
    // it starts to the first later copy of the junction where flow leaves other than by waiting.
    // Flows only fall during the walk, so a copy found with nothing leaving but its hold-over
    // stays so: it is joined for good to the copy after it (a union-find over the copies, halving
    // its paths, kept in `cursor`: a joined copy needs no arc to try), and the copy a wait ends
    // at is the root of its successor. A path takes its people off every hold-over of a wait:
    // the hold-overs' flows are turned, in their own slots, into a Fenwick tree per junction of
    // their differences from copy to copy (added to at the wait's two ends, read at a copy), so
    // the walk needs no more memory than before. The least flow along a wait is that of its
    // first hold-over: nothing leaves the copies in between, so each passes on at least what it
    // takes in. The paths, and so the groups, are those of the walk one step at a time; flow_ is
    // spent.
    auto hold = [&](NodeIndex v, std::size_t c) -> Cap& {  // the tree's entry c + 1 of v
      return flow_[ids_.copy_slots[v] + c * x_->width(v)];
    };
    auto copies = [&](NodeIndex v) {
      return static_cast<std::size_t>(ids_.base[v + 1] - ids_.base[v]);
    };
    // Made per junction at its first wait: most junctions' copies carry little or no flow.
    std::vector<bool> tree(net.node_count(), false);
    auto make_tree = [&](NodeIndex v) {
      if (tree[v]) return;
      tree[v] = true;
      const std::size_t m = copies(v);
      work_->add(m);
      for (std::size_t c = m; c-- > 1;) hold(v, c) -= hold(v, c - 1);
      for (std::size_t i = 1; i <= m; ++i)
        if (const std::size_t j = i + (i & (~i + 1)); j <= m) hold(v, j - 1) += hold(v, i - 1);
    };
    auto held = [&](int x) {  // the flow on copy x's hold-over
      const NodeIndex v = junction_[static_cast<std::size_t>(x - first_copy)];
      make_tree(v);
      Cap f = 0;
      for (auto i = static_cast<std::size_t>(x - ids_.base[v]) + 1; i > 0; i &= i - 1)
        f += hold(v, i - 1);
      return f;
    };
    auto add_held = [&](NodeIndex v, int x, Cap f) {  // f more on the hold-overs from copy x on
      make_tree(v);
      const std::size_t m = copies(v);
      for (auto i = static_cast<std::size_t>(x - ids_.base[v]) + 1; i <= m; i += i & (~i + 1))
        hold(v, i - 1) += f;
    };
    // Per node the next of its arcs out to try; for a joined copy kJoined | the copy it is joined
    // to.
    constexpr std::uint32_t kJoined = std::uint32_t{1} << 31;
    std::vector<std::uint32_t>& cursor = current_;
    cursor.assign(nodes, 0);
    // A copy's hold-over (its arc 0) is tried last: a walk leaves a junction as soon as the flow
    // does, instead of following the longest wait there. The flow is the same either way (so are
    // the egress and the mean); its paths are shorter.
    auto arc_at = [&](const View& w, std::uint32_t c) {
      return w.x >= first_copy ? (c + 1 < w.outs ? c + 1 : 0) : c;
    };
    auto next_arc = [&](const View& w) -> std::optional<Arc> {
      for (auto& c = cursor[w.x]; c < w.outs; ++c) {
        const std::uint32_t p = arc_at(w, c);
        const Arc a = arc(w, p);
        if (a.cap > 0 && (p == 0 && w.x >= first_copy ? held(w.x) : flow_[a.slot]) > 0) return a;
      }
      return std::nullopt;  // cannot happen on a conserved flow
    };
    auto joined = [&](int x) { return x >= first_copy && (cursor[x] & kJoined) != 0; };
    auto root = [&](int x) {
      while (joined(x)) {
        work_->add(1);
        const auto up = static_cast<int>(cursor[x] & ~kJoined);
        if (joined(up)) cursor[x] = cursor[up];
        x = static_cast<int>(cursor[x] & ~kJoined);
      }
      return x;
    };
    // Where a wait from copy x of junction v ends (x joined: nothing leaves it but by waiting):
    // the first later copy that people leave otherwise; -1 where none is (cannot happen on a
    // conserved flow).
    auto wait_end = [&](int x, NodeIndex v) {
      for (int y = root(x);; y = root(y)) {
        if (y >= ids_.base[v + 1]) return -1;
        work_->add(1);
        const View w = view(y);
        if (!next_arc(w)) return -1;
        if (arc_at(w, cursor[y]) != 0) return y;
        cursor[y] = kJoined | static_cast<std::uint32_t>(y + 1);
      }
    };
    struct Step {
      int from;
      std::uint32_t p;  // 0 from a copy: a wait from `from` up to `to`
      std::size_t slot;
      int to;
    };
    auto is_wait = [&](const Step& s) { return s.from >= first_copy && s.p == 0; };
    auto carried = [&](const Step& s) { return is_wait(s) ? held(s.from) : flow_[s.slot]; };
    auto take_off = [&](const Step& s, Cap f) {
      if (!is_wait(s)) {
        flow_[s.slot] -= f;
        return;
      }
      const NodeIndex v = junction_[static_cast<std::size_t>(s.from - first_copy)];
      add_held(v, s.to, f);
      add_held(v, s.from, -f);
    };
    std::vector<Step> path;
    // Arcs of zero steps stay within one step's copies, so the flow may go round in circles
    // there (u, t) -> (v, t) -> (u, t); a walk that comes back to a copy it passed cancels that
    // circle (it moves nobody anywhere) and goes on. at[x]: arcs on the walk when it reached x.
    // (A wait goes forward in time, so no walk comes back to a copy it waited through.)
    std::vector<int>& at = label_;
    at.assign(nodes, -1);
    std::vector<evac::Step> route;
    for (std::uint64_t round = 1;; ++round) {
      if ((round & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
      for (const auto& s : path) at[s.to] = -1;
      path.clear();
      int u = 0;
      at[0] = 0;
      while (u != 1) {
        work_->add(1);
        const View w = view(u);
        Step step{u, 0, w.slot, -1};
        if (joined(u)) {
          step.to = wait_end(u, w.v);
        } else {
          const auto a = next_arc(w);
          if (!a) break;
          step = {u, arc_at(w, cursor[u]), a->slot, a->other};
          if (step.p == 0 && u >= first_copy) {
            cursor[u] = kJoined | static_cast<std::uint32_t>(u + 1);
            step.to = wait_end(u, w.v);
          }
        }
        const int v = step.to;
        if (v < 0) break;
        if (at[v] >= 0) {
          const auto from = static_cast<std::size_t>(at[v]);
          Cap f = carried(step);
          for (std::size_t k = from; k < path.size(); ++k) f = std::min(f, carried(path[k]));
          take_off(step, f);
          for (std::size_t k = from; k < path.size(); ++k) take_off(path[k], f);
          for (std::size_t k = from; k < path.size(); ++k) at[path[k].to] = -1;
          path.resize(from);
          u = v;
          continue;
        }
        path.push_back(step);
        at[v] = static_cast<int>(path.size());
        u = v;
      }
      if (u != 1 || path.empty()) break;
      Cap f = kInf;
      for (const auto& s : path) f = std::min(f, carried(s));
      for (const auto& s : path) take_off(s, f);
      Group g;
      g.count = f;
      g.source = static_cast<std::uint32_t>(path[0].to - x_->first_pool);
      g.shelter = static_cast<std::uint32_t>(path[path.size() - 2].to - x_->first_shelter_pool);
      route.clear();
      for (const auto& s : path) {
        if (s.from < x_->first_copy) continue;
        const View w = view(s.from);
        if (s.p == 0 || s.p > x_->out_degree(w.v)) continue;  // a wait or an arrival
        route.push_back({net.out_begin(w.v) + s.p - 1, w.t});
      }
      // Copied at its size: grown step by step, the plan's routes took up to twice their steps.
      g.route.assign(route.begin(), route.end());
      plan.groups.push_back(std::move(g));
    }
  }

 private:
  // Node x as push-relabel sees it: its arcs out (0 .. outs - 1), then those into it.
  struct View {
    int x;
    NodeIndex v;       // a copy's junction, a pool's origin or shelter
    Time t;            // a copy's step
    std::size_t slot;  // the slot of its first arc out; its other arcs out follow it
    std::uint32_t outs, degree;
  };
  struct Arc {
    int other;  // the node at the other end
    std::size_t slot;
    Cap cap;  // 0 where there is no such arc
  };

  View view(int x) const {
    const Expansion& e = *x_;
    const Problem& p = e.problem();
    View w{x, 0, 0, 0, 0, 0};
    if (x >= e.first_copy) {
      w.v = junction_[static_cast<std::size_t>(x - e.first_copy)];
      w.t = e.earliest(w.v) + (x - ids_.base[w.v]);
      w.outs = e.width(w.v);
      w.slot = copy_slot(w.v, w.t);
      w.degree = w.outs + 1 + e.in_degree(w.v) + e.sources_at(w.v);
    } else if (x >= e.first_shelter_pool) {
      w.v = p.shelters[static_cast<std::size_t>(x - e.first_shelter_pool)].node;
      w.slot = p.sources.size() + static_cast<std::size_t>(x - e.first_shelter_pool);
      w.outs = 1;
      w.degree = 1 + static_cast<std::uint32_t>(ids_.base[w.v + 1] - ids_.base[w.v]);
    } else if (x >= e.first_pool) {
      const auto s = static_cast<std::size_t>(x - e.first_pool);
      w.v = p.sources[s].node;
      w.slot = ids_.pool_slots[s];
      w.outs = static_cast<std::uint32_t>(ids_.pool_slots[s + 1] - ids_.pool_slots[s]);
      w.degree = w.outs + 1;
    } else if (x == 0) {
      w.outs = w.degree = static_cast<std::uint32_t>(p.sources.size());
    } else {
      w.degree = static_cast<std::uint32_t>(p.shelters.size());
    }
    return w;
  }

  int copy_id(NodeIndex v, Time t) const { return ids_.base[v] + (t - x_->earliest(v)); }
  bool has_copy(NodeIndex v, Time t) const { return t >= x_->earliest(v) && t <= ids_.last[v]; }
  std::size_t copy_slot(NodeIndex v, Time t) const {
    return ids_.copy_slots[v] + static_cast<std::size_t>(t - x_->earliest(v)) * x_->width(v);
  }

  // The p-th arc of w (see View).
  Arc arc(const View& w, std::uint32_t p) const {
    const Expansion& e = *x_;
    const Problem& pr = e.problem();
    const Network& net = pr.network;
    constexpr Arc none{0, 0, 0};
    if (w.x >= e.first_copy) {
      const NodeIndex v = w.v;
      const Time t = w.t;
      const std::uint32_t deg = e.out_degree(v);
      if (p == 0) return {w.x + 1, w.slot, t < ids_.last[v] ? capacity_of(net.holding[v]) : 0};
      if (p <= deg) {
        const ArcIndex a = net.out_begin(v) + p - 1;
        const NodeIndex u = net.head[a];
        const Time at = t + net.travel_time[a];
        if (!has_copy(u, at)) return {0, w.slot + p, 0};
        return {copy_id(u, at), w.slot + p, capacity_of(net.capacity[a])};
      }
      if (p < w.outs)
        return {e.first_shelter_pool + static_cast<int>(e.shelter_at(v, p - 1 - deg)), w.slot + p,
                t <= cutoff_ ? kInf : 0};
      std::uint32_t q = p - w.outs;
      if (q == 0)
        return t > e.earliest(v) ? Arc{w.x - 1, w.slot - w.outs, capacity_of(net.holding[v])}
                                 : none;
      --q;
      if (q < e.in_degree(v)) {
        const ArcIndex a = e.in_arc(v, q);
        const NodeIndex u = net.tail[a];
        const Time from = t - net.travel_time[a];
        if (!has_copy(u, from)) return none;
        return {copy_id(u, from), copy_slot(u, from) + 1 + (a - net.out_begin(u)),
                capacity_of(net.capacity[a])};
      }
      const std::uint32_t s = e.source_at(v, q - e.in_degree(v));
      if (t < e.start(s)) return none;
      return {e.first_pool + static_cast<int>(s),
              ids_.pool_slots[s] + static_cast<std::size_t>(t - e.start(s)), kInf};
    }
    if (w.x >= e.first_shelter_pool) {
      const auto h = static_cast<std::uint32_t>(w.x - e.first_shelter_pool);
      if (p == 0) return {1, pr.sources.size() + h, capacity_of(pr.shelters[h].capacity)};
      const Time t = e.earliest(w.v) + static_cast<Time>(p - 1);
      return {ids_.base[w.v] + static_cast<int>(p - 1), copy_slot(w.v, t) + e.shelter_slot(h),
              t <= cutoff_ ? kInf : 0};
    }
    if (w.x >= e.first_pool) {
      const auto s = static_cast<std::uint32_t>(w.x - e.first_pool);
      if (p < w.outs) return {copy_id(w.v, e.start(s) + static_cast<Time>(p)), w.slot + p, kInf};
      return {0, s, capacity_of(pr.sources[s].count)};
    }
    if (w.x == 0) return {e.first_pool + static_cast<int>(p), p, capacity_of(pr.sources[p].count)};
    return {e.first_shelter_pool + static_cast<int>(p), pr.sources.size() + p,
            capacity_of(pr.shelters[p].capacity)};
  }

  // A relabelling's step from a copy w: gives `label` (through reach(u), which sets it) to every
  // node labelled higher with a residual arc into w. Almost all nodes are copies, and most of
  // their neighbours are labelled low enough already by the time they are looked at, so the
  // label is read before the arc's flow and capacity (arc() works out all three for every arc).
  template <class Reach>
  void reach_copy(const View& w, int label, Reach&& reach) {
    const Expansion& e = *x_;
    const Network& net = e.problem().network;
    const NodeIndex v = w.v;
    const Time t = w.t;
    const std::uint32_t deg = e.out_degree(v);
    // Back along the arcs out that carry flow.
    if (t < ids_.last[v] && flow_[w.slot] > 0 && label_[w.x + 1] > label) reach(w.x + 1);
    for (std::uint32_t p = 1; p <= deg; ++p) {
      if (flow_[w.slot + p] == 0) continue;
      const ArcIndex a = net.out_begin(v) + p - 1;
      const NodeIndex u = net.head[a];
      const Time at = t + net.travel_time[a];
      if (!has_copy(u, at)) continue;
      const int id = copy_id(u, at);
      if (label_[id] > label) reach(id);
    }
    if (t <= cutoff_)
      for (std::uint32_t p = deg + 1; p < w.outs; ++p) {
        const int pool = e.first_shelter_pool + static_cast<int>(e.shelter_at(v, p - 1 - deg));
        if (flow_[w.slot + p] > 0 && label_[pool] > label) reach(pool);
      }
    // Along the arcs in that have room.
    if (t > e.earliest(v) && label_[w.x - 1] > label &&
        flow_[w.slot - w.outs] < capacity_of(net.holding[v]))
      reach(w.x - 1);
    for (std::uint32_t k = 0; k < e.in_degree(v); ++k) {
      const ArcIndex a = e.in_arc(v, k);
      const NodeIndex u = net.tail[a];
      const Time from = t - net.travel_time[a];
      if (!has_copy(u, from)) continue;
      const int id = copy_id(u, from);
      if (label_[id] > label &&
          flow_[copy_slot(u, from) + 1 + (a - net.out_begin(u))] < capacity_of(net.capacity[a]))
        reach(id);
    }
    for (std::uint32_t k = 0; k < e.sources_at(v); ++k) {
      const std::uint32_t s = e.source_at(v, k);
      const int pool = e.first_pool + static_cast<int>(s);
      if (t >= e.start(s) && label_[pool] > label) reach(pool);  // a home's arcs are unbounded
    }
  }

  // How much more the p-th arc of w takes in the residual network (out: its room; in: its
  // flow, which may go back).
  std::int64_t room(const View& w, std::uint32_t p, const Arc& a) const {
    if (a.cap == 0) return 0;
    return p < w.outs ? std::int64_t{a.cap} - flow_[a.slot] : flow_[a.slot];
  }

  // Push-relabel (first in, first out) towards the sink in the residual network of flow_: it
  // leaves a maximum preflow, whose value is the sink's excess (send_home makes it a flow).
  // Labels are exact distances to the sink after every global relabelling (a breadth-
  // first search backwards), done at the start and whenever relabelling has scanned about a
  // sixteenth of the arcs the network has: without it, excess that cannot get through climbs
  // one label at a time across a network of millions of copies. (After as many as the network
  // has, the first probe of Portland on foot with 30,000 people took 12 global relabellings and
  // 9.8 M pushes; after a quarter 15 and 3.4 M, after an eighth 17 and 2.1 M in about the same
  // time. Started from qorgan's plan, Almaty on foot's first probe took 604 M steps of the loop
  // below after all the arcs, 192 M after a quarter, 64 M after a sixteenth, with 8, 10 and 13
  // global relabellings, and the least processor time after a sixteenth.) The
  // same for one node at a time: a node relabelled from the last label L that any node had cannot
  // reach the sink any more (every way there passes a node labelled L), so it is put out of the
  // search at once.
  //
  // A copy may also push along its hold-over to a copy of the same label, not only of one
  // less. The copies of a junction mostly share one distance to the sink, so with the
  // usual rule every step that people wait for a full road costs a relabelling (and a
  // global relabelling puts the labels back level, so it starts over); waiting at an equal
  // label costs a push (Portland on foot, 30,000 people, the first probe: 11.1 -> 9.8 M
  // pushes, 6.3 -> 5.3 M relabellings). It keeps the labels valid (the reverse arc it opens
  // points back at an equal label) and the admissible arcs acyclic (a cycle of arcs that do
  // not lower the label would be hold-overs only, which go forward in time), which is all
  // the method needs to end with a maximum preflow.
  void push_relabel(const Warm* labelled = nullptr) {
    constexpr int target = 1;  // the sink; the source is never reached
    const int n = ids_.nodes;
    const auto size = static_cast<std::size_t>(n);
    find_excess();
    label_.assign(size, n);
    current_.assign(size, 0);
    // The count of nodes per label below n, as far as the highest label given: mostly a few
    // hundred labels where a node's are millions, and so is the queue of active nodes (each in it
    // at most once at a time: a queued node keeps its excess until it is taken out). Sized by the
    // nodes, the two took 8 bytes a node on every network (35 MB on Malta by car with shelters
    // for 80 %, 126 MB on Heidelberg-Mannheim by car to 5 shelters).
    std::vector<std::uint32_t> at_label;
    auto count_at = [&](int label) -> std::uint32_t& {
      const auto l = static_cast<std::size_t>(label);
      if (l >= at_label.size()) {
        // Grown by doubling, but never past the n + 1 counts a label below n can need.
        at_label.reserve(std::min(size + 1, std::max(2 * at_label.size(), l + 1)));
        at_label.resize(l + 1, 0);
      }
      return at_label[l];
    };
    // A ring of `count` nodes from `first`, grown by doubling up to n places; a global relabelling
    // holds one label's nodes in it from place 0, its queue being made again afterwards.
    std::vector<int> queue;
    std::size_t first = 0, count = 0;
    auto room_for = [&](std::size_t places) {
      if (places <= queue.size()) return;
      std::vector<int> larger;
      larger.reserve(std::min(size, std::max(2 * queue.size(), places)));
      for (std::size_t i = 0; i < count; ++i) larger.push_back(queue[(first + i) % queue.size()]);
      larger.resize(larger.capacity());
      queue.swap(larger);
      first = 0;
    };
    auto enqueue = [&](int v) {
      room_for(count + 1);
      queue[(first + count) % queue.size()] = v;
      ++count;
    };
    auto active = [&](int v) { return v != 0 && v != 1 && excess_[v] > 0 && label_[v] < n; };
    // Gives label_[x] + 1 (through reach) to every node labelled higher with a residual arc into
    // x: an arc into x with room, or the reverse of an arc out of x that carries flow. The source
    // is never reached.
    auto step_back = [&](int x, auto&& reach) {
      const View w = view(x);
      work_->add(w.degree);
      const int label = label_[x] + 1;
      if (x >= x_->first_copy) {
        reach_copy(w, label, reach);
        return;
      }
      for (std::uint32_t p = 0; p < w.degree; ++p) {
        if (p < w.outs && flow_[w.slot + p] == 0) continue;  // no way back along it
        const Arc a = arc(w, p);
        if (a.cap == 0) continue;
        const bool back = p < w.outs || flow_[a.slot] < a.cap;
        const int u = a.other;
        if (back && label_[u] > label && u != 0) reach(u);
      }
    };
    auto queue_active = [&] {
      first = count = 0;
      at_label.clear();
      for (int v = 0; v < n; ++v) {
        if (label_[v] < n) ++count_at(label_[v]);
        if (active(v)) enqueue(v);
      }
    };
    // Global relabelling: backwards from the target one label at a time, each label's nodes in
    // order of id (in `queue`): a junction's copies lie side by side, so their flows and their
    // neighbours' labels and flows are read in a row. In the order they are found, thousands of
    // junctions take turns and nearly every arc looked at missed the cache (Monaco by car to 5
    // shelters: global relabellings were 60 % of the exact planner's time, most of it waiting on
    // those reads; in this order they take about a fifth less there, half on Malta on foot). The
    // labels are distances, so the order within a label changes none of them, nor anything after.
    std::vector<std::uint64_t> found((size + 63) / 64, 0);  // the next label's nodes, a bit each
    std::vector<std::uint32_t> words;                       // the words of `found` set
    // Lowers labels backwards one label at a time: seeds[l] are nodes given label l before (those
    // lowered since are passed over), and each node with a residual arc into a node of label l
    // that is labelled above l + 1 gets l + 1.
    auto sweep = [&](const std::vector<std::vector<int>>& seeds) {
      auto mark = [&](int u) {
        std::uint64_t& word = found[static_cast<std::size_t>(u) / 64];
        if (word == 0) words.push_back(static_cast<std::uint32_t>(u / 64));
        word |= std::uint64_t{1} << (u % 64);
      };
      std::size_t looked = 0;
      for (std::size_t l = 0; l < seeds.size() || !words.empty(); ++l) {
        if (l < seeds.size())
          for (const int u : seeds[l])
            if (label_[u] == static_cast<int>(l)) mark(u);
        std::ranges::sort(words);
        first = count = 0;  // the active nodes are queued again (queue_active) afterwards
        for (const std::uint32_t w : words) {
          for (std::uint64_t bits = found[w]; bits != 0; bits &= bits - 1)
            enqueue(static_cast<int>(w * 64 + std::countr_zero(bits)));  // from place 0 on
          found[w] = 0;
        }
        words.clear();
        for (std::size_t i = 0; i < count; ++i) {
          const int x = queue[i];
          if ((++looked & 0xffff) == 0 && control_->cancelled()) throw Cancelled{};
          step_back(x, [&, label = static_cast<int>(l) + 1](int u) {
            label_[u] = label;
            mark(u);
          });
        }
      }
    };
    auto relabel_all = [&] {
      work_->add(size);
      std::fill(label_.begin(), label_.end(), n);
      std::fill(current_.begin(), current_.end(), 0);
      put_out_.clear();
      label_[target] = 0;
      sweep({{target}});
      queue_active();
    };
    // The labels a probe ended with are valid for its preflow (label(u) <= label(x) + 1 along
    // every residual arc u -> x) except at the nodes the gap rule put out of the search since the
    // last global relabelling (label n, kept in Warm::put_out: the nodes above the gap keep
    // theirs). A global relabelling gives n only to nodes with no residual path to the target,
    // and no residual arc out of a node labelled n opens while push-relabel runs (a push into it
    // would come from a label above n), so their n stays valid. A later cutoff opens only the
    // arcs from the copies at the shelters for the steps after the old cutoff. So the nodes put
    // out get the label of their lowest neighbour plus one, those copies the label their arcs
    // ask for, and from there the labels are lowered backwards as far as they lower: a search
    // over the part of the network that the new arrivals bring nearer to a shelter. The labels
    // are then valid lower bounds, not exact distances, which is all push-relabel needs; they
    // do not depend on the order the nodes are lowered in. (Looking at every node labelled n
    // for a lower neighbour, as before, looked at nearly the whole network after a probe that
    // fell short with its cut at the shelters: 3.40 of 3.40 M copies on Almaty by car to 5
    // shelters, 4.1 of 6.6 M on Heidelberg-Mannheim on foot from 300 origins, and found the
    // same labels.)
    auto relabel_from = [&](const Warm& warm) {
      work_->add(size);
      std::ranges::transform(warm.labels, label_.begin(),
                             [n](std::uint16_t l) { return l == Warm::kNoLabel ? n : int{l}; });
      std::fill(current_.begin(), current_.end(), 0);
      std::vector<std::vector<int>> seeds;
      auto lower = [&](int u, int label) {
        label_[u] = label;
        const auto l = static_cast<std::size_t>(label);
        if (seeds.size() <= l) seeds.resize(l + 1);
        seeds[l].push_back(u);
      };
      for (const int v : warm.put_out) {
        if (label_[v] < n) continue;
        const View w = view(v);
        work_->add(w.degree);
        int lowest = n;
        for (std::uint32_t p = 0; p < w.degree; ++p) {
          const Arc a = arc(w, p);
          if (room(w, p, a) > 0) lowest = std::min(lowest, label_[a.other] + 1);
        }
        if (lowest < n) lower(v, lowest);
      }
      put_out_.clear();
      const Expansion& e = *x_;
      const Problem& pr = e.problem();
      for (std::uint32_t h = 0; h < pr.shelters.size(); ++h) {
        const int pool = e.first_shelter_pool + static_cast<int>(h);
        const NodeIndex v = pr.shelters[h].node;
        if (label_[pool] >= n) continue;
        for (Time t = std::max(warm.cutoff + 1, e.earliest(v));
             t <= std::min(cutoff_, ids_.last[v]); ++t)
          if (label_[copy_id(v, t)] > label_[pool] + 1) lower(copy_id(v, t), label_[pool] + 1);
      }
      sweep(seeds);
      queue_active();
    };
    if (labelled)
      relabel_from(*labelled);
    else
      relabel_all();
    // The homes take everyone who can still reach a shelter.
    const View s = view(0);
    for (std::uint32_t p = 0; p < s.outs; ++p) {
      const Arc a = arc(s, p);
      const int pool = a.other;
      if (flow_[a.slot] >= a.cap || label_[pool] >= n) continue;
      if (excess_[pool] <= 0) enqueue(pool);
      excess_[pool] += a.cap - flow_[a.slot];
      excess_[0] -= a.cap - flow_[a.slot];
      flow_[a.slot] = a.cap;
    }
    const std::size_t budget = (ids_.arcs + size) / 16;
    std::size_t work = 0;
    std::uint64_t steps = 0;
    while (count > 0) {
      const int v = queue[first];
      first = (first + 1) % queue.size();
      --count;
      const View w = view(v);
      while (excess_[v] > 0 && label_[v] < n) {
        if ((++steps & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
        work_->add(1);
        if (current_[v] == w.degree) {  // relabel
          int lowest = n;
          for (std::uint32_t p = 0; p < w.degree; ++p) {
            const Arc a = arc(w, p);
            if (room(w, p, a) > 0) lowest = std::min(lowest, label_[a.other] + 1);
          }
          const bool gap = --at_label[static_cast<std::size_t>(label_[v])] == 0;  // v is counted
          if (gap && lowest < n) put_out_.push_back(v);
          label_[v] = gap ? n : std::min(lowest, n);
          if (label_[v] < n) ++count_at(label_[v]);
          current_[v] = 0;
          work += w.degree + 1;
          work_->add(w.degree);
          continue;
        }
        // The hold-over (arc 0) comes last: people move on before they wait.
        const std::uint32_t p = current_[v] + 1 < w.degree ? current_[v] + 1 : 0;
        const Arc a = arc(w, p);
        const std::int64_t r = room(w, p, a);
        const bool wait = p == 0 && v >= x_->first_copy && label_[a.other] == label_[v];
        if (r <= 0 || (label_[a.other] != label_[v] - 1 && !wait)) {
          ++current_[v];
          continue;
        }
        const Cap d = static_cast<Cap>(std::min<std::int64_t>(excess_[v], r));
        if (p < w.outs)
          flow_[a.slot] += d;
        else
          flow_[a.slot] -= d;
        excess_[v] -= d;
        const int to = a.other;
        if (excess_[to] <= 0 && to != target) {
          excess_[to] += d;
          if (active(to)) enqueue(to);
        } else {
          excess_[to] += d;
        }
      }
      if (work > budget) {
        work = 0;
        relabel_all();
      }
    }
    stranded_ = std::any_of(excess_.begin() + 2, excess_.end(), [](auto e) { return e > 0; });
  }

  // excess_ of every node: what flows in less what flows out.
  void find_excess() {
    const int n = ids_.nodes;
    work_->add(ids_.arcs + static_cast<std::size_t>(n));
    excess_.assign(static_cast<std::size_t>(n), 0);
    // Most arcs carry nothing: their flow is read in a row before an arc is worked out.
    for (int x = 0; x < n; ++x) {
      const View w = view(x);
      for (std::uint32_t p = 0; p < w.outs; ++p) {
        if (flow_[w.slot + p] == 0) continue;
        const Arc a = arc(w, p);
        if (a.cap == 0) continue;
        excess_[a.other] += flow_[a.slot];
        excess_[x] -= flow_[a.slot];
      }
    }
  }

  // Makes the preflow a flow of the same value: the people stranded at a node (its excess) go
  // back home the way they came, each walk from a stranded node backwards along arcs that carry
  // flow into it until the super source; a walk that comes back to a node it passed cancels that
  // circle of flow (arcs of zero steps). Only flows into stranded people's ways shrink, so every
  // arrival at a shelter is kept but where a shelter took in more than its places: there the
  // latest arrivals go home. One pass over the network and walks of the length of a way home,
  // where push-relabel towards the source searched it again and again (Malta by car with shelters
  // for 80 %: ten global relabellings of 4.3 million copies for 4,000 people stranded).
  void send_home() {
    find_excess();
    const auto size = static_cast<std::size_t>(ids_.nodes);
    // Push-relabel's current arcs and labels, of no use once the search has ended, hold the walks'
    // state (no more memory than the search took). in_at[x]: how many of x's arcs in (the last
    // first) were found to carry nothing; flows only shrink here, so they never carry anything
    // again. at[x]: x's place on the walk, -1 off it.
    std::vector<std::uint32_t>& in_at = current_;
    in_at.assign(size, 0);
    std::vector<int>& at = label_;
    at.assign(size, -1);
    struct Back {
      int to;  // the node the walk stepped back to, along the arc of `slot`
      std::size_t slot;
    };
    std::vector<Back> walk;
    std::uint64_t steps = 0;
    for (int x = 2; x < ids_.nodes; ++x) {
      while (excess_[x] > 0) {
        int u = x;
        at[x] = 0;
        while (u != 0) {
          if ((++steps & 0xfff) == 0 && control_->cancelled()) throw Cancelled{};
          work_->add(1);
          const View w = view(u);
          std::optional<Arc> in;
          for (auto& k = in_at[u]; w.outs + k < w.degree; ++k) {
            const Arc a = arc(w, w.degree - 1 - k);
            if (a.cap > 0 && flow_[a.slot] > 0) {
              in = a;
              break;
            }
          }
          // A node on the walk takes in more than it passes on, so some arc in carries flow.
          if (!in) throw std::logic_error("send_home: no flow into a node on the walk");
          const int v = in->other;
          if (at[v] >= 0) {  // a circle: cancel it and go on from v
            const auto from = static_cast<std::size_t>(at[v]);
            Cap f = flow_[in->slot];
            for (std::size_t k = from; k < walk.size(); ++k) f = std::min(f, flow_[walk[k].slot]);
            flow_[in->slot] -= f;
            for (std::size_t k = from; k < walk.size(); ++k) {
              flow_[walk[k].slot] -= f;
              at[walk[k].to] = -1;
            }
            walk.resize(from);
            u = v;
            continue;
          }
          walk.push_back({v, in->slot});
          at[v] = static_cast<int>(walk.size());
          u = v;
        }
        Cap f = excess_[x];
        for (const Back& b : walk) f = std::min(f, flow_[b.slot]);
        for (const Back& b : walk) flow_[b.slot] -= f;
        excess_[x] -= f;
        at[x] = -1;
        for (const Back& b : walk) at[b.to] = -1;
        walk.clear();
      }
    }
    stranded_ = false;
  }

  // Puts the groups that arrive by the cutoff on their arcs: a flow (every group's walk is
  // joined up, so each copy passes on what it takes in) with which push-relabel only has to
  // route whom the plan leaves out or brings later. The first probe from nothing spends most
  // of its time carrying people the whole way to the shelters, which a plan has done already.
  // False when a group leaves the network's copies or the groups together overfill an arc (the
  // plan is then not taken).
  bool place(std::span<const Group> groups) {
    if (groups.empty()) return false;
    const Problem& pr = x_->problem();
    const Network& net = pr.network;
    flow_.assign(ids_.arcs, 0);
    std::vector<std::pair<std::size_t, Cap>> used;  // each slot added to, with its capacity
    auto add = [&](std::size_t slot, Cap cap, Cap count) {
      flow_[slot] += count;
      used.emplace_back(slot, cap);
    };
    auto fits = [&](const Group& g) {
      if (g.count <= 0) return false;
      NodeIndex v = pr.sources[g.source].node;
      Time t = g.route.empty() ? pr.sources[g.source].earliest_departure : g.route.front().enter;
      if (t < x_->start(g.source) || !has_copy(v, t)) return false;
      for (const Step& step : g.route) {
        if (net.tail[step.arc] != v || step.enter < t || !has_copy(v, step.enter)) return false;
        t = step.enter + net.travel_time[step.arc];
        v = net.head[step.arc];
        if (!has_copy(v, t)) return false;
      }
      return v == pr.shelters[g.shelter].node && t <= cutoff_;
    };
    for (const Group& g : groups) {
      if (!fits(g)) continue;
      const auto count = static_cast<Cap>(g.count);
      NodeIndex v = pr.sources[g.source].node;
      Time t = g.route.empty() ? pr.sources[g.source].earliest_departure : g.route.front().enter;
      add(g.source, capacity_of(pr.sources[g.source].count), count);
      add(ids_.pool_slots[g.source] + static_cast<std::size_t>(t - x_->start(g.source)), kInf,
          count);
      for (const Step& step : g.route) {
        for (; t < step.enter; ++t) add(copy_slot(v, t), capacity_of(net.holding[v]), count);
        add(copy_slot(v, t) + 1 + (step.arc - net.out_begin(v)),
            capacity_of(net.capacity[step.arc]), count);
        t += net.travel_time[step.arc];
        v = net.head[step.arc];
      }
      add(copy_slot(v, t) + x_->shelter_slot(g.shelter), kInf, count);
      add(pr.sources.size() + g.shelter, capacity_of(pr.shelters[g.shelter].capacity), count);
    }
    return !used.empty() &&
           std::ranges::all_of(used, [&](const auto& u) { return flow_[u.first] <= u.second; });
  }

  // Takes the arrivals after `cutoff` off the flow: their people are left as excess at the
  // shelters' copies they reached (push-relabel then routes them to an earlier arrival where
  // the others make room, or leaves them short), and each shelter passes on to the sink no more
  // than still arrives there. What is left is a preflow of the network with arrivals up to
  // `cutoff`.
  void close_after(Time cutoff) {
    const Problem& pr = x_->problem();
    for (std::uint32_t h = 0; h < pr.shelters.size(); ++h) {
      const NodeIndex v = pr.shelters[h].node;
      Cap in = 0;
      for (Time t = x_->earliest(v); t <= ids_.last[v]; ++t) {
        Cap& f = flow_[copy_slot(v, t) + x_->shelter_slot(h)];
        if (t > cutoff)
          f = 0;
        else
          in += f;
      }
      Cap& out = flow_[pr.sources.size() + h];
      out = std::min(out, in);
    }
  }

  // Puts a kept preflow on this network's arcs. One built for a smaller horizon has the same
  // arcs at the front of each block of slots (every copy and home pool keeps its first slot's
  // step), so a slot moves by its block's offset.
  void restore(const Warm& warm) {
    flow_.assign(ids_.arcs, 0);
    if (warm.horizon == ids_.horizon) {
      warm.each([&](std::size_t s, Cap f) { flow_[s] = f; });
      return;
    }
    const Expansion::Layout old = x_->layout(warm.horizon);
    // Blocks in slot order: (first old slot, first new slot), each up to the next one's start.
    std::vector<std::pair<std::size_t, std::size_t>> blocks{{0, 0}};
    for (std::size_t s = 0; s + 1 < old.pool_slots.size(); ++s)
      blocks.emplace_back(old.pool_slots[s], ids_.pool_slots[s]);
    for (std::size_t v = 0; v + 1 < old.copy_slots.size(); ++v)
      blocks.emplace_back(old.copy_slots[v], ids_.copy_slots[v]);
    std::size_t b = 0;
    warm.each([&](std::size_t s, Cap f) {
      while (b + 1 < blocks.size() && blocks[b + 1].first <= s) ++b;
      flow_[s - blocks[b].first + blocks[b].second] = f;
    });
  }

  const Expansion* x_;
  const RunControl* control_;
  Work* work_;
  Expansion::Layout ids_;
  Time cutoff_ = 0;
  bool stranded_ = true;             // the last solve left excess short of the sink
  std::vector<NodeIndex> junction_;  // of each copy, from first_copy on
  std::vector<Cap> flow_;            // per arc slot
  // Push-relabel's state per node.
  std::vector<Cap> excess_;  // in 32 bits: all people together are at most 10^9
  std::vector<int> label_;
  // The nodes put out by the gap rule since the last global relabelling (see relabel_from).
  std::vector<int> put_out_;
  std::vector<std::uint32_t> current_;
};

// How far past a probe a network is built: room for the next few probes above it (they come in
// small steps near the optimum), but not all the way to a far upper bound.
Time slack_above(Time probe) {
  return std::max<Time>(8, probe / 16);
}

// The people of `groups` who reach their shelter by `cutoff`.
People arriving(const Problem& p, std::span<const Group> groups, Time cutoff) {
  People n = 0;
  for (const Group& g : groups) {
    if (arrival_of(p, g) <= cutoff) n += g.count;
  }
  return n;
}

class OptimalPlanner final : public Planner {
 public:
  std::string_view name() const override { return "optimal"; }

 protected:
  Result<Plan> run(const Problem& problem, const EgressBound& bound,
                   RunControl& control) const override {
    return run_from(
        problem, bound, [] { return std::optional<Plan>(); }, control, 0);
  }

 public:
  // `bound`: egress_bound(problem); `start`: a heuristic plan, asked for only where no
  // assigned plan bounds the search (optimal_from.hpp); `work_limit`: the units of Work after
  // which the run stops (0: none); `work_done`, `walked`: where given, the units of the run and of
  // its walk (optimal_from.hpp).
  Result<Plan> run_from(const Problem& problem, const EgressBound& bound, const StartPlan& start,
                        RunControl& control, std::uint64_t work_limit,
                        std::uint64_t* work_done = nullptr, std::uint64_t* walked = nullptr) const {
    Work work(work_limit);
    auto result = [&]() -> Result<Plan> {
      try {
        return solve(problem, bound, start, control, work, walked);
      } catch (const Cancelled&) {
        return fail(kCancelledText);
      } catch (const OutOfWork&) {
        return fail("optimal: stopped after {} units of work, the limit of this run", work_limit);
      }
    }();
    if (work_done) *work_done = work.done();
    return result;
  }

 private:
  Result<Plan> solve(const Problem& problem, const EgressBound& bound, const StartPlan& start,
                     RunControl& control, Work& work, std::uint64_t* walked) const {
    Plan plan;
    plan.planner = "optimal";
    const auto dist = detail::distance_to_shelters(problem);
    std::vector<std::pair<NodeIndex, Time>> roots;
    for (const auto& s : problem.sources)
      if (dist[s.node] != kUnreachable) roots.emplace_back(s.node, s.earliest_departure);
    const Expansion expansion(problem, forward_tree(problem.network, roots).dist, dist);

    // `bound` is never above the optimum, whether or not everyone can be evacuated (plan.hpp).
    // It knows M on most networks (a static max-flow: not worth doing twice).
    const People target = bound.evacuable > 0 ? bound.evacuable : evacuable_people(problem);
    std::vector<People> remaining;
    for (const auto& s : problem.sources) remaining.push_back(s.count);
    bool from_heuristic = false;
    auto finished = [&]() -> Result<Plan> {
      if (!from_heuristic) detail::report_unroutable(problem, dist, remaining, plan);
      finish_plan(problem, plan);
      control.report(1);
      plan.optimum = plan.egress_time;
      plan.lower_bound = plan.egress_time;
      return std::move(plan);
    };
    if (target > 0) {
      Time lo = bound.steps;
      // Progress: the start plan, where one is asked for, is the first tenth; then every max-flow
      // of the search an equal share of 0.1..0.95 of the flows done and still expected (at most one
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
      // The labels kept with a preflow (TimeExpanded::save) are not in kBytesPerNode: they are
      // kept only where they fit the budget beside the network.
      auto labels_fit = [&](Time horizon) {
        const auto [nodes, arcs] = expansion.estimate(horizon);
        return arcs * kBytesPerArc + nodes * (kBytesPerNode + sizeof(std::uint16_t)) <=
               control.memory_budget;
      };
      // Refused before the start plan is made when even the shortest possible horizon is too large
      // (and before the searches of the assignment bound).
      if (auto ok = too_large(lo); !ok) return std::unexpected(ok.error());
      // The searches from the shelter junctions, made once for the assignment bound and every
      // assigned plan below (none where they would not fit, shelter_trees.hpp).
      const auto cancelled = [&] { return control.cancelled(); };
      std::optional<ShelterTrees> trees;
      if (const auto places = shelter_places(problem, kAssignmentForTheOptimum))
        trees = ShelterTrees::make(problem.network, places->nodes, cancelled);
      if (control.cancelled()) throw Cancelled{};
      // egress_bound() leaves the assignment bound out on larger networks than this search
      // may take on.
      if (bound.by_assignment == 0)
        if (auto a = assignment_bound(problem, target, lo, kAssignmentForTheOptimum, cancelled,
                                      trees ? &*trees : nullptr))
          lo = *a;
      if (control.cancelled()) throw Cancelled{};
      if (auto ok = too_large(lo); !ok) return std::unexpected(ok.error());
      // Assigned plans (assigned_plan.hpp): cheap next to a max-flow, and where few shelters
      // lie far apart about as good (Almaty on foot to 5 shelters).
      auto assign = [&](Time horizon) {
        auto a = assigned_plan(problem, horizon, kAssignmentForTheOptimum, cancelled,
                               trees ? &*trees : nullptr);
        if (control.cancelled()) throw Cancelled{};
        if (a) work.add(a->work);
        return a;
      };
      // At the lower bound it may bring everyone in: then it is an optimum, found without the
      // heuristic or a max-flow.
      const Time at_lo_horizon = lo;
      auto at_lo = assign(lo);
      if (at_lo && at_lo->people >= target) {
        plan.groups = std::move(at_lo->groups);
        for (const auto& g : plan.groups) remaining[g.source] -= g.count;
        return finished();
      }
      // Upper bound: the assigned plan's a network's slack above lo, where it brings everyone
      // in (the probes bring it down: see below); else a start plan that routes everyone
      // routable; else none (hi < 0).
      Time hi = -1;
      std::optional<AssignedPlan> upper;
      if (at_lo &&
          static_cast<double>(target - at_lo->people) <= kUpperShare * static_cast<double>(target))
        if (auto a = assign(lo + slack_above(lo)); a && a->people >= target) {
          hi = lo + slack_above(lo);
          upper = std::move(a);
        }
      control.set_range(0, 0.1);
      // The heuristic plan only where the assigned plans give no upper bound: within one the
      // bracket is a network's slack, and the assigned plan at the bound starts the first probe
      // with nearly everyone in, so the search does without it.
      std::optional<Plan> heuristic;
      if (!upper) heuristic = start();
      if (control.cancelled()) return fail(kCancelledText);
      if (heuristic && heuristic->evacuated == target && (hi < 0 || heuristic->egress_time < hi)) {
        hi = std::max(lo, heuristic->egress_time);
        upper.reset();
      }
      control.set_range(0, 1);
      // See kFarShare: fails where a search from `brought` people at `from` to an upper bound
      // `to` is foreseen to pass the limit of work (none without a limit or an upper bound).
      auto within_reach = [&](People brought, Time from, Time to) -> Result<void> {
        if (work.limit() == 0 || to <= from ||
            static_cast<double>(target - brought) <= kFarShare * static_cast<double>(target))
          return {};
        const auto [nodes, arcs] = expansion.estimate(to);
        const auto probes = std::bit_width(static_cast<std::uint64_t>(to - from));
        const auto foreseen = static_cast<std::uint64_t>(
            static_cast<double>(probes) * kProbePasses * static_cast<double>(nodes + arcs));
        if (static_cast<double>(work.done() + foreseen) <=
            kForeseenFactor * static_cast<double>(work.limit()))
          return {};
        return fail(
            "optimal: the search between {} and {} steps would take about {} units of work, far "
            "more than the {} this run may take",
            from, to, work.done() + foreseen, work.limit());
      };
      // Where the search stops short of the optimum (out of work, or given up as foreseen to
      // pass its limit) after a horizon reached M, that horizon's flow or assigned plan is still
      // a plan, and lo a lower bound that its probes proved: it is given, not stated optimal.
      bool stopped = false;
      if (hi >= 0) {
        const People brought = std::max(at_lo ? at_lo->people : 0,
                                        heuristic ? arriving(problem, heuristic->groups, lo) : 0);
        if (auto ok = within_reach(brought, lo, hi); !ok) {
          if (!upper) return std::unexpected(ok.error());
          stopped = true;
        }
      }

      struct Probe {
        Time horizon;
        Cap value;
      };
      std::vector<Probe> short_of;  // probes that fell short, in increasing horizon
      std::unique_ptr<TimeExpanded> ten;
      std::optional<Warm> warm;  // the preflow of the largest probe that fell short
      // The preflow of the smallest horizon that reached M (on the arcs of `ten`: no network
      // is built after a probe reaches M, every later one being below it).
      std::optional<Warm> best;
      bool assigned_lead = true;  // the last probe's assigned plan brought in the most
      // A probe was made just below a horizon that reached M, or at the estimate below it.
      bool stepped_below = false;
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
        // An estimate at or past a horizon that a probe saw reach M: mostly that probe was
        // this same estimate, and right, so the step below it settles the search in one probe
        // (Malta on foot, 10^4 people: 540 reached, 539 fell short, where halving probed 538
        // first; by car to 5 shelters: 491 reached, where halving spent the rest of the work
        // limit on 476, 484 and 488). Where that step reaches M too, the estimate was stale (the
        // flow grew faster than the secant said): the bracket is halved from then on instead
        // of stepping down one at a time. (Past a start plan's egress it is not: the probe just
        // below that egress settles it.)
        if (t >= hi && best) {
          if (stepped_below) return lo + (hi - lo) / 2;
          stepped_below = true;
          return hi - 1;
        }
        // An estimate below such a horizon: galloping (below) stepped past it, and it is mostly
        // right, so it is probed as it is, once (Almaty by car to 5 shelters: 436 fell short, the
        // secant said 437 and galloping probed 440; then 439, 438 and 437 reached, each about a
        // global relabelling's time). From then on the bracket is halved.
        if (best) {
          if (stepped_below) return lo + (hi - lo) / 2;
          stepped_below = true;
          return static_cast<Time>(std::clamp<std::int64_t>(t, lo, hi - 1));
        }
        const std::int64_t least = std::min<std::int64_t>(
            hi - 1, b.horizon + (std::int64_t{1} << std::min<std::size_t>(
                                     short_of.size() < 2 ? 0 : short_of.size() - 2, 30)));
        return static_cast<Time>(std::clamp<std::int64_t>(t, least, hi - 1));
      };
      try {
        while (!stopped && (hi < 0 || lo < hi)) {
          if (control.cancelled()) return fail(kCancelledText);
          report_search(hi < 0 ? 1
                               : static_cast<int>(std::bit_width(
                                     static_cast<std::uint64_t>(std::max<Time>(hi - lo, 0)))));
          const Time t = next_probe();
          // Where the assigned plan at t brings everyone in, t is an upper bound with a plan,
          // without a max-flow. It is made only while the assigned plans bring in more than the
          // preflow kept: where roads rather than shelters decide, they soon bring in less, and
          // making them costs about a probe's time on Malta on foot (10,000 people from buildings
          // to schools, 0.7 s of processor time each).
          std::optional<AssignedPlan> assigned;
          if (at_lo && t == at_lo_horizon)
            assigned = std::exchange(at_lo, std::nullopt);
          else if (assigned_lead)
            assigned = assign(t);
          if (assigned && assigned->people >= target) {
            hi = t;
            upper = std::move(assigned);
            best.reset();
            continue;
          }
          if (!ten || ten->horizon() < t) {
            Time built = hi < 0 ? t + slack_above(t) : std::min<Time>(hi, t + slack_above(t));
            if (!too_large(built)) built = t;
            if (auto ok = too_large(built); !ok) return std::unexpected(ok.error());
            ten.reset();
            ten = std::make_unique<TimeExpanded>(expansion, built, control, work);
          }
          // The probe starts from whichever brings the most people in by t: the preflow kept, the
          // assigned plan, or (at the first probe) the heuristic's groups.
          std::span<const Group> seed;
          People seeded = warm ? short_of.back().value : 0;
          if (!warm && heuristic) {
            seed = heuristic->groups;
            seeded = arriving(problem, seed, t);
          }
          // Below a horizon that reached M, that horizon's flow without its later arrivals
          // mostly brings in nearly everyone: the step below it took as long as the probe that
          // reached M when it started from the preflow of the last probe that fell short
          // (Heidelberg-Mannheim by car to 5 shelters: 522 from 496's preflow, 0.56e9 units).
          const Warm* above = nullptr;
          if (best && best->horizon == ten->horizon())
            if (const Cap from_best = TimeExpanded::brought_by(*best, static_cast<Cap>(target), t);
                from_best > seeded) {
              above = &*best;
              seeded = from_best;
              seed = {};
            }
          assigned_lead = assigned && assigned->people > seeded;
          if (!assigned_lead) trees.reset();  // no assigned plan is made after this
          if (assigned_lead) {
            seed = assigned->groups;
            above = nullptr;
          }
          const Cap value = ten->solve(t, warm ? &*warm : nullptr, seed, above);
          ++flows_done;
          if (value >= target) {
            hi = t;
            upper.reset();
            if (!best) best.emplace();
            ten->save(*best, false);
            continue;
          }
          lo = t + 1;
          short_of.push_back({t, value});
          if (!warm) warm.emplace();
          ten->save(*warm, labels_fit(ten->horizon()));
          if (short_of.size() == 1)
            if (auto ok = within_reach(value, lo, hi); !ok) {
              if (!best && !upper) return std::unexpected(ok.error());
              stopped = true;
            }
          if (hi < 0 && t >= control.horizon)
            return fail("optimal: no plan within the horizon of {} steps", control.horizon);
        }
      } catch (const OutOfWork&) {
        if (!best && !upper) throw;
        stopped = true;
      }
      work.lift();  // the search has ended, stopped or not
      report_search(0);
      if (control.cancelled()) return fail(kCancelledText);
      if (best) {
        warm.reset();
        const std::uint64_t before = work.done();
        ten->decompose(hi, std::move(*best), plan);
        if (walked) *walked = work.done() - before;
        for (const auto& g : plan.groups) remaining[g.source] -= g.count;
      } else if (upper) {
        // No horizon below the assigned plan's evacuates M: that plan is an optimum.
        plan.groups = std::move(upper->groups);
        for (const auto& g : plan.groups) remaining[g.source] -= g.count;
      } else {
        // No horizon below the start plan's egress evacuates M: that plan is an optimum.
        plan.groups = std::move(heuristic->groups);
        plan.unroutable = std::move(heuristic->unroutable);
        from_heuristic = true;
      }
      if (stopped) {
        detail::report_unroutable(problem, dist, remaining, plan);
        finish_plan(problem, plan);
        control.report(1);
        plan.lower_bound = lo;
        return plan;
      }
    }
    return finished();
  }
};

}  // namespace

std::unique_ptr<Planner> make_optimal_planner() {
  return std::make_unique<OptimalPlanner>();
}

Result<Plan> plan_optimal_from(const Problem& problem, const StartPlan& start, RunControl& control,
                               std::uint64_t work_limit, const EgressBound* bound,
                               std::uint64_t* work_done, std::uint64_t* walked) {
  if (bound)
    return OptimalPlanner().run_from(problem, *bound, start, control, work_limit, work_done,
                                     walked);
  return OptimalPlanner().run_from(problem, egress_bound(problem), start, control, work_limit,
                                   work_done, walked);
}

}  // namespace qorgan::evac
