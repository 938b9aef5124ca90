#include "evac/plan/qorgan_schedule.hpp"

#include <algorithm>
#include <queue>

#include "evac/plan/heuristic_support.hpp"
#include "evac/plan/timeline.hpp"

namespace qorgan::evac {

namespace {

constexpr int kWidePercent = 40;  // see ScheduleOptions::search_budget

class Scheduler {
 public:
  Scheduler(const Problem& problem, const std::vector<Time>& dist, const FlowRoutes& routes,
            ScheduleOptions options)
      : problem_(problem),
        net_(problem.network),
        dist_(dist),
        routes_(routes),
        options_(std::move(options)),
        booked_(problem),
        search_(problem),
        candidates_(routes.of_source),
        best_(problem.sources.size()) {
    candidates_.resize(problem.sources.size());
    candidate_bound_.resize(problem.sources.size());
    for (std::size_t s = 0; s < candidates_.size(); ++s)
      candidate_bound_[s].assign(candidates_[s].size(), 0);
    travel_.reserve(routes.routes.size());
    for (const auto& r : routes.routes) travel_.push_back(travel_of(r.arcs));
    for (const auto& s : problem.sources) {
      remaining_.push_back(s.count);
      lower_bound_.push_back(dist[s.node] == kUnreachable ? 0
                                                          : s.earliest_departure + dist[s.node]);
    }
    quota_.resize(problem.sources.size());
    for (std::uint32_t s = 0; s < options_.allocation.size(); ++s) {
      candidates_[s].clear();
      candidate_bound_[s].clear();
      for (const auto& [shelter, people] : options_.allocation[s]) {
        add_candidate(s, {routes_.tree_route(net_, problem.sources[s].node, shelter), shelter});
        quota_[s].push_back(people);
      }
    }
  }

  std::size_t settled() const { return search_.settled(); }

  // Returns no plan when `control` is cancelled; reports progress if `report`.
  std::optional<Plan> run(RunControl& control, bool report) {
    plan_.planner = "qorgan";
    const bool phased = !options_.critical.empty();
    auto start_all = [&](bool critical) {
      for (std::uint32_t s = 0; s < problem_.sources.size(); ++s)
        if (dist_[problem_.sources[s].node] != kUnreachable &&
            (!phased || (options_.critical[s] != 0) == critical) && !choose(s))
          without_waiting(s);
    };
    start_all(true);
    bool second_phase = !phased;
    const double population = std::max<double>(1, static_cast<double>(problem_.population()));
    People routed = 0;
    std::size_t bookings = 0;
    while (true) {
      if (queue_.empty()) {
        if (second_phase) break;
        second_phase = true;
        start_all(false);
        continue;
      }
      const Entry e = queue_.top();
      queue_.pop();
      const std::uint32_t s = e.source;
      Best& b = best_[s];
      if (remaining_[s] <= 0 || e.version != b.version) continue;
      while (true) {
        const People room = booked_.route_room(b.shelter, b.steps);
        if (room > 0) {
          Group g;
          g.source = s;
          g.shelter = b.shelter;
          g.count = std::min(room, remaining_[s]);
          if (b.candidate < quota_[s].size()) {
            g.count = std::min(g.count, quota_[s][b.candidate]);
            quota_[s][b.candidate] -= g.count;
          }
          g.route = b.steps;
          booked_.book(g.shelter, g.route, g.count);
          remaining_[s] -= g.count;
          routed += g.count;
          plan_.groups.push_back(std::move(g));
          if (++bookings % 256 == 0) {
            if (control.cancelled()) return std::nullopt;
            if (report) control.report(static_cast<double>(routed) / population);
          }
        }
        if (remaining_[s] <= 0) break;
        if (!choose(s, false)) {
          without_waiting(s);
          break;
        }
        // Booked at once, without a round through the queue, when no other origin's route can
        // arrive more than the slack sooner (the queue's keys are lower bounds).
        const Time slack =
            static_cast<Time>(std::int64_t{chosen_arrival_} * options_.slack_permille / 1000);
        if (options_.slack_permille > 0 &&
            (queue_.empty() || chosen_arrival_ <= queue_.top().arrival + slack))
          continue;
        queue_.push({chosen_arrival_, chosen_key2_, s, ++b.version});
        break;
      }
    }
    if (control.cancelled()) return std::nullopt;
    detail::report_unroutable(problem_, dist_, remaining_, plan_);
    finish_plan(problem_, plan_);
    return std::move(plan_);
  }

