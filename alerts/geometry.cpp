#include "alerts/geometry.hpp"

#include <cmath>
#include <string>

namespace qorgan::alerts {

namespace {

// Orientation of c against the line a→b: >0 left, <0 right, 0 on it (lon as x, lat as y; the
// small areas of alerts make a plane good enough for "do two edges cross").
double orient(const LatLon& a, const LatLon& b, const LatLon& c) {
  return (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
}

bool on_segment(const LatLon& a, const LatLon& b, const LatLon& p) {
  return std::min(a.lon, b.lon) <= p.lon && p.lon <= std::max(a.lon, b.lon) &&
         std::min(a.lat, b.lat) <= p.lat && p.lat <= std::max(a.lat, b.lat);
}

int sign(double v) {
  return v > 0 ? 1 : (v < 0 ? -1 : 0);
}

// Whether segments p1p2 and q1q2 share any point (touching counts).
bool meet(const LatLon& p1, const LatLon& p2, const LatLon& q1, const LatLon& q2) {
  int d1 = sign(orient(q1, q2, p1)), d2 = sign(orient(q1, q2, p2));
  int d3 = sign(orient(p1, p2, q1)), d4 = sign(orient(p1, p2, q2));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  if (d1 == 0 && on_segment(q1, q2, p1)) return true;
  if (d2 == 0 && on_segment(q1, q2, p2)) return true;
  if (d3 == 0 && on_segment(p1, p2, q1)) return true;
  if (d4 == 0 && on_segment(p1, p2, q2)) return true;
  return false;
}

std::string number(size_t i) {
  return std::to_string(i + 1);
}

}  // namespace

std::string check_point(const LatLon& p) {
  if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90) return "latitude must be from -90 to 90";
  if (!std::isfinite(p.lon) || p.lon < -180 || p.lon > 180)
    return "longitude must be from -180 to 180";
  return {};
}

std::string check_polygon(const std::vector<LatLon>& ring) {
  if (ring.size() < 4)
    return "A polygon needs at least four points, the last the same as the first.";
  if (ring.size() > kMaxPolygonPoints)
    return "A polygon has at most " + std::to_string(kMaxPolygonPoints) + " points.";
  for (size_t i = 0; i < ring.size(); ++i)
    if (auto why = check_point(ring[i]); !why.empty()) return "point " + number(i) + ": " + why;
  if (ring.front() != ring.back())
    return "The polygon is not closed: its last point must be the same as its first.";
  const size_t edges = ring.size() - 1;
  for (size_t i = 0; i < edges; ++i) {
    if (ring[i] == ring[i + 1]) return "points " + number(i) + " and " + number(i + 1) + " repeat";
    for (size_t j = i + 1; j < edges; ++j) {
      bool adjacent = j == i + 1 || (i == 0 && j == edges - 1);
      if (adjacent) {
        // Neighbours share one end; they cross only by folding back over each other.
        const LatLon& shared = j == i + 1 ? ring[i + 1] : ring[i];
        const LatLon& a = j == i + 1 ? ring[i] : ring[i + 1];
        const LatLon& b = j == i + 1 ? ring[j + 1] : ring[j];
        if (sign(orient(shared, a, b)) == 0 && (a.lon - shared.lon) * (b.lon - shared.lon) +
                                                       (a.lat - shared.lat) * (b.lat - shared.lat) >
                                                   0)
          return "edges " + number(i) + " and " + number(j) + " overlap";
        continue;
      }
      if (meet(ring[i], ring[i + 1], ring[j], ring[j + 1]))
        return "The polygon crosses itself: edges " + number(i) + " and " + number(j) + " meet.";
    }
  }
  double twice_area = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    twice_area += ring[i].lon * ring[i + 1].lat - ring[i + 1].lon * ring[i].lat;
  if (twice_area == 0) return "The polygon encloses no area.";
  return {};
}

std::string check_circle(const Circle& c) {
  if (auto why = check_point(c.centre); !why.empty()) return why;
  if (!std::isfinite(c.radius_km) || c.radius_km <= 0 || c.radius_km > kMaxRadiusKm)
    return "radius_km must be more than 0 and at most " + std::to_string(int(kMaxRadiusKm));
  return {};
}

}  // namespace qorgan::alerts
