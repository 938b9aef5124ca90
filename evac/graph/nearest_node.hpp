#pragma once
// Snaps a latitude/longitude to the nearest junction (k-d tree over a local metric projection,
// nanoflann). Contract: the network has coordinates and at least one node.

#include <memory>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

class NearestNode {
 public:
  explicit NearestNode(const Network& network);
  ~NearestNode();
  NearestNode(const NearestNode&) = delete;
  NearestNode& operator=(const NearestNode&) = delete;

  struct Hit {
    NodeIndex node;
    double distance_m;
  };
  Hit find(double lat, double lon) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Great-circle distance in metres.
double distance_m(double lat1, double lon1, double lat2, double lon2);

}  // namespace qorgan::evac
