// qorgan: CCRP's greedy rule over a few good routes per origin, the routes from a static flow.
//
// 1. Routes (flow_routes.hpp). On networks up to kFlowArcLimit arcs: the smallest horizon at
//    which a static flow can carry every origin's people at the constant rate that would get
//    them out by then, and the cheapest such flows (at that horizon and at half, a quarter, ...),
//    decomposed into paths: each origin gets the routes and shelters those flows use from it,
//    which spread people over the bottlenecks in proportion to what each can carry. The same
//    max-flows tell which origins sit behind the bottleneck that decides the egress time
//    ("critical"). Larger networks (where those max-flows cost seconds each) get the static
//    shortest paths to each origin's kNearestShelters nearest shelters instead.
// 2. Times: one schedule is CCRP's rule over those routes, computed lazily as in CCRP++
//    (qorgan_schedule.hpp).
// 3. Two schedules run side by side, one per core, and the better plan is kept (more people
//    evacuated, then earlier egress, then less total time):
//    - "critical first": no searches; the critical origins are scheduled first, alone on the
//      network, then everybody else; if the egress is not within kGoodEnough of the flow's
//      horizon, once more with the origins that arrived last (within 2% of the egress) added to
//      the critical ones.
//    - "searching": when an origin's best route arrives more than kReusePercent later than its
//      lower bound (the arrival of its last search), a search looks for an earlier route, only
//      up to that arrival, and keeps it. Its searches are budgeted: a small budget when the flow
//      shows that a few origins (at most kFewCritical of the people) decide the egress —
//      scheduling them first is what matters then — and a large one otherwise.
// 4. Unless the critical-first plan won within kGoodEnough of the flow's horizon (then the
//    bottleneck decides and more work does not pay), two more schedules run side by side:
//    - "close": searching that tolerates one step of delay, not a percentage: CCRP's rule nearly
//      exactly, at CCRP++'s price (grid 100 x 100 with 100,000 people: 142 steps, as ccrp, in
//      18 s against ccrp's 42, where the 10% tolerance gives 145 in 4 s); only where the
//      searching schedule kept within its budget, and within kCloseWorkFactor times its work;
//    - "late first" (late_first): the searching schedule again with the origins that arrived
//      last in the best plan so far scheduled first, while that helps: the greedy rule books
//      early arrivals on the bottlenecks that the last ones need, and this reserves them
//      (Monaco: 135 -> 130 -> 129 steps, where ccrp gets 132 and the optimum is 124).
// Networks above kFlowArcLimit arcs get one schedule (no searches; a second one only for few
// people, see kAllocateUpTo: the memory goes to the plan), and an origin whose shelters are full
// is given the static path to the nearest open one. Two departures from CCRP's exact order keep it
// within seconds and the plan within memory (at 10^6 junctions, exact order books ~1.3 people per
// group and re-times each route ~20 times per booking): a re-timed route that arrives at most
// kLargeSlackPermille later than every queued route is booked at once instead of queued again, and
// routes enter an arc only at a step with room for kLargeMinGroup people (or all that are left), so
// groups are not cut into slivers by others' leftovers. Measured on this machine (2 cores; grid
// cities of evac/graph/grid_city.hpp with 16 shelters; planning time, planner's peak memory):
//   grid 300 x 300, 100,000 people:   egress 743 (shortest: 1,042), 0.27 s, 65 MB
//   grid 500 x 500, 300,000 people:   egress 2,761 (shortest: 3,346), 1.6 s, 235 MB
//   grid 1000 x 1000, 10^6 people:    egress 8,579, 18 s, 1.4 GB (exact order: > 300 s)
// On small inputs (origins x junctions < kAlsoRunCcrpBelow, at most kAlsoRunCcrpUpTo people)
// search-only lazy CCRP also runs and the best plan is kept. Up to kFlowArcLimit arcs,
// kAlsoRunCcrpUpTo people and kAlwaysCcrpBelow people x junctions, CCRP itself runs on a thread
// beside the schedules (with_exact) where the exact planner does not find the optimum, and both
// are waited for, so there qorgan is never worse than ccrp by construction, and the plan does
// not depend on which finished first. Up to kFlowArcLimit arcs the exact planner runs first,
// within limits of its memory and work (kExactMemory, kExactWork): alone before the schedules
// and CCRP, elsewhere beside the routes and the searching schedule. It starts from the
// critical-first plan only where its assigned plans do not bound its search (optimal_from.hpp) and
// the rate model found a horizon, and the routes and that schedule are then made for it; when it
// finds the optimum that is the plan (its places given to the nearest where they are short,
// swap_places.hpp, and its mean shortened) and the rest is stopped. Where it stops short of the
// optimum after a horizon reached everyone, that horizon's plan joins the schedules' (the better is
// kept), the bound its search proved goes with qorgan's plan, and within kGoodEnough of that bound
// the close and late-first schedules are not run. Up to kFlowArcLimit arcs the plan kept, unless it
// is the optimum, is then repaired (repair_egress.hpp): its last groups move to shelters whose
// roads have room sooner, which the greedy rule gave to earlier arrivals (Malta by car, 40,000
// people from 200 origins to 5 shelters: 826 -> 802 steps, as ccrp, in about 0.5 s; there ccrp is
// not run beside: it takes 100-250 s).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <queue>
#include <tuple>

