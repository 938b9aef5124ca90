#pragma once
// Time-dependent capacity bookkeeping shared by the heuristic planners: how many people have
// been booked into each arc per time step, waiting at each bounded node per step, and into
// each shelter. Storage per arc grows only as far as bookings reach, so unused arcs cost nothing.

#include <vector>

#include "evac/graph/network.hpp"
#include "evac/plan/plan.hpp"

namespace qorgan::evac {

class Reservations {
 public:
  explicit Reservations(const Problem& problem);

  People arc_free(ArcIndex a, Time t) const {
    const auto& u = arc_used_[a];
    const People used = static_cast<std::size_t>(t) < u.size() ? u[t] : 0;
    return net_->capacity[a] - used;
  }
  // kUnlimited for nodes without a holding bound.
  People hold_free(NodeIndex v, Time t) const {
    if (net_->holding[v] == kUnlimited) return kUnlimited;
    const auto& u = hold_used_[v];
    const People used = static_cast<std::size_t>(t) < u.size() ? u[t] : 0;
    return net_->holding[v] - used;
  }
  People shelter_free(std::uint32_t s) const { return shelter_left_[s]; }

  // The first step >= t at which arc `a` has room. Amortised near O(1): full steps are linked
  // to the next step in a union-find forest with path compression (steps only ever fill up).
  Time next_free(ArcIndex a, Time t) const;

  // The most people that could still follow `route` from `source` to `shelter` at the given
  // times (waiting at the origin is free). 0 when any step is full.
  People route_room(std::uint32_t shelter, const std::vector<Step>& route) const;
  // Books `count` people on the route. Contract: count <= route_room(...).
  void book(std::uint32_t shelter, const std::vector<Step>& route, People count);

 private:
  const Network* net_;
  std::vector<std::vector<People>> arc_used_;
  // skip_[a][t] == t while step t has room; otherwise a later step to look at. Mutable for the
  // path compression done by the logically-const next_free().
  mutable std::vector<std::vector<Time>> skip_;
  std::vector<std::vector<People>> hold_used_;
  std::vector<People> shelter_left_;
};

}  // namespace qorgan::evac
