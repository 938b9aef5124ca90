#include "evac/graph/nearest_node.hpp"

#include <cmath>
#include <vector>

#include <nanoflann.hpp>

namespace qorgan::evac {

namespace {
constexpr double kEarthRadius = 6371008.8;
constexpr double kDeg = 3.14159265358979323846 / 180;
}  // namespace

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  const double dla = (lat2 - lat1) * kDeg, dlo = (lon2 - lon1) * kDeg;
  const double h =
      std::sin(dla / 2) * std::sin(dla / 2) +
      std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::sin(dlo / 2) * std::sin(dlo / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

struct NearestNode::Impl {
  // nanoflann dataset adaptor interface.
  std::vector<std::array<double, 2>> points;
  double kx = 0;
  std::size_t kdtree_get_point_count() const { return points.size(); }
  double kdtree_get_pt(std::size_t i, std::size_t dim) const { return points[i][dim]; }
  template <class BBox>
  bool kdtree_get_bbox(BBox&) const {
    return false;
  }
  using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Impl>, Impl,
                                                   2, std::uint32_t>;
  std::unique_ptr<Tree> tree;
  const Network* net = nullptr;
};

NearestNode::NearestNode(const Network& net) : impl_(std::make_unique<Impl>()) {
  impl_->net = &net;
  double lat0 = 0;
  for (double la : net.lat) lat0 += la;
  lat0 /= static_cast<double>(std::max<std::size_t>(1, net.lat.size()));
  impl_->kx = std::cos(lat0 * kDeg);
  impl_->points.reserve(net.node_count());
  for (std::size_t v = 0; v < net.node_count(); ++v)
    impl_->points.push_back({net.lon[v] * impl_->kx, net.lat[v]});
  impl_->tree =
      std::make_unique<Impl::Tree>(2, *impl_, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  impl_->tree->buildIndex();
}

NearestNode::~NearestNode() = default;

NearestNode::Hit NearestNode::find(double lat, double lon) const {
  const double q[2] = {lon * impl_->kx, lat};
  std::uint32_t index = 0;
  double d2 = 0;
  impl_->tree->knnSearch(q, 1, &index, &d2);
  const Network& n = *impl_->net;
  return {index, distance_m(lat, lon, n.lat[index], n.lon[index])};
}

}  // namespace qorgan::evac