#include "evac/plan/heuristic_support.hpp"
#include "evac/plan/move_earlier.hpp"
#include "evac/plan/optimal_from.hpp"
#include "evac/plan/qorgan_schedule.hpp"
#include "evac/plan/repair_egress.hpp"
#include "evac/plan/shorten_mean.hpp"
#include "evac/plan/swap_places.hpp"

namespace qorgan::evac {

namespace {

// Below this size (origins x junctions) CCRP and lazy CCRP cost milliseconds, so they join the
// portfolio.
constexpr std::size_t kAlsoRunCcrpBelow = 200'000;
// ... and up to this many people: CCRP books a group per route and step, a search each, so one
// origin packed with people makes it the slowest member by far (Monaco, one junction, foot:
// 10^5 people 4.8 s, 10^6 people 195 s), where qorgan's own schedules already beat it.
constexpr People kAlsoRunCcrpUpTo = 200'000;
// Up to this many people x junctions CCRP costs seconds to a minute (by car, 30,000 people to 5
// shelters, under a load of about 10 on two cores: Monaco, 1,717 junctions, 5 s; Porto, 1,464,
// 10 s; Portland, 5,298, 50 s; Almaty, 7,918, 34 s), so qorgan runs it beside its schedules and
// waits for both (see with_exact). Above it CCRP can take minutes (Malta, 18,569 junctions,
// and Heidelberg-Mannheim with 5 shelters: past 120 s).
constexpr double kAlwaysCcrpBelow = 3e8;
// Above this many arcs the static max-flows of the rate model cost more than the whole plan is
// allowed to (on a 300 x 300 grid city, seconds each), so routes come from shortest paths.
constexpr std::size_t kFlowArcLimit = 150'000;
constexpr int kNearestShelters = 3;
// On networks above kFlowArcLimit arcs: a route that arrives at most this many thousandths
// later than every queued one is booked at once, and routes enter an arc only at a step with
// room for kLargeMinGroup people. Measured (grid city 500 x 500, 300,000 people): exact order
// and no minimum group gave egress 2711 in 47 s with 171,000 groups; 10% and 10 people give
// 2761 in 1.6 s with 31,000 groups (30 / 60 / 200 thousandths: 2774 / 2716 / 2767), every arc
// rounded up. With the rounding remainders carried (graph/carry_remainders.hpp) routes take a
// third of the steps, meet more often on one arc in one step, and a queued route has mostly lost
// its room when popped: 20% books those re-timed routes at once where 10% queued them again
// (the 10^6-junction grid city with 10^6 people, under load 8-9: 10% 44.1 s of processor time,
// 20% 28.4 s; egress 7,541 and 7,543).
constexpr int kLargeSlackPermille = 200;
constexpr People kLargeMinGroup = 10;
// On those networks, up to this many people a second schedule gives shelters out nearest
// origins first (grid 316 x 316 with 10,000 people: egress 442 -> 315, as `shortest`).
constexpr People kAllocateUpTo = 200'000;
// Nodes the searching schedule may settle before widening its tolerance to kWidePercent; after
// twice as many it stops searching (except when an origin has no usable route at all). Small:
// about 0.1 s on this machine (Almaty with 100,000 people: egress 110 with all 0.9 million
// nodes its searches want, 111 with 500,000); large: about 8 s (the 100 x 100 grid city with
// 100,000 people needs 21 million).
constexpr std::size_t kSmallSearchBudget = 400'000;
constexpr std::size_t kLargeSearchBudget = 40'000'000;
constexpr double kFewCritical = 0.2;
// The critical-first schedule runs a second round (with the late origins added) unless its
// egress is within this factor of the flow's horizon.
constexpr double kGoodEnough = 1.03;
// Late-origins-first runs (see late_first): origins within this percentage of the egress count
// as late, and at most this many runs. Measured (Monaco): egress 135 -> 130 -> 129.
constexpr int kLatePercent = 5;
constexpr int kLateRounds = 2;
// The close schedule (searches at every step of delay) may settle this many times the nodes
// the searching schedule settled (Monaco, Almaty, the 100 x 100 grid city with 100,000 people:
// it needed 3.4, 0.8 and 3.1 times), and runs only if the searching schedule kept within its
// budget: where it did not (the same grid city with 10^6 people), the close one ran 150 s for a
// worse plan, and late origins first is what helps (egress 1,924 -> 1,634).
constexpr std::size_t kCloseWorkFactor = 5;
// The exact planner runs inside qorgan on every network of up to kFlowArcLimit arcs, from the
// critical-first plan where it needs a start (see with_exact and schedules), and its plan, when it
// finds the optimum, is qorgan's. Two limits keep it to what it can finish, both counts rather
// than clocks, so that the plan is the same on a loaded machine as on a quiet one:
// - kExactMemory: what its time-expanded networks may take by its own estimate, checked before
//   each is built (plan_optimal_from). The first is built at its lower bound, so a network too
//   large is refused before any max-flow; its work is a number of passes over the network (each
//   global relabelling is one), so the estimate at the bound foretells the work too. Measured on
//   the corpus (the estimate at the lower bound; work to the optimum): found on
//   Heidelberg-Mannheim on foot with 5 shelters at 701 MB (0.83e9 units; 1,790 steps, where the
//   schedules' plan took 3,375), with 10,000 and 100,000 people at 277 and 280 MB (1.22e9 and
//   1.49e9; 607 steps against 2,532 in the critical-first plan), from 300 origins at 256 MB
//   (1.07e9; 652 against 1,738), by car from 300 origins at 22 MB (0.63e9; 60 against 89); not
//   found within 3e9 units on Almaty on foot with 5 shelters at 887 MB by the exact planner
//   before it started from assigned plans (optimal_planner.cpp). With them the four inputs
//   between 750 MB and 1 GB at the bound reach the optimum inside qorgan (2026-12-06 11:44-11:47
//   UTC, load 1.1-1.5, two runs each of a 750 MB and a 1 GB build): Almaty on foot with 5
//   shelters 3,283 steps in 7.0-7.5 s and 948 MB (the schedules: 4,478 in 2.4-2.5 s, 29 MB),
//   from 200 origins to 5 shelters 3,013 in 7.2-7.4 s, 758 MB (4,490); Malta on foot with 5
//   shelters 1,322 in 1.6-1.7 s, 666 MB (1,663), from 200 origins 1,329 in 8.9-9.2 s, 830 MB
//   (1,978). 1 GB is the bound on the exact planner's memory.
// - kExactWork: units of its work (arcs looked at, see plan_optimal_from) after which it stops,
//   and the schedules' plan is kept. The most a corpus run that found the optimum needed is
//   1.49e9 (above); 0.4e9-0.9e9 on Malta on foot, the 100 x 100 grid city, Almaty by car to 5
//   shelters; under 0.15e9 on the rest (the runs of 2026-12-06 10:23-10:55 UTC, on the shared
//   machine under load 6-13: 36-125 M units a second of processor time, so 2e9 is 16-55 s of a
//   core there, less on a quiet one). Where the lower bound is far below the plan the estimate
//   at the bound lets it start and it runs out of work on the larger networks above: Malta by
//   car and on foot with 100,000 people (bound 28 and 568 steps, plan 1,179 and 1,278) take
//   19 s and 941 MB, 19 s and 883 MB, where the schedules alone took 0.7 and 0.5 s, 20 and 17
//   MB; Malta by car with 5 shelters (bound 48, plan 557) 49 s against 28 s (11:49-11:54 UTC,
//   load 0.2-1.5). The exact planner now foresees its search from how many people its start
//   leaves short at the bound (kFarShare in optimal_planner.cpp) and gives up before any
//   max-flow on the first two (2.1 s and 99 MB, 2.1 s and 77 MB, against 19.5 and 19.3 s, 941
//   and 883 MB with the build before; 14:49-14:50 UTC, load 2.7-3.4); the third ran to the limit
//   (its search is foreseen within the margin) and now finds the optimum, 491 steps, at 1.44e9
//   units (optimal_planner.cpp: the step below a horizon that reached M is probed first).
// Where the rate model finds no horizon, the exact planner starts from the critical-first plan
// only below this many origins x junctions: that schedule then has no routes and searches from
// every origin, so its cost grows with origins x junctions. Shelters for 80 % of 20,000 people
// (2026-12-07, load 6-16): above it Portland by car (2.7e7; the schedule 16.2 s of the exact
// planner's thread against 1.0 s of search), Malta by car (6.8e7) and Heidelberg-Mannheim by car
// (5.1e8; 97.6 against 6.8 s); below it Monaco (2.3e6) and Porto by car (1.2e6), where the
// plan from the start, after the mean passes, has a total time as short or shorter (Porto
// 1,029,541 steps against 1,029,565 without it; Monaco 832,382 both) for a few seconds.
constexpr double kStartWithoutFlowBelow = 1e7;
constexpr std::size_t kExactMemory = 1'000'000'000;
constexpr std::uint64_t kExactWork = 2'000'000'000;

bool better(const Plan& a, const Plan& b) {
  if (a.evacuated != b.evacuated) return a.evacuated > b.evacuated;
  if (a.egress_time != b.egress_time) return a.egress_time < b.egress_time;
  return a.total_evacuation_time < b.total_evacuation_time;
}

// Marks in `late` the origins with a group that arrived within `percent` of `plan`'s egress (at
// least the last two steps); returns how many were not marked yet.
std::size_t mark_late(const Plan& plan, int percent, std::vector<char>& late) {
  const Time from = plan.egress_time - std::max<Time>(2, plan.egress_time * percent / 100);
  std::size_t added = 0;
  for (const auto& g : plan.groups)
    if (g.arrival >= from && !late[g.source]) late[g.source] = 1, ++added;
  return added;
}

// The critical-first schedule, then once more with the origins that arrived last added.
std::optional<Plan> critical_first(const Problem& problem, const std::vector<Time>& dist,
                                   const FlowRoutes& routes, TieBreak tie, RunControl& control) {
  std::vector<char> critical = routes.critical;
  critical.resize(problem.sources.size(), 0);
  std::optional<Plan> best;
  for (int round = 0; round < 2; ++round) {
    auto plan =
        run_schedule(problem, dist, routes, {.tie = tie, .critical = critical}, control, false)
            .plan;
    if (!plan) return std::nullopt;
    const std::size_t added = mark_late(*plan, 2, critical);
    const bool good = routes.horizon > 0 && plan->egress_time <= kGoodEnough * routes.horizon;
    if (!best || better(*plan, *best)) best = std::move(plan);
    if (added == 0 || good) break;
  }
  return best;
}

// Late origins first: the schedule runs again with the origins that arrived last in the best
// plan so far (within kLatePercent of its egress) scheduled first, adding those of each new
// plan, while that improves the plan (at most kLateRounds runs). Empty if no run improved on
// `seed` or `control` was cancelled.
std::optional<Plan> late_first(const Problem& problem, const std::vector<Time>& dist,
                               const FlowRoutes& routes, ScheduleOptions options, const Plan& seed,
                               RunControl& control) {
  options.critical.assign(problem.sources.size(), 0);
  std::optional<Plan> best;
  for (int round = 0; round < kLateRounds; ++round) {
    const Plan& lead = best ? *best : seed;
    if (mark_late(lead, kLatePercent, options.critical) == 0) break;
    auto plan = run_schedule(problem, dist, routes, options, control, false).plan;
    if (!plan || !better(*plan, lead)) break;
    best = std::move(plan);
  }
  return best;
}

// Runs `a` and `b`, side by side when there are two threads.
template <typename A, typename B>
auto side_by_side(int threads, A&& a, B&& b) {
  if (threads < 2) {
    auto first = a();
    return std::pair(std::move(first), b());
  }
  auto other = std::async(std::launch::async, std::forward<B>(b));
  auto first = a();
  return std::pair(std::move(first), other.get());
}

// Lazy CCRP (CCRP++) with searches only, for the small-input portfolio.
Plan lazy_ccrp(const Problem& problem, const std::vector<Time>& dist, TieBreak tie,
               RunControl& control) {
  Plan plan;
  plan.planner = "qorgan";
  std::vector<People> remaining;
  for (const auto& s : problem.sources) remaining.push_back(s.count);
  Reservations booked(problem);
  EarliestRouteSearch search(problem);
  std::vector<Time> potential;
  auto refresh_potential = [&] {
    std::vector<NodeIndex> open;
    for (std::uint32_t h = 0; h < problem.shelters.size(); ++h)
      if (booked.shelter_free(h) > 0) open.push_back(problem.shelters[h].node);
    potential = distances_to(problem.network, open);
  };
  refresh_potential();
  struct Candidate {
    Time arrival;
    People key2;
    std::uint32_t source;
    std::uint64_t serial;
    FoundRoute route;
    bool operator>(const Candidate& o) const {
      if (arrival != o.arrival) return arrival > o.arrival;
      if (key2 != o.key2) return key2 > o.key2;
      if (source != o.source) return source > o.source;
      return serial > o.serial;
    }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  std::uint64_t serial = 0;
  std::vector<std::uint32_t> fallback;
  auto search_from = [&](std::uint32_t s) {
    RouteStart st{s, problem.sources[s].earliest_departure};
    auto r = search.run(booked, std::span(&st, 1), &potential);
    if (!r || r->room <= 0) {
      fallback.push_back(s);
      return;
    }
    const People on_road = r->steps.empty() ? 0 : r->arrival - r->steps.front().enter;
    const People key2 = tie == TieBreak::kLeastOnRoad ? on_road : -r->room;
    queue.push({r->arrival, key2, s, serial++, std::move(*r)});
  };
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s)
    if (dist[problem.sources[s].node] != kUnreachable) search_from(s);
  while (!queue.empty()) {
    if (control.cancelled()) return plan;
    Candidate c = std::move(const_cast<Candidate&>(queue.top()));
    queue.pop();
    const std::uint32_t s = c.source;
    if (remaining[s] <= 0) continue;
    const People room = booked.route_room(c.route.shelter, c.route.steps);
    if (room > 0) {
      Group g;
      g.source = s;
      g.shelter = c.route.shelter;
      g.count = std::min(room, remaining[s]);
      g.route = std::move(c.route.steps);
      booked.book(g.shelter, g.route, g.count);
      remaining[s] -= g.count;
      if (booked.shelter_free(g.shelter) <= 0) refresh_potential();
      plan.groups.push_back(std::move(g));
      if (remaining[s] <= 0) continue;
    }
    search_from(s);
  }
  for (std::uint32_t s : fallback)
    detail::route_without_waiting(problem, booked, s, remaining[s], plan);
  detail::report_unroutable(problem, dist, remaining, plan);
  finish_plan(problem, plan);
  return plan;
}

class QorganPlanner final : public Planner {
 public:
  explicit QorganPlanner(int threads) : threads_(std::max(1, threads)) {}
  std::string_view name() const override { return "qorgan"; }

