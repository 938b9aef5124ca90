#pragma once
// Collects nodes and arcs in any order and produces an immutable CSR Network.

#include <cstdint>
#include <optional>
#include <vector>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac {

class NetworkBuilder {
 public:
  // Adds a node and returns its index. External ids must be unique (checked by build()).
  NodeIndex add_node(std::int64_t external_id, People holding = kUnlimited,
                     std::optional<std::pair<double, double>> lat_lon = std::nullopt);
  // Contract: from/to are indices returned by add_node; capacity >= 1; travel_time >= 1.
  void add_arc(NodeIndex from, NodeIndex to, People capacity, Time travel_time);
  void set_step_seconds(double seconds) { step_seconds_ = seconds; }
  std::size_t node_count() const { return node_id_.size(); }

  // Fails on duplicate node ids or when only some nodes have coordinates.
  Result<Network> build() &&;

 private:
  struct PendingArc {
    NodeIndex from, to;
    People capacity;
    Time travel_time;
  };
  double step_seconds_ = 10.0;
  std::vector<std::int64_t> node_id_;
  std::vector<People> holding_;
  std::vector<double> lat_, lon_;
  std::size_t with_coordinates_ = 0;
  std::vector<PendingArc> arcs_;
};

}  // namespace qorgan::evac
