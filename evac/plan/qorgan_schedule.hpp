#pragma once
// One schedule of the qorgan planner (qorgan_planner.cpp runs several and keeps the best).
//
// CCRP's rule (always book the group that arrives earliest) over each origin's candidate routes,
// computed lazily as in CCRP++: every origin keeps its best route (its routes re-timed for the
// current bookings: each arc entered at the first step with room, waiting where the model
// allows) in a priority queue keyed by arrival. Bookings only take capacity away, so a popped
// route that still has room is booked as it is; otherwise its origin is re-timed. Re-timing is
// kept cheap:
// - its last best route is re-timed only from the first step that lost its room (the steps
//   before stay as they were; Timeline::retime_after), and the room check walks a route from
//   the shelter end, where congestion is;
// - each route keeps its last arrival, a lower bound, so that a route that cannot beat the best
//   one so far is skipped or its re-timing cut short (same choice as timing them all);
// - runs of full steps are skipped 64 at a time, and the run of full steps at the start of a
//   busy arc's bookings in one jump.
// Options add searches (an A* search, static distance to the nearest open shelter, when an
// origin's best route falls too far behind its lower bound: lazy CCRP with re-use), an order
// (critical origins first), the shortcuts of large networks and a shelter allocation. An origin
// whose routes all end at full shelters (or need a wait a bounded junction cannot hold) gets a
// search in any case; if that finds nothing (bounded holding can hide routes from it), its
// people take the static shortest path without waiting on the way.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "evac/plan/flow_routes.hpp"
#include "evac/plan/planner.hpp"

namespace qorgan::evac {

// The searching schedule searches again when its best route arrives more than this percentage
// later than the origin's lower bound, and only from arrivals at step kReuseFrom on (before
// that, at every delay). Measured (Almaty, 500,000 people): 0% / 10% / 40% gave egress 500 /
// 500 / 502 with 126,000 / 38,000 / 27,000 searches.
constexpr int kReusePercent = 10;
constexpr Time kReuseFrom = 20;

enum class TieBreak {
  // Least time on the road first: takes the least capacity from others (an origin at a
  // shelter takes none), much as CCRP's label-setting search does implicitly.
  kLeastOnRoad,
  // Most room first: moves the biggest groups while their route is open.
  kMostRoom,
};

struct ScheduleOptions {
  TieBreak tie = TieBreak::kLeastOnRoad;
  bool search = false;  // search when the best route is too late (see above)
  // Nodes the searches may settle before the tolerance widens to 40%; after twice as many they
  // stop (except for an origin without any usable route).
  std::size_t search_budget = 0;
  // How much later than its lower bound an origin's best route may arrive without a search:
  // this percentage of the bound (from step kReuseFrom on), else this many steps.
  int reuse_percent = kReusePercent;
  Time reuse_steps = 0;
  std::vector<char> critical;  // if not empty: these origins are scheduled first
  // A route that arrives no later than this many thousandths after every queued one is booked
  // without going through the queue (0: CCRP's rule exactly, ties aside).
  int slack_permille = 0;
  // Routes are timed to enter each arc only where it has room for this many people (or the
  // origin's remaining people, or the arc's capacity, if fewer): see Timeline::retime.
  People min_group = 1;
  // If not empty: per source, the shelters it is sent to and how many people each takes
  // (detail::take_shelter_room); its routes are then the static shortest paths to those.
  // Contract: routes.toward is filled.
  std::vector<std::vector<std::pair<std::uint32_t, People>>> allocation;
};

struct Schedule {
  std::optional<Plan> plan;  // none when `control` was cancelled
  std::size_t settled = 0;   // nodes settled by the schedule's searches (its search work)
};

// `dist`: static travel time from each node to the nearest shelter (kUnreachable: none).
// Reports progress through `control` if `report`.
Schedule run_schedule(const Problem& problem, const std::vector<Time>& dist,
                      const FlowRoutes& routes, ScheduleOptions options, RunControl& control,
                      bool report);

}  // namespace qorgan::evac
