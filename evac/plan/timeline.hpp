#pragma once
// Time-dependent capacity bookkeeping for the qorgan planner: how many people have been booked
// into each arc per time step, waiting at each bounded node per step, and into each shelter.
//
// Unlike Reservations (used by ccrp and shortest), it is built for networks of millions of arcs
// and evacuations of thousands of steps: an arc's bookings are kept only over the window of
// steps it was booked in (aligned to 64 steps), in one allocation of 32-bit counts plus one
// "full" bit per step, so next_free() skips 64 saturated steps per word and an unused arc costs
// 16 bytes. Bookings only ever add people, so a step once full stays full.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "evac/graph/network.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/plan/plan.hpp"

namespace qorgan::evac {

class Timeline {
 public:
  explicit Timeline(const Problem& problem);

  // Capacities above this are treated as this (bookings per step fit 32 bits; a plan that
  // books fewer people than an arc takes is still valid).
  static constexpr People kMaxCapacity = People{1} << 30;

  People arc_free(ArcIndex a, Time t) const { return capacity_[a] - used(a, t); }
  // The first step >= t at which arc `a` has room.
  Time next_free(ArcIndex a, Time t) const;
  // kUnlimited for nodes without a holding bound.
  People hold_free(NodeIndex v, Time t) const {
    if (net_->holding[v] == kUnlimited) return kUnlimited;
    const auto& u = hold_used_[v];
    return net_->holding[v] - (static_cast<std::size_t>(t) < u.size() ? u[t] : 0);
  }
  People shelter_free(std::uint32_t s) const { return shelter_left_[s]; }

  // The most people that could still follow `route` to `shelter` at the given times (waiting at
  // the origin is free). 0 when any step is full.
  People route_room(std::uint32_t shelter, std::span<const Step> route) const;
  // Books `count` people on the route. Contract: 0 < count <= route_room(...).
  void book(std::uint32_t shelter, std::span<const Step> route, People count);

  // Times `path` from its origin, leaving no sooner than `start`: each arc entered at the first
  // step with room after reaching its tail; waiting is free at the origin and at unbounded
  // junctions, and at a bounded junction allowed only while it has holding room. Writes the
  // steps into `out` and returns the arrival, or -1 when a bounded junction cannot hold the
  // wait.
  Time retime(std::span<const ArcIndex> path, Time start, std::vector<Step>& out) const;

 private:
  // Steps [lo, lo + len) of one arc, lo and len multiples of 64: `len` 32-bit counts followed by
  // len / 64 words of full bits, in one buffer.
  struct Window {
    std::unique_ptr<std::uint64_t[]> buf;
    Time lo = 0;
    std::uint32_t len = 0;
    std::int32_t* counts() const { return reinterpret_cast<std::int32_t*>(buf.get()); }
    std::uint64_t* full() const { return buf.get() + len / 2; }
  };

  People used(ArcIndex a, Time t) const {
    const Window& w = windows_[a];
    const auto i = static_cast<std::int64_t>(t) - w.lo;
    return i >= 0 && i < w.len ? w.counts()[i] : 0;
  }
  void cover(Window& w, Time t);  // grows the window to include step t

  const Network* net_;
  std::vector<People> capacity_;  // clamped to kMaxCapacity
  std::vector<Window> windows_;
  std::vector<std::vector<People>> hold_used_;  // empty vectors for unbounded nodes
  std::vector<People> shelter_left_;
};

// Earliest-arrival route search over a Timeline from one source (free to wait at home) to any
// shelter with room: CCRP's generalised Dijkstra, guided A*-fashion by `potential`, a lower
// bound on the travel time from each node to a shelter with room (kUnreachable: skipped), such
// as the static distance to the nearest open shelter; being consistent, it changes only how
// many nodes are looked at, not the route found. One label per node, as in CCRP: with bounded
// holding it may miss a route that needs a later arrival somewhere (callers fall back).
class TimelineSearch {
 public:
  explicit TimelineSearch(const Problem& problem);
  // The arcs of the route (empty if the origin is a shelter's node), its shelter and arrival;
  // false if no route arrives before `bound` (the search stops there).
  bool run(const Timeline& booked, std::uint32_t source, const std::vector<Time>& potential,
           Time bound, std::vector<ArcIndex>& path, std::uint32_t& shelter, Time& arrival);
  // Nodes settled by all runs so far (the search's work).
  std::size_t settled() const { return settled_count_; }

 private:
  const Problem* problem_;
  std::vector<std::vector<std::uint32_t>> shelters_at_;
  std::vector<Time> arrival_;
  std::vector<ArcIndex> pred_;
  std::vector<char> settled_;
  std::vector<NodeIndex> touched_;
  std::size_t settled_count_ = 0;
};

}  // namespace qorgan::evac
