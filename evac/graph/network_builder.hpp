#pragma once
// Collects nodes and arcs in any order and produces an immutable CSR Network.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  // The same with a street name: `name` is a value returned by add_name (0: unnamed).
  void add_arc(NodeIndex from, NodeIndex to, People capacity, Time travel_time, std::uint32_t name);
  // The same with the measured seconds (Network::seconds; >= 0) that travel_time rounds up.
  void add_arc(NodeIndex from, NodeIndex to, People capacity, Time travel_time, std::uint32_t name,
               double seconds);
  // Interns a street name and returns its number for add_arc; "" is 0. The network carries
  // names only when some arc was given a non-empty one.
  std::uint32_t add_name(std::string_view name);
  void set_step_seconds(double seconds) { step_seconds_ = seconds; }
  std::size_t node_count() const { return node_id_.size(); }

  // Fails on duplicate node ids or when only some nodes have coordinates.
  Result<Network> build() &&;

 private:
  struct PendingArc {
    NodeIndex from, to;
    People capacity;
    Time travel_time;
    std::uint32_t name = 0;
    double seconds = -1;  // not measured
  };
  double step_seconds_ = 10.0;
  std::vector<std::int64_t> node_id_;
  std::vector<People> holding_;
  std::vector<double> lat_, lon_;
  std::size_t with_coordinates_ = 0;
  std::vector<PendingArc> arcs_;
  std::vector<std::string> names_{""};
  std::unordered_map<std::string, std::uint32_t> name_index_;
  bool named_ = false;
  bool measured_ = false;
};

}  // namespace qorgan::evac
