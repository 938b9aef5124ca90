#include "evac/plan/validator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "evac/plan/planner.hpp"

namespace qorgan::evac {

namespace {

constexpr std::size_t kMaxMessages = 20;

// Every sum of counts read from a plan: saturating instead of wrapping, so that no choice of
// forged counts (four groups of 2^62 on one arc) can add up to a plausible total.
void add_to(People& sum, People n) {
  if (__builtin_add_overflow(sum, n, &sum))
    sum = n > 0 ? std::numeric_limits<People>::max() : std::numeric_limits<People>::min();
}

std::uint64_t key(std::uint32_t id, Time t) {
  return (static_cast<std::uint64_t>(id) << 32) | static_cast<std::uint32_t>(t);
}

}  // namespace

ValidationReport validate(const Problem& problem, const Plan& plan) {
  return validate(problem, plan, kStepsPerPass);
}

ValidationReport validate(const Problem& problem, const Plan& plan, std::size_t steps_per_pass) {
  const auto& net = problem.network;
  ValidationReport r;
  auto violation = [&](std::string msg) {
    ++r.violation_count;
    if (r.violations.size() < kMaxMessages) r.violations.push_back(std::move(msg));
  };
  if (auto ok = check_problem(problem); !ok) {
    // Counts past the limits would make every figure below meaningless.
    violation(fmt::format("the plan's problem is not valid: {}", ok.error().message));
    return r;
  }
  std::unordered_map<std::uint64_t, People> wait_use;
  // Steps replayed per group (up to its first fault) and per arc, for counting arc loads below.
  std::vector<std::uint32_t> replayed(plan.groups.size(), 0);
  std::vector<std::uint32_t> steps_on_arc(net.arc_count(), 0);
  std::vector<People> routed(problem.sources.size(), 0), reported(problem.sources.size(), 0);
  std::vector<People> received(problem.shelters.size(), 0);
  std::vector<std::map<Time, People>> arrivals(problem.shelters.size());

  for (std::size_t gi = 0; gi < plan.groups.size(); ++gi) {
    const Group& g = plan.groups[gi];
    const auto where = fmt::format("group {}", gi + 1);
    if (g.source >= problem.sources.size()) {
      violation(fmt::format("{}: unknown source {}", where, g.source));
      continue;
    }
    if (g.shelter >= problem.shelters.size()) {
      violation(fmt::format("{}: unknown shelter {}", where, g.shelter));
      continue;
    }
    if (g.count < 1) {
      violation(fmt::format("{}: count must be at least 1, is {}", where, g.count));
      continue;
    }
    const Source& src = problem.sources[g.source];
    const Shelter& dst = problem.shelters[g.shelter];
    if (g.count > src.count) {
      violation(fmt::format("{}: moves {} people but source {} has {}", where, g.count, g.source,
                            src.count));
      continue;
    }
    add_to(routed[g.source], g.count);
    NodeIndex at = src.node;
    Time free_from = src.earliest_departure;  // earliest time the group may enter the next arc
    bool ok = true;
    for (std::size_t i = 0; i < g.route.size(); ++i) {
      const Step& s = g.route[i];
      if (s.arc >= net.arc_count()) {
        violation(fmt::format("{}: step {} uses arc {} which does not exist", where, i + 1, s.arc));
        ok = false;
        break;
      }
      if (net.tail[s.arc] != at) {
        violation(fmt::format("{}: step {} leaves node {} but the group is at node {}", where,
                              i + 1, net.node_id[net.tail[s.arc]], net.node_id[at]));
        ok = false;
        break;
      }
      if (s.enter < free_from) {
        violation(i == 0 ? fmt::format("{}: departs at {} before its earliest departure {}", where,
                                       s.enter, free_from)
                         : fmt::format("{}: step {} entered at {} before the group arrived at {}",
                                       where, i + 1, s.enter, free_from));
        ok = false;
        break;
      }
      if (i > 0 && net.holding[at] != kUnlimited) {
        for (Time t = free_from; t < s.enter; ++t) add_to(wait_use[key(at, t)], g.count);
      }
      ++steps_on_arc[s.arc];
      ++replayed[gi];
      free_from = s.enter + net.travel_time[s.arc];
      at = net.head[s.arc];
    }
    if (!ok) continue;
    if (at != dst.node) {
      violation(fmt::format("{}: route ends at node {} but shelter {} is at node {}", where,
                            net.node_id[at], g.shelter, net.node_id[dst.node]));
      continue;
    }
    const Time departure = g.route.empty() ? src.earliest_departure : g.route.front().enter;
    const Time arrival = free_from;
    if (g.departure != departure)
      violation(fmt::format("{}: states departure {} but its route leaves at {}", where,
                            g.departure, departure));
    if (g.arrival != arrival)
      violation(fmt::format("{}: states arrival {} but its route arrives at {}", where, g.arrival,
                            arrival));
    add_to(received[g.shelter], g.count);
    add_to(arrivals[g.shelter][arrival], g.count);
    r.egress_time = std::max(r.egress_time, arrival);
    add_to(r.evacuated, g.count);
    r.total_evacuation_time += static_cast<double>(g.count) * arrival;
  }

  for (const auto& u : plan.unroutable) {
    if (u.source >= problem.sources.size()) {
      violation(fmt::format("unroutable entry names unknown source {}", u.source));
      continue;
    }
    if (u.count < 1 || u.count > problem.sources[u.source].count) {
      violation(fmt::format("unroutable entry for source {} has count {} (the source has {})",
                            u.source, u.count, problem.sources[u.source].count));
      continue;
    }
    if (u.reason.empty())
      violation(fmt::format("unroutable entry for source {} gives no reason", u.source));
    add_to(reported[u.source], u.count);
    add_to(r.unroutable, u.count);
  }
  for (std::size_t s = 0; s < problem.sources.size(); ++s) {
    const People need = problem.sources[s].count;
    People accounted = routed[s];
    add_to(accounted, reported[s]);
    if (accounted != need)
      violation(
          fmt::format("source {} (node {}) has {} people but the plan routes {} and reports "
                      "{} unroutable",
                      s, net.node_id[problem.sources[s].node], need, routed[s], reported[s]));
  }

  // Arc loads, a range of arcs at a time (at most steps_per_pass steps), each range's steps
  // sorted by (arc, step) and summed: reports come in that order from run to run.
  std::vector<std::pair<std::uint64_t, People>> uses;
  for (ArcIndex lo = 0; lo < net.arc_count();) {
    ArcIndex hi = lo;
    std::size_t steps = 0;
    while (hi < net.arc_count() && (hi == lo || steps + steps_on_arc[hi] <= steps_per_pass))
      steps += steps_on_arc[hi++];
    uses.clear();
    uses.reserve(steps);
    for (std::size_t gi = 0; gi < plan.groups.size(); ++gi) {
      const Group& g = plan.groups[gi];
      for (std::uint32_t i = 0; i < replayed[gi]; ++i) {
        const Step& s = g.route[i];
        if (s.arc >= lo && s.arc < hi) uses.emplace_back(key(s.arc, s.enter), g.count);
      }
    }
    std::sort(uses.begin(), uses.end());
    for (std::size_t i = 0; i < uses.size();) {
      const std::uint64_t k = uses[i].first;
      People people = 0;
      for (; i < uses.size() && uses[i].first == k; ++i) add_to(people, uses[i].second);
      const auto a = static_cast<ArcIndex>(k >> 32);
      const auto t = static_cast<Time>(k & 0xffffffffu);
      if (people > net.capacity[a])
        violation(fmt::format("arc {} ({} -> {}) is entered by {} people at step {}, capacity {}",
                              a, net.node_id[net.tail[a]], net.node_id[net.head[a]], people, t,
                              net.capacity[a]));
      if (r.arc_loads.empty() || r.arc_loads.back().arc != a) r.arc_loads.push_back({.arc = a});
      ArcLoad& l = r.arc_loads.back();
      add_to(l.total, people);
      if (people > l.peak) {  // steps come in order, so the first peak is kept
        l.peak = people;
        l.peak_time = t;
      }
      if (people >= net.capacity[a]) ++l.saturated_steps;
    }
    lo = hi;
  }
  std::vector<std::pair<std::uint64_t, People>>().swap(uses);
  // Sorted so that reports are stable from run to run (hash order is not).
  std::vector<std::pair<std::uint64_t, People>> wait_sorted(wait_use.begin(), wait_use.end());
  std::sort(wait_sorted.begin(), wait_sorted.end());
  for (auto [k, people] : wait_sorted) {
    const auto v = static_cast<NodeIndex>(k >> 32);
    const auto t = static_cast<Time>(k & 0xffffffffu);
    if (people > net.holding[v])
      violation(fmt::format("node {} holds {} waiting people at step {}, holding capacity {}",
                            net.node_id[v], people, t, net.holding[v]));
  }
  for (std::size_t s = 0; s < problem.shelters.size(); ++s) {
    if (received[s] > problem.shelters[s].capacity)
      violation(fmt::format("shelter {} (node {}) receives {} people, capacity {}", s,
                            net.node_id[problem.shelters[s].node], received[s],
                            problem.shelters[s].capacity));
  }
  r.mean_evacuation_time =
      r.evacuated > 0 ? r.total_evacuation_time / static_cast<double>(r.evacuated) : 0;
  // Stated figures are only worth comparing when the groups themselves replayed cleanly;
  // otherwise every earlier fault would be reported a second time as a wrong total.
  const bool replayed_cleanly = r.violation_count == 0;
  if (replayed_cleanly && plan.egress_time != r.egress_time)
    violation(fmt::format("plan states egress time {} but its groups give {}", plan.egress_time,
                          r.egress_time));
  if (replayed_cleanly && plan.evacuated != r.evacuated)
    violation(fmt::format("plan states {} evacuated but its groups move {}", plan.evacuated,
                          r.evacuated));
  if (replayed_cleanly && std::abs(plan.mean_evacuation_time - r.mean_evacuation_time) >
                              1e-6 * std::max(1.0, r.mean_evacuation_time))
    violation(fmt::format("plan states mean evacuation time {} but its groups give {}",
                          plan.mean_evacuation_time, r.mean_evacuation_time));

  r.shelter_arrivals.resize(problem.shelters.size());
  for (std::size_t s = 0; s < arrivals.size(); ++s)
    r.shelter_arrivals[s].assign(arrivals[s].begin(), arrivals[s].end());
  return r;
}

}  // namespace qorgan::evac
