// Every planner on small networks whose answers are worked out by hand in the comments.

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "evac/graph/grid_city.hpp"

#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac {
namespace {

using testing::parse_problem;

Plan run(const std::string& planner, const Problem& p) {
  auto pl = make_planner(planner);
  EXPECT_TRUE(pl);
  auto plan = (*pl)->plan(p);
  EXPECT_TRUE(plan) << plan.error().message;
  const auto report = validate(p, *plan);
  EXPECT_TRUE(report.valid()) << planner << ": "
                              << (report.violations.empty() ? "" : report.violations[0]);
  return *plan;
}

// A chain 0 -> 1 -> 2, two people per step on each arc, one step each; 6 people at 0.
// Two leave at steps 0, 1, 2 and arrive at 2, 3, 4: egress 4, mean (2*2+2*3+2*4)/6 = 3.
const char* kChain = R"(nodes 3
arc 0 1 2 1
arc 1 2 2 1
source 0 6
sink 2 10
)";

TEST(Planners, ChainEveryPlannerFindsTheOptimum) {
  const Problem p = parse_problem(kChain);
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 4) << name;
    EXPECT_DOUBLE_EQ(plan.mean_evacuation_time, 3.0) << name;
    EXPECT_EQ(plan.evacuated, 6) << name;
    EXPECT_TRUE(plan.unroutable.empty()) << name;
  }
}

// 10 people at 0, shelter at 1. A narrow fast road 0 -> 1 (1 person per step, 1 step) and a
// wide slow detour 0 -> 2 -> 1 (5 per step, 2 + 2 steps).
// By T the fast road delivers T people (leaving at 0..T-1) and the detour 5(T-3) (leaving at
// 0..T-4): T=4 gives 4+5=9 < 10, T=5 gives 5+10 >= 10, so the optimum is 5.
// "Everyone takes the shortest road" queues all 10 on the narrow road: last leaves at 9,
// arrives at 10. CCRP books arrivals 1, 2, 3 on the narrow road, then at 4 both roads (1+5),
// then the last person at 5: also 5.
const char* kTwoRoads = R"(nodes 3
arc 0 1 1 1
arc 0 2 5 2
arc 2 1 5 2
source 0 10
sink 1 100
)";

TEST(Planners, TwoRoadsOptimumBeatsShortestPath) {
  const Problem p = parse_problem(kTwoRoads);
  EXPECT_EQ(run("optimal", p).egress_time, 5);
  EXPECT_EQ(run("ccrp", p).egress_time, 5);
  EXPECT_EQ(run("qorgan", p).egress_time, 5);
  EXPECT_EQ(run("shortest", p).egress_time, 10);
}

// Two villages a (0) and b (1), 4 people each, join at m (2) and cross a bridge m -> s (3)
// that takes 2 per step. Everyone reaches m at step 1 at the earliest, so the bridge is entered
// at steps 1, 2, 3, 4 by two people each: arrivals 2, 3, 4, 5, egress 5, mean 3.5.
// With holding=0 at m nobody may wait there, which the planners handle by leaving home later;
// the optimum is the same.
std::string bridge(const std::string& m_attrs) {
  return "node 0\nnode 1\nnode 2 " + m_attrs +
         "\nnode 3\narc 0 2 4 1\narc 1 2 4 1\narc 2 3 2 1\nsource 0 4\nsource 1 4\nsink 3 8\n";
}

TEST(Planners, SharedBridge) {
  for (const std::string attrs : {"", "holding=0"}) {
    const Problem p = parse_problem(bridge(attrs));
    for (const auto& name : planner_names()) {
      const Plan plan = run(name, p);
      EXPECT_EQ(plan.egress_time, 5) << name << " " << attrs;
      EXPECT_DOUBLE_EQ(plan.mean_evacuation_time, 3.5) << name << " " << attrs;
    }
  }
}

// Shelter for 6 of 10 people: 4 are reported, with the reason, by every planner; people on an
// island (node 3, no road out) are reported as unreachable.
TEST(Planners, ShortfallAndUnreachableAreReportedNotDropped) {
  const Problem p = parse_problem(R"(nodes 4
arc 0 1 3 1
arc 1 2 3 1
source 0 10
source 3 7
sink 2 6
)");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.evacuated, 6) << name;
    ASSERT_EQ(plan.unroutable.size(), 2u) << name;
    for (const auto& u : plan.unroutable) {
      if (u.source == 0) {
        EXPECT_EQ(u.count, 4) << name;
        EXPECT_EQ(u.reason, kSheltersFull) << name;
      } else {
        EXPECT_EQ(u.count, 7) << name;
        EXPECT_EQ(u.reason, kNoShelterReachable) << name;
      }
    }
    // 6 people at 3 per step: leave at 0 and 1, arrive at 2 and 3.
    EXPECT_EQ(plan.egress_time, 3) << name;
  }
}

