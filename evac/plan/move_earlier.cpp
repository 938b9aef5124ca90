#include "evac/plan/move_earlier.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>

#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

namespace {

// The pass stops (the groups not reached keep their steps) once its searches have done this
// much work (Bookings::work: nodes taken from the queue and arc-steps looked at): a count, not a
// time, so the plan does not depend on the machine's load. The whole pass needs 66 M on Monaco
// by car with 30,000 people to 5 shelters (1.5-1.8 s of processor time under load 9, where the
// exact planner before it took 1.9-2.3 s and ccrp alone about 2 s), 61 M on the 60 x 60 grid
// city, 37 M on Porto by car with 100,000 people, 17-20 M on the random networks of 2,000
// junctions, 10.5 M on Portland by car with 10,000 people, at most 3 M on the others where
// qorgan takes the exact plan (processor time 25-70 M a second). Gain in mean evacuation time
// kept at 10 M: Portland 2.91 of 2.92 steps, the random networks 80-85 %, the 60 x 60 grid city
// 0.25 of 0.45, Porto 1.09 of 2.64, Monaco 1.57 of 6.40; at 20 M Monaco 2.47 and 0.5 s. A cap
// per search instead (give up a search after 300-3,000) kept less for the same work.
constexpr std::uint64_t kMoveWork = 10'000'000;

class Bookings {
 public:
  Bookings(const Problem& problem, Time horizon)
      : problem_(problem), net_(problem.network), horizon_(static_cast<std::size_t>(horizon) + 1) {
    arcs_.assign(net_.arc_count() * horizon_, 0);
    hold_index_.assign(net_.node_count(), kNone);
    for (std::size_t v = 0; v < net_.node_count(); ++v)
      if (net_.holding[v] != kUnlimited) hold_index_[v] = bounded_++;
    holds_.assign(bounded_ * horizon_, 0);
    shelters_at_.resize(net_.node_count());
    std::vector<NodeIndex> nodes;
    for (std::uint32_t h = 0; h < problem.shelters.size(); ++h) {
      shelter_left_.push_back(problem.shelters[h].capacity);
      shelters_at_[problem.shelters[h].node].push_back(h);
      nodes.push_back(problem.shelters[h].node);
    }
    potential_ = distances_to(net_, nodes);
    arrival_.assign(net_.node_count(), kNever);
    pred_.resize(net_.node_count());
  }

  // Adds `count` people (negative: takes them off) on `route` to `shelter`, waiting included.
  void book(const Group& g, People count) { book(g.route, g.shelter, count); }
  void book(const std::vector<Step>& route, std::uint32_t shelter, People count) {
    shelter_left_[shelter] -= count;
    for (std::size_t i = 0; i < route.size(); ++i) {
      arcs_[slot(route[i].arc, route[i].enter)] += count;
      if (i == 0) continue;
      const NodeIndex v = net_.tail[route[i].arc];
      if (hold_index_[v] == kNone) continue;
      for (Time t = route[i - 1].enter + net_.travel_time[route[i - 1].arc]; t < route[i].enter;
           ++t)
        holds_[hold_index_[v] * horizon_ + static_cast<std::size_t>(t)] += count;
    }
  }

  // Room for more people on `route` to `shelter` as it is timed.
  People room(const std::vector<Step>& route, std::uint32_t shelter) const {
    People r = shelter_left_[shelter];
    for (std::size_t i = 0; i < route.size(); ++i) {
      r = std::min(r, arc_free(route[i].arc, route[i].enter));
      if (i == 0) continue;
      const NodeIndex v = net_.tail[route[i].arc];
      for (Time t = route[i - 1].enter + net_.travel_time[route[i - 1].arc]; t < route[i].enter;
           ++t)
        r = std::min(r, hold_free(v, t));
    }
    return r;
  }

  // No route from `source` arrives sooner than this.
  Time soonest(std::uint32_t source) const {
    const Source& s = problem_.sources[source];
    return potential_[s.node] == kUnreachable ? kNever : s.earliest_departure + potential_[s.node];
  }

