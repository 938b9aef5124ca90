#include "alerts/region_cover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace qorgan::alerts {

namespace {

constexpr double kEarthKm = 6371.0088;
constexpr double kKmPerDegree = 111.32;
constexpr double kStepKm = 0.25;
// The samples of one shape's outline at most: a registry of some 10,000 leaves and 50 shapes
// stays within a second of nearest-centre look-ups.
constexpr double kMaxSamples = 2000;

double radians(double deg) {
  return deg * M_PI / 180;
}

}  // namespace

double distance_km(const LatLon& a, const LatLon& b) {
  double dlat = radians(b.lat - a.lat), dlon = radians(b.lon - a.lon);
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(radians(a.lat)) *
                                                           std::cos(radians(b.lat)) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

bool inside(const std::vector<LatLon>& ring, const LatLon& p) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const LatLon &a = ring[i], &b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon)
      in = !in;
  }
  return in;
}

RegionCover::RegionCover(std::vector<PlacedRegion> regions) {
  std::ranges::sort(regions, {}, &PlacedRegion::path);
  // Sorted by path, a region's subregions follow it at once.
  for (size_t i = 0; i < regions.size(); ++i) {
    bool parent = i + 1 < regions.size() && regions[i + 1].path.starts_with(regions[i].path) &&
                  regions[i + 1].path != regions[i].path;
    if (!parent) leaves_.push_back(std::move(regions[i]));
  }
}

const PlacedRegion* RegionCover::nearest(const LatLon& p) const {
  const PlacedRegion* best = nullptr;
  double best_d = std::numeric_limits<double>::infinity();
  const double k = std::cos(radians(p.lat));
  for (const auto& r : leaves_) {
    // Equirectangular at the point's latitude: good enough to rank centres a country apart.
    double dx = (r.centre.lon - p.lon) * k, dy = r.centre.lat - p.lat;
    double d = dx * dx + dy * dy;
    if (d < best_d) best_d = d, best = &r;
  }
  return best;
}

std::vector<const PlacedRegion*> RegionCover::touched(const std::vector<LatLon>& outline,
                                                      const auto& encloses) const {
  std::vector<const PlacedRegion*> out;
  std::set<const PlacedRegion*> seen;
  auto add = [&](const PlacedRegion* r) {
    if (r && seen.insert(r).second) out.push_back(r);
  };
  for (const auto& p : outline) add(nearest(p));
  for (const auto& r : leaves_)
    if (encloses(r.centre)) add(&r);
  return out;
}

std::vector<const PlacedRegion*> RegionCover::polygon(const std::vector<LatLon>& ring) const {
  double perimeter = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i) perimeter += distance_km(ring[i], ring[i + 1]);
  const double step = std::max(kStepKm, perimeter / kMaxSamples);
  std::vector<LatLon> outline;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    int n = std::max(1, int(std::ceil(distance_km(ring[i], ring[i + 1]) / step)));
    for (int s = 0; s < n; ++s) {
      double t = double(s) / n;
      outline.push_back({ring[i].lat + (ring[i + 1].lat - ring[i].lat) * t,
                         ring[i].lon + (ring[i + 1].lon - ring[i].lon) * t});
    }
  }
  return touched(outline, [&](const LatLon& p) { return inside(ring, p); });
}

std::vector<const PlacedRegion*> RegionCover::circle(const Circle& c) const {
  const double circumference = 2 * M_PI * c.radius_km;
  int n = int(std::clamp(std::ceil(circumference / kStepKm), 16.0, kMaxSamples));
  // The same plane the portal's map draws circles on: degrees of latitude are 111.32 km, of
  // longitude that times the cosine of the centre's latitude.
  const double dlat = c.radius_km / kKmPerDegree;
  const double dlon = dlat / std::max(0.01, std::cos(radians(c.centre.lat)));
  std::vector<LatLon> outline{c.centre};
  for (int s = 0; s < n; ++s) {
    double a = 2 * M_PI * s / n;
    outline.push_back({c.centre.lat + dlat * std::sin(a), c.centre.lon + dlon * std::cos(a)});
  }
  return touched(outline, [&](const LatLon& p) { return distance_km(c.centre, p) <= c.radius_km; });
}

}  // namespace qorgan::alerts