// The optimum spreads people over two shelters when one is close but small.
// 0 -> 1 (shelter for 2, 1 step), 0 -> 2 (shelter for 10, 3 steps), 3 per step on both.
// 5 people: 2 go to the near shelter at step 0 (arrive 1), 3 to the far one at step 0
// (arrive 3): egress 3.
TEST(Planners, SmallNearShelterAndLargeFarOne) {
  const Problem p = parse_problem(R"(nodes 3
arc 0 1 3 1
arc 0 2 3 3
source 0 5
sink 1 2 near
sink 2 10 far
)");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 3) << name;
    EXPECT_DOUBLE_EQ(plan.total_evacuation_time, 2 * 1 + 3 * 3) << name;
  }
}

TEST(Planners, EmptyNetworkIsAnError) {
  const Problem p = parse_problem("");
  for (const auto& name : planner_names()) {
    auto pl = make_planner(name);
    auto plan = (*pl)->plan(p);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message, "the network is empty (no nodes)");
  }
  EXPECT_FALSE(make_planner("fastest"));
}

TEST(Planners, NoSheltersMeansEveryoneIsReported) {
  const Problem p = parse_problem("nodes 2\narc 0 1 1 1\nsource 0 3\n");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    ASSERT_EQ(plan.unroutable.size(), 1u) << name;
    EXPECT_EQ(plan.unroutable[0].count, 3);
  }
}

TEST(Planners, EarliestDepartureIsRespected) {
  // Same chain, but nobody may leave before step 3: egress 4 + 3 = 7.
  const Problem p =
      parse_problem("nodes 3\narc 0 1 2 1\narc 1 2 2 1\nsource 0 6 earliest=3\nsink 2 10\n");
  for (const auto& name : planner_names()) EXPECT_EQ(run(name, p).egress_time, 7) << name;
}

TEST(Planners, OriginAtShelterArrivesAtOnce) {
  const Problem p = parse_problem("nodes 2\narc 0 1 1 1\nsource 1 5\nsink 1 5\n");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 0) << name;
    EXPECT_EQ(plan.evacuated, 5) << name;
  }
}

// A run reports its progress up to 1 when it finishes, and a cancelled run returns no plan.
TEST(Planners, ProgressReachesOneAndCancelStopsTheRun) {
  const Problem p = parse_problem(kChain);
  for (const auto& name : planner_names()) {
    auto planner = *make_planner(name);
    RunControl done;
    ASSERT_TRUE(planner->plan(p, done)) << name;
    EXPECT_DOUBLE_EQ(done.progress(), 1.0) << name;
    RunControl stopped;
    stopped.cancel();
    auto plan = planner->plan(p, stopped);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message, kCancelled) << name;
  }
}

// Shelters that cannot take everyone: the far origin (101 steps) need not be moved at all, so a
// bound of 101 (the farthest origin) was above the optimum of 2.
TEST(Planners, LowerBoundNeverAboveTheOptimum) {
  const Problem p = parse_problem(
      "nodes 4\nedge 0 1 50 1\nedge 1 2 50 1\nedge 3 2 50 101\nsource 0 50\nsource 3 50\n"
      "sink 2 50\n");
  EXPECT_EQ(egress_lower_bound(p), 2);
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 2) << name;
    ASSERT_TRUE(plan.lower_bound) << name;
    EXPECT_LE(*plan.lower_bound, 2) << name;
  }
  // With room for everyone the farthest origin decides: 102 steps.
  const Problem room = parse_problem(
      "nodes 4\nedge 0 1 50 1\nedge 1 2 50 1\nedge 3 2 50 101\nsource 0 50\nsource 3 50\n"
      "sink 2 100\n");
  EXPECT_EQ(egress_lower_bound(room), 101);
  EXPECT_EQ(run("optimal", room).egress_time, 101);
  // The cut: 90 people over arcs taking 4 per step into the shelter need 23 steps.
  const Problem cut =
      parse_problem("nodes 3\nedge 0 1 4 1\nedge 1 2 100 1\nsource 1 90\nsink 0 90\n");
  const EgressBound b = egress_bound(cut);
  EXPECT_EQ(b.evacuable, 90);
  EXPECT_EQ(b.per_step, 4);
  EXPECT_EQ(b.by_cut, 23);
  EXPECT_EQ(run("optimal", cut).egress_time, 23);
}