 protected:
  Result<Plan> run(const Problem& problem, const EgressBound& bound,
                   RunControl& control) const override {
    if (auto ok = check_problem(problem); !ok) return std::unexpected(ok.error());
    const auto dist = detail::distance_to_shelters(problem);
    const bool ccrp_affordable =
        problem.network.arc_count() <= kFlowArcLimit && problem.population() <= kAlsoRunCcrpUpTo;
    const bool ccrp_cheap = static_cast<double>(problem.population()) *
                                static_cast<double>(problem.network.node_count()) <
                            kAlwaysCcrpBelow;
    // Small: origins x junctions below kAlsoRunCcrpBelow, where the lazy CCRP schedules (and,
    // when CCRP does not run beside them, CCRP itself after them) join the portfolio.
    const bool small = problem.sources.size() * problem.network.node_count() < kAlsoRunCcrpBelow &&
                       problem.population() <= kAlsoRunCcrpUpTo;
    const bool flow = problem.network.arc_count() <= kFlowArcLimit;
    auto plan = threads_ >= 2 && flow ? with_exact(problem, bound, dist, control, small,
                                                   ccrp_affordable && ccrp_cheap)
                                      : schedules(problem, dist, control, threads_, small, small);
    // The greedy rule leaves the last groups with the busiest shelter or road; they move to
    // another where its roads have room sooner (repair_egress.hpp). Not above kFlowArcLimit arcs:
    // there a search may pass millions of junctions, and the 10^6-junction grid city's plan
    // takes most of the 30 s of processor time it may.
    // Then its mean is lowered at that egress as the exact plan's is (shorten_mean.hpp).
    if (plan && !plan->optimum && flow) {
      repair_egress(problem, *plan, &control);
      shorten_mean(problem, *plan, &control);
      if (control.cancelled()) return fail(kCancelledText);
    }
    return plan;
  }

