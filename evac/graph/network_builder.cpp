#include "evac/graph/network_builder.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "evac/limits.hpp"

namespace qorgan::evac {

NodeIndex NetworkBuilder::add_node(std::int64_t external_id, People holding,
                                   std::optional<std::pair<double, double>> lat_lon) {
  node_id_.push_back(external_id);
  holding_.push_back(holding);
  if (lat_lon) {
    ++with_coordinates_;
    lat_.push_back(lat_lon->first);
    lon_.push_back(lat_lon->second);
  } else {
    lat_.push_back(0);
    lon_.push_back(0);
  }
  return static_cast<NodeIndex>(node_id_.size() - 1);
}

void NetworkBuilder::add_arc(NodeIndex from, NodeIndex to, People capacity, Time travel_time) {
  arcs_.push_back({from, to, capacity, travel_time});
}

void NetworkBuilder::add_arc(NodeIndex from, NodeIndex to, People capacity, Time travel_time,
                             std::uint32_t name) {
  arcs_.push_back({from, to, capacity, travel_time, name < names_.size() ? name : 0});
  named_ = named_ || (name != 0 && name < names_.size());
}

void NetworkBuilder::add_arc(NodeIndex from, NodeIndex to, People capacity, Time travel_time,
                             std::uint32_t name, double seconds) {
  add_arc(from, to, capacity, travel_time, name);
  arcs_.back().seconds = seconds;
  measured_ = measured_ || seconds >= 0;
}

std::uint32_t NetworkBuilder::add_name(std::string_view name) {
  if (name.empty()) return 0;
  auto [it, fresh] =
      name_index_.try_emplace(std::string(name), static_cast<std::uint32_t>(names_.size()));
  if (fresh) names_.emplace_back(name);
  return it->second;
}

Result<Network> NetworkBuilder::build() && {
  Network net;
  net.step_seconds = step_seconds_;
  const auto n = node_id_.size();
  if (n > static_cast<std::size_t>(kMaxJunctions))
    return fail("{} junctions, more than {}", n, kMaxJunctions);
  if (arcs_.size() > static_cast<std::size_t>(kMaxArcs))
    return fail("{} arcs, more than {}", arcs_.size(), kMaxArcs);
  net.id_index.reserve(n);
  for (NodeIndex v = 0; v < n; ++v) net.id_index.emplace_back(node_id_[v], v);
  std::sort(net.id_index.begin(), net.id_index.end());
  for (std::size_t i = 1; i < net.id_index.size(); ++i) {
    if (net.id_index[i].first == net.id_index[i - 1].first)
      return fail("node {} is declared twice", net.id_index[i].first);
  }
  if (with_coordinates_ != 0 && with_coordinates_ != n)
    return fail("only {} of {} nodes have coordinates; give all or none", with_coordinates_, n);
  net.node_id = std::move(node_id_);
  net.holding = std::move(holding_);
  if (with_coordinates_ != 0) {
    net.lat = std::move(lat_);
    net.lon = std::move(lon_);
  }
  // Counting sort by tail keeps the input order of arcs within a node (stable indices for tests).
  net.first_out.assign(n + 1, 0);
  for (const auto& a : arcs_) ++net.first_out[a.from + 1];
  for (std::size_t v = 0; v < n; ++v) net.first_out[v + 1] += net.first_out[v];
  const auto m = arcs_.size();
  net.tail.resize(m);
  net.head.resize(m);
  net.capacity.resize(m);
  net.travel_time.resize(m);
  if (named_) {
    net.arc_name.resize(m);
    net.names = std::move(names_);
  }
  if (measured_) net.seconds.resize(m);
  std::vector<ArcIndex> next(net.first_out.begin(), net.first_out.end() - 1);
  for (const auto& a : arcs_) {
    const ArcIndex i = next[a.from]++;
    net.tail[i] = a.from;
    net.head[i] = a.to;
    net.capacity[i] = a.capacity;
    net.travel_time[i] = a.travel_time;
    if (named_) net.arc_name[i] = a.name;
    if (measured_) net.seconds[i] = a.seconds >= 0 ? a.seconds : a.travel_time * step_seconds_;
  }
  return net;
}

}  // namespace qorgan::evac