// A near shelter with room for 10 of 100 people: the other 90 walk 50 steps to the far one.
// Neither the nearest shelter's distance (1) nor the cut (wide roads) says so; the assignment
// of people to shelters with room does, and every planner's plan shows it as its bound.
TEST(Planners, LowerBoundLetsTheNearShelterFillUp) {
  const Problem p = parse_problem(
      "nodes 3\nedge 0 1 100 1\nedge 0 2 100 50\nsource 0 100\nsink 1 10\nsink 2 100\n");
  const EgressBound b = egress_bound(p);
  EXPECT_EQ(b.by_distance, 1);
  EXPECT_EQ(b.by_cut, 0);
  EXPECT_EQ(b.by_assignment, 50);
  EXPECT_EQ(b.steps, 50);
  EXPECT_EQ(run("optimal", p).egress_time, 50);
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 50) << name;
    if (!plan.optimum) {
      ASSERT_TRUE(plan.lower_bound) << name;
      EXPECT_EQ(*plan.lower_bound, 50) << name;
    }
  }
}

// 10^7 people over arcs taking one per step would need 10^7 steps: every planner says so at
// once instead of running for minutes.
TEST(Planners, HorizonGuardStopsAtOnceWithTheBound) {
  const Problem p =
      parse_problem("nodes 3\nedge 0 1 1 1\nedge 1 2 1 1\nsource 0 10000000\nsink 2 10000000\n");
  for (const auto& name : planner_names()) {
    auto plan = (*make_planner(name))->plan(p);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message,
              "the egress would take at least 10000000 steps (1666667 min), beyond the horizon of "
              "1000000 steps: 10000000 people can reach a shelter, and at most 1 per step cross "
              "the narrowest cut between the origins and the shelters; check the people and "
              "capacities, or raise the horizon")
        << name;
  }
  // The horizon is the caller's: 12 steps are needed here (10 people, 1 per step, 2 arcs).
  const Problem small =
      parse_problem("nodes 3\nedge 0 1 1 1\nedge 1 2 1 1\nsource 0 10\nsink 2 10\n");
  for (const auto& name : planner_names()) {
    RunControl tight;
    tight.horizon = 9;
    auto refused = (*make_planner(name))->plan(small, tight);
    ASSERT_FALSE(refused) << name;
    EXPECT_NE(refused.error().message.find("at least 10 steps"), std::string::npos)
        << refused.error().message;
    RunControl enough;
    enough.horizon = 11;
    auto made = (*make_planner(name))->plan(small, enough);
    ASSERT_TRUE(made) << name << ": " << made.error().message;
    EXPECT_EQ(made->egress_time, 11) << name;
  }
}

// Capacities and people at the limits (10^9) on three nodes: a plan in two steps, at once (10^16
// once took 49 s and 4 GB; it is now refused when read).
TEST(Planners, LargestCountsPlanAtOnce) {
  const Problem p = parse_problem(
      "nodes 3\nedge 0 1 1000000000 1\nedge 1 2 1000000000 1\nsource 0 1000000000\n"
      "sink 2 1000000000\n");
  for (const auto& name : planner_names()) {
    const Plan plan = run(name, p);
    EXPECT_EQ(plan.egress_time, 2) << name;
    EXPECT_EQ(plan.evacuated, 1'000'000'000) << name;
  }
}

// Problems built in code (or over HTTP) past the limits are refused by every planner: two
// sources of 2^62 once made ccrp report "of -9223372036854775808".
TEST(Planners, ProblemsPastTheLimitsAreRefused) {
  Problem p = parse_problem("nodes 3\nedge 0 1 5 1\nedge 1 2 5 1\nsource 0 1\nsink 2 10\n");
  p.sources = {{0, People{1} << 62, 0, ""}, {1, People{1} << 62, 0, ""}};
  for (const auto& name : planner_names()) {
    auto plan = (*make_planner(name))->plan(p);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message, "source 0 has 4611686018427387904 people, more than 1000000000")
        << name;
  }
  p.sources = {{0, 600'000'000, 0, ""}, {1, 600'000'000, 0, ""}};
  EXPECT_EQ(check_problem(p).error().message,
            "the sources hold more than 1000000000 people (from source 1 on)");
  p.sources = {{0, 5, 0, ""}};
  p.network.capacity[0] = 10'000'000'000;
  EXPECT_EQ(check_problem(p).error().message,
            "arc 0 takes 10000000000 people per step, more than 1000000000");
}