 private:
  // The exact planner's run inside qorgan: its control and whether it found the optimum.
  struct Exact {
    const EgressBound* bound = nullptr;  // the problem's (Planner::run), not made again
    RunControl control;
    std::atomic<bool> found{false};
    // Set once its search has ended (after `found`), whatever it gave.
    std::atomic<bool> ended{false};
    // A lower bound on the egress that its search proved where it stopped short of the optimum
    // (0: none). Written by its thread, read after that thread's future is joined.
    Time proven = 0;
  };

  // qorgan's schedules with the exact planner inside (see schedules), and with `ccrp` CCRP on
  // a thread of its own beside them; the better plan is kept. Both run to the end: a plan that
  // depended on which finished first would differ between two runs of the same input. CCRP is
  // the better where the schedules' searches from every origin cost far more than its one
  // search from all of them (few shelters far apart on a small network). The greedy rule gives
  // bottlenecks to early arrivals, which costs up to a fifth of the egress on small networks
  // and more on large ones with many shelters. When the exact planner finds the optimum, the
  // schedules still running are stopped and their plans left out (a plan that ends as soon but
  // with less time in all would be kept only when it finished first). CCRP's plan counts only
  // where the exact planner does not find the optimum, so CCRP starts once its search has ended
  // without one: run beside it from the start, it was stopped at the optimum with its work thrown
  // away (Monaco by car with 10^5 people: 5.9 of 20.2 s of processor time). Where the search
  // fails, the wall time is its own plus the longer of CCRP and the schedules; on the corpus
  // every input with CCRP beside finds the optimum.
  Result<Plan> with_exact(const Problem& problem, const EgressBound& bound,
                          const std::vector<Time>& dist, RunControl& control, bool small,
                          bool ccrp) const {
    RunControl own, other;
    Exact exact;
    exact.bound = &bound;
    for (RunControl* c : {&own, &other, &exact.control}) {
      c->horizon = control.horizon;
      c->memory_budget = control.memory_budget;
    }
    exact.control.memory_budget = std::min(control.memory_budget, kExactMemory);
    auto mine = std::async(std::launch::async, [&] {
      return schedules(problem, dist, own, ccrp ? threads_ - 1 : threads_, small, small && !ccrp,
                       &exact);
    });
    std::future<Result<Plan>> theirs;
    auto start_ccrp = [&] {
      if (ccrp && !theirs.valid() && exact.ended && !exact.found && !control.cancelled())
        theirs = std::async(std::launch::async,
                            [&] { return make_ccrp_planner()->plan(problem, other); });
    };
    auto done = [](auto& f) {
      return !f.valid() || f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    };
    while (true) {
      start_ccrp();
      if (done(mine) && done(theirs)) break;
      if (done(mine))
        theirs.wait_for(std::chrono::milliseconds(10));
      else
        mine.wait_for(std::chrono::milliseconds(10));
      if (control.cancelled()) own.cancel(), other.cancel(), exact.control.cancel();
      // Nothing ends sooner than the optimum: the schedules are not waited for. The exact
      // planner's thread has its own control, so this stops only them.
      if (exact.found) own.cancel();
      control.report(theirs.valid() ? std::min(own.progress(), other.progress()) : own.progress());
    }
    if (control.cancelled()) return fail(kCancelledText);
    auto ours = mine.get();
    if (!ours) return std::unexpected(ours.error());
    Plan best = std::move(*ours);
    if (theirs.valid())
      if (auto c = theirs.get(); c && better(*c, best)) {
        best = std::move(*c);
        best.planner = "qorgan";
      }
    // What the exact planner's search proved holds for every plan of the problem.
    if (!best.optimum && exact.proven > best.lower_bound.value_or(0))
      best.lower_bound = exact.proven;
    control.report(1);
    return best;
  }