  // The earliest route from `source` to a shelter with places that arrives before `before`
  // (A* over the time-expanded network, one label per node as in CCRP): its steps and shelter,
  // false if none.
  bool earliest(std::uint32_t source, Time before, std::vector<Step>& out, std::uint32_t& shelter) {
    for (NodeIndex v : touched_) arrival_[v] = kNever;
    touched_.clear();
    using Entry = std::pair<Time, NodeIndex>;  // arrival + potential, node
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    const NodeIndex origin = problem_.sources[source].node;
    auto reach = [&](NodeIndex v, Time t, ArcIndex arc, Time enter) {
      if (potential_[v] == kUnreachable || t + potential_[v] >= before || t >= arrival_[v]) return;
      if (arrival_[v] == kNever) touched_.push_back(v);
      arrival_[v] = t;
      pred_[v] = {arc, enter};
      queue.push({t + potential_[v], v});
    };
    reach(origin, problem_.sources[source].earliest_departure, 0, -1);
    while (!queue.empty()) {
      const auto [key, v] = queue.top();
      queue.pop();
      ++work_;
      const Time t = arrival_[v];
      if (key != t + potential_[v]) continue;  // a stale entry
      for (std::uint32_t h : shelters_at_[v]) {
        if (shelter_left_[h] <= 0) continue;
        shelter = h;
        out.clear();
        for (NodeIndex u = v; u != origin || pred_[u].enter >= 0; u = net_.tail[pred_[u].arc])
          out.push_back(pred_[u]);
        std::reverse(out.begin(), out.end());
        return true;
      }
      for (ArcIndex a = net_.first_out[v]; a < net_.first_out[v + 1]; ++a) {
        const NodeIndex w = net_.head[a];
        if (potential_[w] == kUnreachable) continue;
        // Entering at `last` or later cannot arrive before `before`: the wait is not scanned past
        // it (on a congested arc that is most of the horizon).
        const Time last = std::min<Time>(before - net_.travel_time[a] - potential_[w],
                                         static_cast<Time>(horizon_));
        Time enter = t;
        // Waiting is free at home; elsewhere only while the junction can hold one more.
        while (enter < last && arc_free(a, enter) <= 0 && (v == origin || hold_free(v, enter) > 0))
          ++enter;
        work_ += static_cast<std::uint64_t>(enter - t) + 1;
        if (enter >= last || arc_free(a, enter) <= 0) continue;
        reach(w, enter + net_.travel_time[a], a, enter);
      }
    }
    return false;
  }

  // Nodes taken from the searches' queues and arc-steps they looked at, so far.
  std::uint64_t work() const { return work_; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  static constexpr Time kNever = std::numeric_limits<Time>::max();
  std::size_t slot(ArcIndex a, Time t) const { return a * horizon_ + static_cast<std::size_t>(t); }
  People arc_free(ArcIndex a, Time t) const { return net_.capacity[a] - arcs_[slot(a, t)]; }
  People hold_free(NodeIndex v, Time t) const {
    if (hold_index_[v] == kNone) return kUnlimited;
    return net_.holding[v] - holds_[hold_index_[v] * horizon_ + static_cast<std::size_t>(t)];
  }

  const Problem& problem_;
  const Network& net_;
  std::size_t horizon_;
  std::vector<People> arcs_;
  std::vector<std::size_t> hold_index_;
  std::size_t bounded_ = 0;
  std::vector<People> holds_;
  std::vector<People> shelter_left_;
  std::vector<std::vector<std::uint32_t>> shelters_at_;
  std::vector<Time> potential_;  // static travel time to the nearest shelter
  std::vector<Time> arrival_;
  std::vector<Step> pred_;  // the step that reached each node (enter -1 at the origin)
  std::vector<NodeIndex> touched_;
  std::uint64_t work_ = 0;
};

}  // namespace

void move_earlier(const Problem& problem, Plan& plan, const RunControl* control) {
  Bookings booked(problem, plan.egress_time);
  for (const Group& g : plan.groups) booked.book(g, g.count);
  std::vector<Step> route;
  std::vector<std::size_t> order(plan.groups.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Earliest first: the early room goes to those who need little of it (Portland by car,
  // 10,000 people: mean 8.2 steps latest first, 7.6 earliest first).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan.groups[a].arrival < plan.groups[b].arrival;
  });
  // Per origin, the arrival its last search failed to beat: its groups that arrive
  // no later are not searched again (that search would differ only by their own room).
  std::vector<Time> failed(problem.sources.size(), -1);
  for (std::size_t gi : order) {
    if (booked.work() > kMoveWork || (control && control->cancelled())) break;
    Group& g = plan.groups[gi];
    if (g.arrival <= failed[g.source] || g.arrival <= booked.soonest(g.source)) continue;
    // Searched with the group's own bookings taken off, so that it may take its own room.
    booked.book(g, -g.count);
    std::uint32_t shelter = 0;
    People take = 0;
    if (booked.earliest(g.source, g.arrival, route, shelter))
      take = std::min(g.count, booked.room(route, shelter));
    if (take > 0) {
      booked.book(route, shelter, take);
      // The rest keep their steps, which the moved ones may now share.
      if (take < g.count && booked.room(g.route, g.shelter) < g.count - take) {
        booked.book(route, shelter, -take);
        take = 0;
      }
    }
    if (take == 0) {
      failed[g.source] = g.arrival;
      booked.book(g, g.count);
      continue;
    }
    Group early{.source = g.source, .count = take, .route = route, .shelter = shelter};
    early.arrival = route.empty()
                        ? problem.sources[g.source].earliest_departure
                        : route.back().enter + problem.network.travel_time[route.back().arc];
    if (take < g.count) {
      g.count -= take;
      booked.book(g, g.count);
      plan.groups.push_back(std::move(early));  // g is not used after this
    } else {
      g = std::move(early);
    }
  }
  // One pass: a second one gains little and costs as much as the first (Portland as above:
  // mean 7.59, then 7.53 steps, 0.3 s each; Monaco by car, 30,000 people to 5 shelters: 139.37,
  // then 139.16, 2 s each).
  finish_plan(problem, plan);
}

}  // namespace qorgan::evac