// Memory budgets: optimal refuses a time-expanded network past its budget before building it,
// and any planner a plan whose groups alone would not fit.
TEST(Planners, MemoryBudgetsRefuseBeforeAllocating) {
  // Two detours that lead back to where they start make the time-expanded network larger than
  // the plan (neither shortens the evacuation).
  const Problem p = parse_problem(
      "nodes 5\nedge 0 1 1 1\nedge 1 2 1 1\nedge 1 3 1 1\nedge 3 1 1 1\nedge 1 4 1 1\n"
      "edge 4 1 1 1\nsource 0 100000\nsink 2 100000\n");
  RunControl small;
  small.memory_budget = 15'000'000;  // the plan's 200,000 steps fit, the 1,300,000 arcs do not
  auto optimal = make_optimal_planner()->plan(p, small);
  ASSERT_FALSE(optimal);
  EXPECT_EQ(optimal.error().message.find("optimal: the time-expanded network for a horizon of "
                                         "100000 steps has"),
            0u)
      << optimal.error().message;
  EXPECT_NE(optimal.error().message.find("GB this run may take; use the qorgan planner"),
            std::string::npos);
  for (const auto& name : planner_names()) {
    RunControl tiny;
    tiny.memory_budget = 64 * 100'000;  // 100,000 route steps; the plan needs at least 200,000
    auto plan = (*make_planner(name))->plan(p, tiny);
    ASSERT_FALSE(plan) << name;
    EXPECT_EQ(plan.error().message,
              "the plan would hold at least 200000 route steps (every origin's people leave in "
              "groups no larger than its widest road takes in one step), about 0.0 GB, more "
              "than the 0.0 GB a run may take; check the people and capacities")
        << name;
  }
}

// A planner run as one phase of another (optimal runs qorgan first) reports inside the phase
// it was given: qorgan's own last phase once reported 1.0 while optimal had just begun.
TEST(Planners, NestedProgressStaysInsideItsPhase) {
  RunControl c;
  c.set_range(0, 0.1);
  const auto outer = c.nest();
  c.set_range(0.6, 1);
  c.report(1);
  EXPECT_DOUBLE_EQ(c.progress(), 0.1);
  c.unnest(outer);
  c.report(1);
  EXPECT_DOUBLE_EQ(c.progress(), 0.1);
  c.set_range(0.1, 1);
  c.report(0.5);
  EXPECT_DOUBLE_EQ(c.progress(), 0.55);
}

double thread_cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A cancel reaches optimal inside a max-flow solve, not only between two of them: watched from
// another thread, the run stops soon after the cancel, whatever it was doing. "Soon" is counted
// in the solving thread's own CPU time, which a loaded machine does not stretch as it does the
// wall clock.
TEST(Planners, OptimalStopsSoonAfterACancelInsideASolve) {
  const Problem p = grid_city(100, 20'000, 16, 7);
  auto planner = make_optimal_planner();
  RunControl control;
  std::optional<Result<Plan>> result;
  std::atomic<bool> done{false};
  double cpu_at_end = 0;
  std::thread t([&] {
    result = planner->plan(p, control);
    cpu_at_end = thread_cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    done = true;
  });
  clockid_t solver_clock{};
  ASSERT_EQ(pthread_getcpuclockid(t.native_handle(), &solver_clock), 0);
  // Past the heuristic upper bound: the search's max-flows have begun.
  const auto start = std::chrono::steady_clock::now();
  while (control.progress() < 0.1 && !done &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const double before = control.progress();
  const double cpu_at_cancel = thread_cpu_seconds(solver_clock);
  control.cancel();
  const auto cancelled_at = std::chrono::steady_clock::now();
  t.join();
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelled_at).count();
  ASSERT_TRUE(result);
  ASSERT_FALSE(*result) << "finished before the cancel";
  EXPECT_EQ(result->error().message, kCancelled);
  EXPECT_LT(before, 0.95);
  const double worked = cpu_at_end - cpu_at_cancel;
  EXPECT_LT(worked, 0.5) << "worked " << worked << " s of CPU after the cancel";
  std::printf("cancelled at progress %.3f after %.3f s; stopped %.3f s later (%.3f s of CPU)\n",
              before, std::chrono::duration<double>(cancelled_at - start).count(), waited, worked);
}

}  // namespace
}  // namespace qorgan::evac