  // The exact planner, which calls `make_seed` to fill `seed` (the critical-first plan) where it
  // asks for a start (optimal_from.hpp): its plan, or `seed` where that is as good, with the
  // optimum it found (exact.found); where it stopped within its limit of work after a horizon
  // reached everyone (kExactWork), that horizon's plan, with the lower bound its search proved
  // (exact.proven) and no optimum; none where its network was too large (kExactMemory), or it
  // failed or ran out of work before any horizon reached everyone.
  static std::optional<Plan> exact_from(const Problem& problem, std::optional<Plan>& seed,
                                        const std::function<void()>& make_seed, Exact& exact) {
    std::uint64_t searched = 0;
    auto found = plan_optimal_from(
        problem,
        [&] {
          make_seed();
          return seed;
        },
        exact.control, kExactWork, exact.bound, &searched);
    if (found && found->optimum) exact.found = true;
    exact.ended = true;
    if (!found) return std::nullopt;
    const bool optimal = found->optimum.has_value();
    exact.proven = found->lower_bound.value_or(0);
    // Its flow minimises the egress only, and where the places are short it gives them to
    // whoever it brought: those at home who arrive sooner take them first. Then people move to
    // earlier arrivals where the roads allow, one group at a time, then where one takes
    // another's place (a min-cost flow's cycles), which shares the thread's budget of work with
    // the search: where the search spent little of it, the pass may spend more (shorten_mean.hpp).
    ShelterDistances distances(problem);
    swap_places(problem, *found, &exact.control, &distances);
    move_earlier(problem, *found, &exact.control, &distances);
    shorten_mean(problem, *found, &exact.control, &distances, searched);
    Plan best = !seed || better(*found, *seed) ? std::move(*found) : *seed;
    best.planner = "qorgan";
    best.lower_bound = exact.proven;
    best.optimum = optimal ? std::optional<Time>(best.egress_time) : std::nullopt;
    return best;
  }

