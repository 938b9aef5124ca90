#pragma once
// Pieces shared by the heuristic planners (ccrp, qorgan, shortest).

#include <algorithm>
#include <span>
#include <vector>

#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/earliest_route.hpp"
#include "evac/plan/planner.hpp"

namespace qorgan::evac::detail {

// Static travel time from each node to the nearest shelter (any capacity): tells apart people
// who cannot reach any shelter from people who only lack shelter room.
std::vector<Time> distance_to_shelters(const Problem& problem);

// Routes the remaining people of `source` along a static shortest path to the nearest shelter
// that still has room, leaving at the first step at which every arc has room and without
// waiting on the way; until the origin is empty. Used when the label-setting search misses a
// route because bounded holding forbids waiting. Returns false if no shelter with room can be
// reached at all. `Bookings` is Reservations or Timeline.
template <typename Bookings>
bool route_without_waiting(const Problem& problem, Bookings& booked, std::uint32_t source,
                           People& remaining, Plan& plan) {
  const Network& net = problem.network;
  const Source& src = problem.sources[source];
  std::pair<NodeIndex, Time> root{src.node, 0};
  const auto tree = forward_tree(net, std::span(&root, 1));
  while (remaining > 0) {
    std::uint32_t best = 0;
    Time best_dist = kUnreachable;
    for (std::uint32_t h = 0; h < problem.shelters.size(); ++h) {
      const Time d = tree.dist[problem.shelters[h].node];
      if (booked.shelter_free(h) > 0 && d < best_dist) {
        best_dist = d;
        best = h;
      }
    }
    if (best_dist == kUnreachable) return false;
    const auto path = path_to(net, tree, problem.shelters[best].node);
    Group g;
    g.source = source;
    g.shelter = best;
    People room = 0;
    for (Time d = src.earliest_departure; room <= 0; ++d) {
      g.route = timed_steps(net, path, d);
      room = booked.route_room(best, g.route);
    }
    g.count = std::min(remaining, room);
    booked.book(best, g.route, g.count);
    remaining -= g.count;
    plan.groups.push_back(std::move(g));
  }
  return true;
}

// Shelters given out nearest origins first (the order of sources by `dist`, the static travel
// time to the nearest shelter), each origin taking the nearest shelters that still have room:
// shortest's allocation, and qorgan's with few people on a large network.
std::vector<std::uint32_t> nearest_origins_first(const Problem& problem,
                                                 const std::vector<Time>& dist);
// Gives `people` of one origin the shelters of `nearest_first` in turn while they have `room`
// (taken from it): (shelter, people) pairs.
std::vector<std::pair<std::uint32_t, People>> take_shelter_room(
    People people, std::span<const std::uint32_t> nearest_first, std::vector<People>& room);

// Puts the people still remaining at each source into plan.unroutable with the right reason.
void report_unroutable(const Problem& problem, const std::vector<Time>& dist_to_shelter,
                       const std::vector<People>& remaining, Plan& plan);

}  // namespace qorgan::evac::detail