 private:
  struct Best {
    std::vector<Step> steps;
    std::uint32_t shelter = 0;
    std::uint32_t version = 0;
    std::size_t candidate = SIZE_MAX;  // whose timing `steps` is
    People need = 1;                   // with which need (see Timeline::retime)
  };
  struct Entry {
    Time arrival;
    People key2;
    std::uint32_t source;
    std::uint32_t version;
    bool operator>(const Entry& o) const {
      if (arrival != o.arrival) return arrival > o.arrival;
      if (key2 != o.key2) return key2 > o.key2;
      return source > o.source;
    }
  };
  struct SearchedRoute {
    std::vector<ArcIndex> arcs;
    std::uint32_t shelter;
  };

  const std::vector<ArcIndex>& arcs_of(std::uint32_t r) const {
    const auto n = routes_.routes.size();
    return r < n ? routes_.routes[r].arcs : found_[r - n].arcs;
  }
  std::uint32_t shelter_of(std::uint32_t r) const {
    const auto n = routes_.routes.size();
    return r < n ? routes_.routes[r].shelter : found_[r - n].shelter;
  }
  Time travel_of(const std::vector<ArcIndex>& arcs) const {
    Time t = 0;
    for (ArcIndex a : arcs) t += net_.travel_time[a];
    return t;
  }
  // Makes `route` (just added to found_) a candidate of `s`.
  void add_candidate(std::uint32_t s, SearchedRoute route) {
    candidates_[s].push_back(static_cast<std::uint32_t>(routes_.routes.size() + found_.size()));
    candidate_bound_[s].push_back(0);
    travel_.push_back(travel_of(route.arcs));
    found_.push_back(std::move(route));
  }

  // How much later than its lower bound an origin's best route may arrive without a search.
  bool tolerable(Time arrival, Time lb) const {
    const std::size_t work = search_.settled();
    if (work >= 2 * options_.search_budget) return true;
    const int percent = work >= options_.search_budget ? kWidePercent : options_.reuse_percent;
    return arrival - lb <=
           std::max(options_.reuse_steps, lb >= kReuseFrom ? lb * percent / 100 : 0);
  }

  // Re-times every route of `s` for the current bookings and queues the best. In the searching
  // schedule, or when no route can be used, a search looks for an earlier one (up to the best
  // arrival so far) and keeps it. False if nothing can be used.
  bool choose(std::uint32_t s, bool push = true) {
    const Time start = problem_.sources[s].earliest_departure;
    Best& b = best_[s];
    bool found = false;
    Time best_arrival = 0;
    People best_key2 = 0;
    std::size_t best_index = 0;
    auto& bound = candidate_bound_[s];
    const People need = std::max<People>(1, std::min(remaining_[s], options_.min_group));
    if (need != b.need) b.candidate = SIZE_MAX;
    // Candidate i of s, re-timed for the current bookings. Its bound (an earlier arrival of the
    // same route from the same start: bookings only delay) lets it be skipped, or its re-timing
    // cut short, once it cannot beat the best so far; the best is the least (arrival, key2,
    // candidate index), whatever order the candidates are looked at in.
    auto consider = [&](std::size_t i) {
      const std::uint32_t r = candidates_[s][i];
      const std::uint32_t shelter = shelter_of(r);
      if (booked_.shelter_free(shelter) <= 0) return;
      if (i < quota_[s].size() && quota_[s][i] <= 0) return;
      if (found && bound[i] > best_arrival) return;
      Time at_least = 0;
      const Time cutoff = found ? best_arrival : Timeline::kNoCutoff;
      const Time arrival =
          i == b.candidate
              ? booked_.retime_after(arcs_of(r), b.steps, start, scratch_, cutoff, travel_[r], need,
                                     at_least)
              : booked_.retime(arcs_of(r), start, scratch_, cutoff, travel_[r], need, at_least);
      if (arrival == Timeline::kPastCutoff) {
        bound[i] = std::max(bound[i], at_least);
        return;
      }
      if (arrival < 0) return;
      bound[i] = arrival;
      const People key2 = options_.tie == TieBreak::kLeastOnRoad
                              ? (scratch_.empty() ? 0 : arrival - scratch_.front().enter)
                              : -booked_.route_room(shelter, scratch_);
      if (!found || arrival < best_arrival || (arrival == best_arrival && key2 < best_key2) ||
          (arrival == best_arrival && key2 == best_key2 && i < best_index)) {
        found = true;
        best_arrival = arrival;
        best_key2 = key2;
        best_index = i;
        b.shelter = shelter;
        b.candidate = i;
        b.need = need;
        std::swap(b.steps, scratch_);
      }
    };
    // The last best first (only its timing is updated rather than made again), else the most
    // promising, so that the others can be cut short.
    std::size_t first = 0;
    for (std::size_t i = 1; i < bound.size(); ++i)
      if (bound[i] < bound[first]) first = i;
    if (b.candidate < bound.size()) first = b.candidate;
    if (!bound.empty()) consider(first);
    for (std::size_t i = 0; i < bound.size(); ++i)
      if (i != first) consider(i);
    if (!found && !routes_.toward.empty()) {
      // Its shelters are full: the static shortest path to the nearest open one it has no
      // route to yet (shelters were ordered by distance up front).
      for (std::uint32_t h : routes_.shelter_order[s]) {
        if (booked_.shelter_free(h) <= 0) continue;
        const auto& mine = candidates_[s];
        if (std::any_of(mine.begin(), mine.end(), [&](auto r) { return shelter_of(r) == h; }))
          continue;
        add_candidate(s, {routes_.tree_route(net_, problem_.sources[s].node, h), h});
        consider(candidates_[s].size() - 1);
        if (found) break;
      }
    }
    Time& lb = lower_bound_[s];
    if (!found || (options_.search && !tolerable(best_arrival, lb))) {
      refresh_potential();
      std::vector<ArcIndex> path;
      std::uint32_t shelter = 0;
      Time arrival = 0;
      if (search_.run(booked_, s, potential_, found ? best_arrival : kUnreachable, path, shelter,
                      arrival)) {
        lb = arrival;
        add_candidate(s, {std::move(path), shelter});
        consider(candidates_[s].size() - 1);
      } else if (found) {
        lb = best_arrival;  // nothing earlier exists
      }
    }
    chosen_arrival_ = best_arrival;
    chosen_key2_ = best_key2;
    if (found && push) queue_.push({best_arrival, best_key2, s, ++b.version});
    return found;
  }

