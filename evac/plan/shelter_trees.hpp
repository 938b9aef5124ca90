#pragma once
// Static shortest paths towards the shelter junctions, for the exact planner's assignment bound
// and assigned plans (assignment_bound.hpp, assigned_plan.hpp). Each of those searched from
// every shelter junction again (an assigned plan twice), and the exact planner makes one per
// probe: on Malta on foot, 10,000 people to its schools, a third of its time. The trees do not
// depend on the horizon, so the search makes them once and both share them.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/network.hpp"
#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

// Static shortest paths over the reversed arcs towards one junction, up to a travel time: each
// junction's travel time there and the arc it leaves by on the way (kUnreachable and kNoArc
// where it is further, kNoArc at the target). A junction's arc leads to one settled before it,
// so following the arcs never circles, zero-step roads included. Ties go to the lower junction
// index, so a search cut at a travel time gives the same times and arcs, up to it, as one that
// is not.
class Towards {
 public:
  explicit Towards(const Network& net);
  // Returns the arcs looked at (the in-arcs of every junction settled, and one per junction).
  std::uint64_t run(NodeIndex target, std::int64_t up_to);
  std::uint32_t in_degree(NodeIndex v) const {
    return static_cast<std::uint32_t>(in_.into(v).size());
  }

  std::vector<Time> dist;
  std::vector<ArcIndex> next;

 private:
  const Network* net_;
  InArcs in_;
};

// Towards::run's results for each of `places` without a cut, kept side by side.
class ShelterTrees {
 public:
  // At most this many junctions x places are kept (8 bytes each).
  static constexpr std::size_t kMaxEntries = 8'000'000;
  // Nullopt above kMaxEntries or when `cancelled()` turns true.
  static std::optional<ShelterTrees> make(const Network& net, std::span<const NodeIndex> places,
                                          const std::function<bool()>& cancelled = {});

  std::span<const Time> dist(std::size_t place) const {
    return std::span(dist_).subspan(place * nodes_, nodes_);
  }
  std::span<const ArcIndex> next(std::size_t place) const {
    return std::span(next_).subspan(place * nodes_, nodes_);
  }
  // What Towards::run(places[place], up_to) returns: the work is counted as before the trees
  // were shared, so where a limited exact search stops does not change.
  std::uint64_t looked(std::size_t place, std::int64_t up_to) const;

 private:
  std::size_t nodes_ = 0;
  std::vector<Time> dist_;
  std::vector<ArcIndex> next_;
  std::vector<std::uint32_t> in_degree_;
};

}  // namespace qorgan::evac