  // qorgan's own schedules on `threads` threads; with `small`, the lazy CCRP schedules too, and
  // with `with_ccrp` CCRP after them; the best plan is kept. With `exact`, the exact planner runs
  // first, before the searching schedule on one thread, beside the routes and it on two, and
  // the critical-first schedule runs for it where it asks for a start (exact_from): when it
  // finds the optimum, that is the plan, and the schedules are left out (with_exact stops the
  // one still running).
  Result<Plan> schedules(const Problem& problem, const std::vector<Time>& dist, RunControl& control,
                         int threads, bool small, bool with_ccrp, Exact* exact = nullptr) const {
    // Progress: routes are the first tenth, then the first two schedules, then the last two.
    // Made once, by whichever needs them first: with `exact`, the exact planner's start may.
    FlowRoutes routes;
    std::size_t budget = 0;
    TieBreak tie = TieBreak::kLeastOnRoad;
    std::once_flag routed;
    auto route = [&] {
      control.set_range(0, 0.1);
      if (problem.network.arc_count() <= kFlowArcLimit) {
        routes = routes_from_static_flow(problem, dist, control);
      } else {
        add_nearest_shelter_routes(problem, dist, kNearestShelters,
                                   64 * problem.network.node_count() + 1'000'000, routes);
      }
      People critical = 0;
      for (std::size_t s = 0; s < routes.critical.size(); ++s)
        if (routes.critical[s]) critical += problem.sources[s].count;
      const bool few_critical =
          critical > 0 &&
          static_cast<double>(critical) <= kFewCritical * static_cast<double>(problem.population());
      budget = few_critical ? kSmallSearchBudget : kLargeSearchBudget;
      // Most room first finds slightly better plans when searches decide (Monaco 135 against
      // 138 steps), least time on the road first is cheaper when they are cut short.
      tie = few_critical ? TieBreak::kLeastOnRoad : TieBreak::kMostRoom;
      control.report(1);
      control.set_range(0.1, 0.6);
    };
    std::optional<Plan> a, b;
    std::optional<Plan> from_exact;  // where the exact planner stopped short of the optimum
    if (!exact || problem.network.arc_count() > kFlowArcLimit) {
      std::call_once(routed, route);
      if (control.cancelled()) return fail(kCancelledText);
    }
    if (problem.network.arc_count() > kFlowArcLimit) {
      // A network too large for the flow: the nearest shelters' routes, no searches (each would
      // cost a good part of the network). With few people, side by side, the same schedule with
      // shelters given out nearest origins first; with many, one schedule: the memory of two
      // would not fit.
      const ScheduleOptions large{.slack_permille = kLargeSlackPermille,
                                  .min_group = kLargeMinGroup};
      auto nearest = [&] { return run_schedule(problem, dist, routes, large, control, true).plan; };
      if (routes.toward.empty() || problem.population() > kAllocateUpTo) {
        a = nearest();
      } else {
        std::tie(a, b) = side_by_side(threads, nearest, [&] {
          // Shelters given out as `shortest` does: where few people share a large network, who
          // gets the near shelters decides the egress, not the roads, and the greedy rule alone
          // hands them to whoever arrives first.
          ScheduleOptions allocated = large;
          allocated.allocation.resize(problem.sources.size());
          std::vector<People> room;
          for (const auto& h : problem.shelters) room.push_back(h.capacity);
          for (std::uint32_t s : detail::nearest_origins_first(problem, dist))
            allocated.allocation[s] =
                detail::take_shelter_room(problem.sources[s].count, routes.shelter_order[s], room);
          return run_schedule(problem, dist, routes, std::move(allocated), control, false).plan;
        });
        if (a && b && better(*b, *a)) a = std::move(b);
      }
      if (!a || control.cancelled()) return fail(kCancelledText);
      control.report(1);
      return std::move(*a);
    }
    std::size_t searched = 0;  // nodes settled by the searching schedule
    auto searching = [&] {
      auto schedule =
          run_schedule(problem, dist, routes, {.tie = tie, .search = true, .search_budget = budget},
                       control, true);
      searched = schedule.settled;
      return std::move(schedule.plan);
    };
    auto first_critical = [&] {
      return critical_first(problem, dist, routes, TieBreak::kLeastOnRoad, control);
    };
    if (exact) {
      // The exact planner's start is the critical-first plan, made only where it asks for one:
      // where its assigned plans bound its search it does without, as the exact planner alone
      // does, and does not wait for the routes and that schedule. Nor where the rate model found
      // no horizon (shelters too small for everyone: a full shelter's rate counts from its
      // earliest arrival, so the farther origins never fit) on inputs of kStartWithoutFlowBelow
      // origins x junctions or more: without the flow's routes that schedule searches from every
      // origin and costs more than the exact search; swap_places then gives the places to the
      // nearest, as the schedule did (evac/README.md, "shelters for 80 %").
      // With two threads the routes and the searching schedule run beside it; where it finds the
      // optimum, with_exact stops the search, and where it does not, the search's plan is ready
      // or nearly so.
      const bool cheap_start = static_cast<double>(problem.sources.size()) *
                                   static_cast<double>(problem.network.node_count()) <
                               kStartWithoutFlowBelow;
      auto exact_side = [&] {
        return exact_from(
            problem, b,
            [&] {
              std::call_once(routed, route);
              if ((routes.horizon > 0 || cheap_start) && !control.cancelled()) b = first_critical();
            },
            *exact);
      };
      if (threads >= 2) {
        std::tie(from_exact, a) = side_by_side(threads, exact_side, [&]() -> std::optional<Plan> {
          std::call_once(routed, route);
          if (control.cancelled()) return std::nullopt;
          return searching();
        });
      } else {
        from_exact = exact_side();
      }
      if (from_exact && from_exact->optimum) {
        control.report(1);
        return std::move(*from_exact);
      }
      if (control.cancelled()) return fail(kCancelledText);
      std::call_once(routed, route);
      if (!b && !control.cancelled()) b = first_critical();
      if (threads < 2 && !control.cancelled()) a = searching();
    } else {
      std::tie(a, b) = side_by_side(threads, searching, first_critical);
    }
    if (!a || !b || control.cancelled()) return fail(kCancelledText);
    // When the critical-first plan wins within kGoodEnough of the flow's horizon, the bottleneck
    // the flow found decides the egress and more searching does not pay (Almaty, 500,000
    // people: 499 steps either way, 9 s more). Otherwise: searches at every step of delay, and
    // late origins first.
    const bool bottleneck_decides =
        better(*b, *a) && routes.horizon > 0 && b->egress_time <= kGoodEnough * routes.horizon;
    Plan best = std::move(better(*b, *a) ? *b : *a);
    if (from_exact && better(*from_exact, best)) best = std::move(*from_exact);
    // Within kGoodEnough of the lower bound that the exact planner's search proved, the rest
    // of the schedules could gain little more than that: they are not run.
    const bool near_proven =
        exact && exact->proven > 0 &&
        static_cast<double>(best.egress_time) <= kGoodEnough * static_cast<double>(exact->proven);
    if (!bottleneck_decides && !near_proven) {
      control.set_range(0.6, 1);
      const bool close_affordable = searched < budget;
      auto [close, late] = side_by_side(
          threads,
          [&]() -> std::optional<Plan> {
            if (!close_affordable) return std::nullopt;
            return run_schedule(problem, dist, routes,
                                {.tie = tie,
                                 .search = true,
                                 .search_budget = kCloseWorkFactor * searched,
                                 .reuse_percent = 0,
                                 .reuse_steps = 1},
                                control, true)
                .plan;
          },
          [&] {
            return late_first(problem, dist, routes,
                              {.tie = tie, .search = true, .search_budget = budget}, best, control);
          });
      if (control.cancelled()) return fail(kCancelledText);
      for (auto* p : {&close, &late})
        if (*p && better(**p, best)) best = std::move(**p);
    }
    if (small) {
      for (TieBreak tie : {TieBreak::kLeastOnRoad, TieBreak::kMostRoom}) {
        Plan lazy = lazy_ccrp(problem, dist, tie, control);
        if (control.cancelled()) return fail(kCancelledText);
        if (better(lazy, best)) best = std::move(lazy);
      }
    }
    if (with_ccrp) {
      if (auto c = make_ccrp_planner()->plan(problem, control); c && better(*c, best)) {
        best = std::move(*c);
        best.planner = "qorgan";
      }
      if (control.cancelled()) return fail(kCancelledText);
    }
    control.report(1);
    return best;
  }

  int threads_;
};

}  // namespace

std::unique_ptr<Planner> make_qorgan_planner(int threads) {
  return std::make_unique<QorganPlanner>(threads);
}

}  // namespace qorgan::evac
