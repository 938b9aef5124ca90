#pragma once
// The road network: a directed graph in compressed sparse row (CSR) form.
//
// Time is discrete. An arc is entered at an integer time step t and left at t + travel_time;
// `capacity` is the number of people that may *enter* the arc in one time step. A node's
// `holding` capacity bounds how many people may *wait* at it during one step (passing straight
// through in the same step does not occupy it); kUnlimited means no bound.
//
// Arcs are numbered in CSR order: the outgoing arcs of node v are first_out[v] .. first_out[v+1]-1.
// Networks are immutable once built (see NetworkBuilder), so indices are stable and plans can
// refer to arcs by index.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace qorgan::evac {

using NodeIndex = std::uint32_t;
using ArcIndex = std::uint32_t;
using Time = std::int32_t;    // time steps
using People = std::int64_t;  // counts of people

inline constexpr People kUnlimited = std::numeric_limits<People>::max();
inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();

struct Network {
  double step_seconds = 10.0;  // length of one time step, for display only

  // Per node.
  std::vector<std::int64_t> node_id;  // external id (text file id, OSM node id)
  std::vector<People> holding;        // kUnlimited if not bounded
  std::vector<double> lat, lon;       // both empty when the network has no coordinates

  // CSR: size node_count()+1.
  std::vector<ArcIndex> first_out;
  // Per arc.
  std::vector<NodeIndex> tail, head;
  std::vector<People> capacity;   // people entering per step, >= 1
  std::vector<Time> travel_time;  // steps, >= 1
  // What an arc takes in seconds as measured (OSM: length / speed), before rounding up to whole
  // steps; empty when travel_time x step_seconds is already exact (text, DIMACS, grid cities).
  // For people and for measuring the rounding, not for planning. Not part of the fingerprint.
  std::vector<double> seconds;
  // Street names, for people reading a plan (orders, maps), not for planning: arc a is on the
  // street names[arc_name[a]]; names[0] is "" (unnamed). Both are empty when the network has
  // no names (text, DIMACS). Not part of the fingerprint.
  std::vector<std::string> names;
  std::vector<std::uint32_t> arc_name;

  std::size_t node_count() const { return node_id.size(); }
  std::size_t arc_count() const { return head.size(); }
  bool has_coordinates() const { return !lat.empty(); }
  bool has_names() const { return !arc_name.empty(); }
  // The measured seconds of arc `a` (travel_time x step_seconds when none were measured).
  double arc_seconds(ArcIndex a) const {
    return seconds.empty() ? travel_time[a] * step_seconds : seconds[a];
  }
  // The street arc `a` is on; "" when unnamed or when the network has no names.
  const std::string& name_of(ArcIndex a) const;
  ArcIndex out_begin(NodeIndex v) const { return first_out[v]; }
  ArcIndex out_end(NodeIndex v) const { return first_out[v + 1]; }

  // Finds the internal index of an external id; kNoNode if absent. O(log n) after build.
  NodeIndex find_node(std::int64_t external_id) const;

  // A stable 64-bit digest of the whole network, so that a plan can say which network it was
  // made for and `check` can refuse a different one.
  std::uint64_t fingerprint() const;

  // Sorted (external id, index) pairs for find_node; filled by NetworkBuilder.
  std::vector<std::pair<std::int64_t, NodeIndex>> id_index;
};

// People waiting at an origin to leave.
struct Source {
  NodeIndex node = 0;
  People count = 0;
  Time earliest_departure = 0;  // nobody of this group may leave before this step
  std::string name;
};

// A destination (shelter, assembly point) taking at most `capacity` people in total.
struct Shelter {
  NodeIndex node = 0;
  People capacity = 0;
  std::string name;
};

// Everything a planner needs.
struct Problem {
  Network network;
  std::vector<Source> sources;
  std::vector<Shelter> shelters;

  People population() const;
  std::uint64_t fingerprint() const;  // network + sources + shelters
};

// FNV-1a, used for fingerprints and the OSM cache key.
struct Fnv1a {
  std::uint64_t state = 1469598103934665603ULL;
  void add_bytes(const void* data, std::size_t size);
  template <typename T>
  void add(const T& value) {
    add_bytes(&value, sizeof value);
  }
  template <typename T>
  void add_span(std::span<const T> values) {
    add_bytes(values.data(), values.size_bytes());
  }
};

}  // namespace qorgan::evac