  // The static distance to the nearest shelter that still has room, recomputed when one fills.
  void refresh_potential() {
    std::size_t open = 0;
    for (std::uint32_t h = 0; h < problem_.shelters.size(); ++h)
      open += booked_.shelter_free(h) > 0;
    if (open == open_shelters_) return;
    std::vector<NodeIndex> targets;
    for (std::uint32_t h = 0; h < problem_.shelters.size(); ++h)
      if (booked_.shelter_free(h) > 0) targets.push_back(problem_.shelters[h].node);
    open_shelters_ = open;
    potential_ = distances_to(net_, targets);
  }

  // Nothing usable was found for `s` (bounded holding can hide routes from the search).
  void without_waiting(std::uint32_t s) {
    detail::route_without_waiting(problem_, booked_, s, remaining_[s], plan_);
  }

  const Problem& problem_;
  const Network& net_;
  const std::vector<Time>& dist_;
  const FlowRoutes& routes_;
  ScheduleOptions options_;
  Timeline booked_;
  TimelineSearch search_;
  std::vector<std::vector<std::uint32_t>> candidates_;  // route ids per source
  std::vector<std::vector<Time>> candidate_bound_;      // per candidate: arrives no sooner
  std::vector<Time> travel_;                            // per route id: without waiting
  std::vector<SearchedRoute> found_;                    // routes found by searches
  std::vector<Best> best_;
  std::vector<People> remaining_;
  std::vector<Time> lower_bound_;  // per source: no route arrives sooner (static, or searched)
  std::vector<std::vector<People>> quota_;  // per source and candidate, if allocated: people left
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  std::vector<Step> scratch_;
  Time chosen_arrival_ = 0;  // of the last choose()
  People chosen_key2_ = 0;
  std::vector<Time> potential_;
  std::size_t open_shelters_ = SIZE_MAX;
  Plan plan_;
};

}  // namespace

Schedule run_schedule(const Problem& problem, const std::vector<Time>& dist,
                      const FlowRoutes& routes, ScheduleOptions options, RunControl& control,
                      bool report) {
  Scheduler scheduler(problem, dist, routes, std::move(options));
  auto plan = scheduler.run(control, report);
  return {std::move(plan), scheduler.settled()};
}

}  // namespace qorgan::evac
