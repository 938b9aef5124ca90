#pragma once
// Time-dependent capacity bookkeeping for the qorgan planner: how many people have been booked
// into each arc per time step, waiting at each bounded node per step, and into each shelter.
//
// Unlike Reservations (used by ccrp and shortest), it is built for networks of millions of arcs
// and evacuations of thousands of steps: an arc's bookings are kept only over the window of
// steps it was booked in (aligned to 64 steps), in one allocation of 16-bit counts (32-bit on
// arcs above 65,535 people per step) plus one "full" bit per step, so next_free() skips 64
// saturated steps per word and an unused arc costs 24 bytes. While bookings only add people (no
// unbook: the schedules), a step once full stays full, and a timing once made stays right up to
// its first step that lost its room (retime_after).

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "evac/graph/bucket_queue.hpp"
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
  // the origin is free). 0 when any step is full. Walks the route from its end: congestion, and
  // so a step that filled since the route was timed, is mostly near the shelter.
  People route_room(std::uint32_t shelter, std::span<const Step> route) const;
  // Books `count` people on the route. Contract: 0 < count <= route_room(...).
  void book(std::uint32_t shelter, std::span<const Step> route, People count);
  // Takes `count` people booked on the route off again: its steps and places have room for them
  // again. Contract: 0 < count and they were booked so. A timing made before is then still
  // possible but may no longer be the earliest: retime_after() is not for timings made before.
  void unbook(std::uint32_t shelter, std::span<const Step> route, People count);
  // Moves a group of `count` people, whose bookings on `from` (to `from_shelter`) are taken off,
  // to `to` (to `to_shelter`): as many as `to` has room for, provided the rest still fit `from`,
  // which the moved ones may share (else none moves). Books both parts as they end up and
  // returns how many moved.
  People move_some(std::uint32_t from_shelter, std::span<const Step> from, People count,
                   std::uint32_t to_shelter, std::span<const Step> to);

  // Times `path` from its origin, leaving no sooner than `start`: each arc entered at the first
  // step with room after reaching its tail; waiting is free at the origin and at unbounded
  // junctions, and at a bounded junction allowed only while it has holding room. Writes the
  // steps into `out` and returns the arrival, or -1 when a bounded junction cannot hold the
  // wait.
  Time retime(std::span<const ArcIndex> path, Time start, std::vector<Step>& out) const {
    Time unused = 0;
    return retime(path, start, out, kNoCutoff, 0, 1, unused);
  }
  // As above, but stops as soon as the arrival is sure to be later than `cutoff`, `travel` being
  // the path's travel time without waiting: then returns kPastCutoff, sets `at_least` to a lower
  // bound on the arrival and leaves `out` incomplete. A path whose arrival equals `cutoff` is
  // timed in full. Each arc is entered only at a step with room for `need` people (or its whole
  // capacity if smaller), so that groups are not cut into slivers by the leftovers of others.
  static constexpr Time kPastCutoff = -2;
  static constexpr Time kNoCutoff = std::numeric_limits<Time>::max();
  Time retime(std::span<const ArcIndex> path, Time start, std::vector<Step>& out, Time cutoff,
              Time travel, People need, Time& at_least) const;
  // As the retime() above, given `before`: the complete timing of the same path from the same
  // start and `need` made by retime() on this timeline earlier (fewer bookings). Its steps up to
  // the first one that now lacks room stay as they are (bookings only delay), so only the rest is
  // timed again; the steps kept are found through a bit per arc that tells whether it was ever
  // full (need 1) or booked at all. Same result as retime().
  Time retime_after(std::span<const ArcIndex> path, std::span<const Step> before, Time start,
                    std::vector<Step>& out, Time cutoff, Time travel, People need,
                    Time& at_least) const;

 private:
  // Steps [lo, lo + len) of one arc, lo and len multiples of 64: `len` counts (16-bit, or
  // 32-bit on an arc that takes more than 65,535 people per step) followed by len / 64 words of
  // full bits, in one buffer. The first full_words words of full bits are all ones (on a busy
  // arc, the long run of full steps from the start that next_free() jumps over at once).
  struct Window {
    std::unique_ptr<std::uint64_t[]> buf;
    Time lo = 0;
    std::uint32_t len = 0;
    std::uint32_t full_words = 0;
    bool wide = false;
    static std::uint32_t count_words(std::uint32_t len, bool wide) {
      return wide ? len / 2 : len / 4;
    }
    std::uint64_t* full() const { return buf.get() + count_words(len, wide); }
    People count(std::size_t i) const {
      return wide ? reinterpret_cast<const std::int32_t*>(buf.get())[i]
                  : reinterpret_cast<const std::uint16_t*>(buf.get())[i];
    }
    // Adds n people at index i; returns the new count.
    People add(std::size_t i, People n) {
      if (wide) {
        auto& c = reinterpret_cast<std::int32_t*>(buf.get())[i];
        return c = static_cast<std::int32_t>(c + n);
      }
      auto& c = reinterpret_cast<std::uint16_t*>(buf.get())[i];
      return c = static_cast<std::uint16_t>(c + n);
    }
  };

  People used(ArcIndex a, Time t) const {
    const Window& w = windows_[a];
    const auto i = static_cast<std::int64_t>(t) - w.lo;
    return i >= 0 && i < w.len ? w.count(static_cast<std::size_t>(i)) : 0;
  }
  void cover(Window& w, Time t);  // grows the window to include step t
  bool full(ArcIndex a, Time t) const {
    const Window& w = windows_[a];
    const auto i = static_cast<std::int64_t>(t) - w.lo;
    return i >= 0 && i < w.len && (w.full()[i / 64] >> (i % 64) & 1) != 0;
  }
  // Times path[i...] from time t at its tail into `out` (which holds the steps before i);
  // `left` is the travel time of path[i...] without waiting. See retime().
  Time retime_rest(std::span<const ArcIndex> path, std::size_t i, Time t, std::int64_t left,
                   std::vector<Step>& out, Time cutoff, People need, Time& at_least) const;
  // The first step >= t at which arc `a` has room for min(need, capacity) people.
  Time next_room(ArcIndex a, Time t, People need) const {
    need = std::min(need, capacity_[a]);
    t = next_free(a, t);
    while (need > 1 && arc_free(a, t) < need) t = next_free(a, t + 1);
    return t;
  }
  static bool bit(const std::vector<std::uint64_t>& bits, ArcIndex a) {
    return (bits[a / 64] >> (a % 64) & 1) != 0;
  }

  const Network* net_;
  std::vector<People> capacity_;  // clamped to kMaxCapacity
  std::vector<Window> windows_;
  std::vector<std::uint64_t> ever_full_;        // per arc: one of its steps is full
  std::vector<std::uint64_t> ever_booked_;      // per arc: someone was booked into it
  bool bounded_ = false;                        // some node has a holding bound
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
           Time bound, std::vector<ArcIndex>& path, std::uint32_t& shelter, Time& arrival) {
    std::uint32_t from = 0;
    return run(booked, std::span(&source, 1), potential, bound, path, shelter, arrival, from);
  }
  // The same from all of `sources` at once, each from its earliest departure and free to wait
  // at home; `from` is the source of the route found.
  bool run(const Timeline& booked, std::span<const std::uint32_t> sources,
           const std::vector<Time>& potential, Time bound, std::vector<ArcIndex>& path,
           std::uint32_t& shelter, Time& arrival, std::uint32_t& from);
  // Nodes settled by all runs so far (the search's work).
  std::size_t settled() const { return settled_count_; }

 private:
  const Problem* problem_;
  std::vector<std::vector<std::uint32_t>> shelters_at_;
  std::vector<Time> arrival_;
  std::vector<ArcIndex> pred_;
  std::vector<char> settled_;
  std::vector<std::uint32_t> home_;  // per node: the source whose departure is its label, if any
  std::vector<NodeIndex> touched_;
  BucketQueue queue_;
  std::size_t settled_count_ = 0;
};

}  // namespace qorgan::evac
