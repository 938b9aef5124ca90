#pragma once
// Time-dependent earliest-arrival route search over the current reservations: the core step
// of CCRP. From the given origins (each at its own start time, free to wait at home), find the
// route with the earliest arrival at any shelter that still has room, entering each arc at the
// first step with free capacity and waiting at a junction only while its holding capacity lasts.
//
// Like CCRP, it keeps one label (the earliest arrival) per node. With unbounded holding this is
// exact; with bounded holding it is CCRP's heuristic and may miss a route that needs a later
// arrival at some node, so callers fall back to `no_wait_route` when it finds nothing.

#include <optional>
#include <span>
#include <vector>

#include "evac/plan/reservations.hpp"

namespace qorgan::evac {

struct RouteStart {
  std::uint32_t source;
  Time time;
};

struct FoundRoute {
  std::uint32_t source = 0;
  std::uint32_t shelter = 0;
  std::vector<Step> steps;
  Time arrival = 0;
  People room = 0;  // how many could follow it now (not limited by the source's remaining count)
};

class EarliestRouteSearch {
 public:
  explicit EarliestRouteSearch(const Problem& problem);
  // `potential`, if given, is A*'s estimate: a lower bound on the travel time from each node to
  // a shelter that still has room (kUnreachable: none can be reached, so the node is skipped).
  // Static shortest distances to the open shelters are such a bound, and a consistent one, so
  // the first shelter settled is still the earliest; the search just looks at fewer nodes.
  std::optional<FoundRoute> run(const Reservations& booked, std::span<const RouteStart> starts,
                                const std::vector<Time>* potential = nullptr);

 private:
  const Problem* problem_;
  std::vector<std::vector<std::uint32_t>> shelters_at_;  // per node
  std::vector<Time> arrival_;
  std::vector<ArcIndex> pred_arc_;
  std::vector<Time> pred_enter_;
  std::vector<std::uint32_t> start_source_;  // source index if the label is an origin start
  std::vector<char> settled_;
  std::vector<NodeIndex> touched_;
};

// A fixed path followed without waiting between arcs: the earliest departure >= `from` at which
// every arc has room, and that room. Always exists because bookings are finite.
struct NoWaitSlot {
  Time departure;
  People room;
};
NoWaitSlot no_wait_slot(const Network& net, const Reservations& booked,
                        const std::vector<ArcIndex>& path, Time from);
// Re-times the arcs of `route` for the current bookings: each arc entered at the first step with
// room after reaching its tail, waiting for free at the origin and at unbounded junctions. Empty
// when a bounded junction on the way cannot hold the wait.
std::optional<std::vector<Step>> retime(const Network& net, const Reservations& booked,
                                        const std::vector<Step>& route, Time start);

std::vector<Step> timed_steps(const Network& net, const std::vector<ArcIndex>& path,
                              Time departure);

}  // namespace qorgan::evac
