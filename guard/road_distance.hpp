#pragma once
// Travel kilometres from homes to posts along a road network (evac's), where one is loaded for
// a roster run; the straight line otherwise.
//
// A post's distances come from one Dijkstra run backwards from the junction nearest to it, by
// travel time as evac's route query ranks routes, keeping the length of the quickest way: the
// kilometres a guard drives on the quickest route, as `evac route` reports them (straight between
// junctions). The run stops once every home's junction is settled, and keeps only the homes'
// lengths (homes are few: people's region centres), so a post costs one partial search and a
// few bytes. A home counts from its nearest junction; the walks from a home to its junction and
// from the post's junction to the post are added as straight lines, so a distance is never
// shorter than the straight line. A home or post farther than kSnapLimitM from every junction
// (outside the network), with no way by road, or not among the homes given, falls back to the
// straight line, and is counted.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "guard/model.hpp"

namespace qorgan::evac {
struct Network;
class NearestNode;
}  // namespace qorgan::evac

namespace qorgan::guard {

// A stored road network by its id (evac's networks), as `who` may read it; an error when there is
// none or `who` may not see it.
using RoadNetworks = std::function<core::Result<std::shared_ptr<const evac::Network>>(
    const auth::Principal& who, std::int64_t id)>;

class RoadDistance final : public Distance {
 public:
  static constexpr double kSnapLimitM = 2000;

  // Contract: the network has coordinates and at least one junction. `homes` are the points
  // distances will be asked from. `memory_limit` bounds the posts' tables kept at once (all are
  // forgotten together when it is reached).
  RoadDistance(std::shared_ptr<const evac::Network> network, const std::vector<Point>& homes,
               std::size_t memory_limit = std::size_t(256) << 20);
  ~RoadDistance() override;

  double km(Point from, Point to) const override;
  // How many distinct home-to-post distances fell back to the straight line so far.
  std::int64_t straight_line_fallbacks() const;

 private:
  struct Snap {
    std::uint32_t node;  // kNoNode: outside the network
    double walk_m;
  };
  Snap snap(Point p) const;
  // Metres of the quickest way from each home's junction to `node` (negative: no way).
  const std::vector<float>& table(std::uint32_t node) const;

  std::shared_ptr<const evac::Network> net_;
  std::unique_ptr<evac::NearestNode> nearest_;
  std::vector<float> arc_m_;  // each arc's length, straight between its junctions
  std::vector<std::uint32_t> in_first_, in_arcs_;  // arcs into each junction (CSR)
  // Points by their exact coordinates.
  struct PointHash {
    std::size_t operator()(Point p) const noexcept;
  };
  struct SamePoint {
    bool operator()(Point a, Point b) const noexcept { return a.lat == b.lat && a.lon == b.lon; }
  };
  std::unordered_map<Point, std::uint32_t, PointHash, SamePoint> home_index_;  // slot of a home
  std::vector<Snap> homes_;                                                    // by slot
  std::vector<std::uint32_t> home_slot_of_node_;  // a junction: its homes' first slot, or none
  std::vector<std::uint32_t> next_slot_;          // slots of other homes at the same junction
  std::uint32_t home_junctions_ = 0;
  std::size_t memory_limit_;
  mutable std::mutex mu_;
  mutable std::unordered_map<Point, Snap, PointHash, SamePoint> posts_;
  mutable std::unordered_map<std::uint32_t, std::vector<float>> tables_;
  mutable std::size_t table_bytes_ = 0;
  mutable std::set<std::array<double, 4>> fell_back_;  // (home, post) pairs
  // The search's workspace, reused: a post's search touches only what it settles.
  mutable std::vector<std::int64_t> best_;
  mutable std::vector<float> metres_;
  mutable std::vector<std::uint32_t> touched_;
};

}  // namespace qorgan::guard
