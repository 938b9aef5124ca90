#pragma once
// Point-to-point route queries: the quickest static route (by travel time, capacities ignored)
// between two junctions, as a router answers "how do I get from A to B".
//
// Bidirectional A* with the average of the forward and backward potentials (Ikeda et al. 1994;
// Goldberg and Harrelson 2005), which keeps the reduced arc costs non-negative and the result
// exact. The lower bounds come from one of:
//   - geometry (default): the straight-line distance divided by the fastest speed found on any
//     arc of the network (measured from the data, so that the bound holds for any profile); no
//     preprocessing beyond the reverse arcs, O(n + m): the right choice for a single query;
//   - landmarks (ALT, Goldberg and Harrelson 2005), when options.landmarks > 0 and the network
//     is strongly connected: travel times to and from a few far-apart junctions, by the
//     triangle inequality; 2k + 1 Dijkstra runs and 8k bytes per junction up front, then
//     queries explore a small corridor: the choice for many queries on one network.
// Without coordinates or landmarks it is plain bidirectional Dijkstra. The search workspace is
// reused between queries, so a query costs only what it explores. Routes are the quickest in
// measured seconds (whole milliseconds) where the network has them (OSM imports, grid cities),
// so that the rounding of short pieces up to whole steps does not bend them; else in steps.

#include <cstdint>
#include <optional>
#include <vector>

#include "evac/graph/in_arcs.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac {

struct Route {
  // Steps of the plan model: with measured seconds, those seconds rounded once to the nearest
  // step, as a plan to a shelter at `to` counts them (carry_remainders.hpp); else the arcs'
  // travel times added up.
  Time travel_time = 0;
  double seconds = 0;            // measured seconds (Network::arc_seconds) added up
  double length_m = 0;           // straight segments between junctions; 0 without coordinates
  std::vector<ArcIndex> arcs;    // in travel order
  std::vector<NodeIndex> nodes;  // from, ..., to: arcs.size() + 1 junctions
};

struct RouteQueryOptions {
  int landmarks = 0;         // 0: geometric bound only; 16 is a good number for many queries
  int active_landmarks = 4;  // used per query: those that bound that query best
};

class RouteQuery {
 public:
  // Contract: `net` outlives the query object and does not change.
  explicit RouteQuery(const Network& net, RouteQueryOptions options = {});
  RouteQuery(const RouteQuery&) = delete;
  RouteQuery& operator=(const RouteQuery&) = delete;

  // The quickest route from `from` to `to`; nullopt when `to` cannot be reached. Not
  // thread-safe: one RouteQuery per thread.
  std::optional<Route> route(NodeIndex from, NodeIndex to);
  // Only the travel time in steps of the quickest route (kUnreachable when there is none).
  Time travel_time(NodeIndex from, NodeIndex to);
  // What the search minimises: whole milliseconds where the network has measured seconds, else
  // steps; per arc, and for the quickest route (kUnreachable when there is none). What a
  // comparison with another router's costs uses.
  std::int64_t arc_weight(ArcIndex a) const { return weight_[a]; }
  std::int64_t weight(NodeIndex from, NodeIndex to);

  // Junctions settled by the last query (both directions), for benchmarks and tests.
  std::size_t last_settled() const { return settled_; }
  // Whether the searches are guided (A* by geometry or landmarks) or not (Dijkstra).
  bool guided() const { return guided_ || landmark_count_ > 0; }
  // Landmarks in use (0 when not asked for, or the network is not strongly connected).
  int landmark_count() const { return landmark_count_; }

 private:
  // Runs the search; returns the best weight (kInfinite: none) and leaves the meeting junction
  // in meet_.
  std::int64_t search(NodeIndex from, NodeIndex to);
  // Weights from `root` to every junction (forward) or from every junction to it (backward).
  std::vector<std::int64_t> weights_from(NodeIndex root, bool forward) const;
  double potential(NodeIndex v);  // the forward potential of v for the current query
  void choose_landmarks(int count);

  const Network& net_;
  // Arc weights: milliseconds where the network has measured seconds, else steps.
  std::vector<std::int64_t> weight_;
  InArcs in_;
  // Positions on a sphere scaled so that |p_u - p_v| is a lower bound, in weight units, on the
  // travel time between u and v.
  std::vector<double> px_, py_, pz_;
  bool guided_ = false;
  // Landmarks: lm_to_[v * k + i] = weight from v to landmark i, lm_from_ from it to v.
  int landmark_count_ = 0;
  std::vector<std::int64_t> lm_to_, lm_from_;
  int active_wanted_ = 4;
  std::vector<int> active_;  // the landmarks of the current query

  // Workspace, valid for a node only when its stamp equals query_.
  std::uint32_t query_ = 0;
  std::vector<std::uint32_t> seen_f_, seen_r_, done_f_, done_r_, pot_stamp_;
  std::vector<std::int64_t> dist_f_, dist_r_;
  std::vector<ArcIndex> pred_f_, pred_r_;
  std::vector<double> pot_;
  struct Entry {
    double key;
    NodeIndex node;
  };
  std::vector<Entry> heap_f_, heap_r_;
  NodeIndex source_ = 0, target_ = 0, meet_ = kNoNode;
  std::size_t settled_ = 0;
};

}  // namespace qorgan::evac
