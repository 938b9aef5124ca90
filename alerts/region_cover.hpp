#pragma once
// Which regions of the registry a drawn area (polygons, circles) lies in. The registry holds no
// region boundaries, only each region's centre (its centroid, a real position), so a region's
// extent is taken to be its cell: the places nearer to its centre than to any other region's
// centre. Only the deepest positioned regions have cells ("leaves": regions with a centre none of
// whose subregions has one); a place lies in a leaf and in all the regions above it.
//
// A shape touches the cells its outline passes through (the outline sampled every 250 m or
// closer) and the cells whose centre it encloses; a cell the outline never enters lies wholly
// inside or outside the shape, and if inside, so is its centre, so nothing is missed but what
// lies between two samples. Beyond the outermost centres a cell reaches as far as one likes: the
// registry knows no national border.
#include <string>
#include <vector>

#include "alerts/model.hpp"

namespace qorgan::alerts {

struct PlacedRegion {
  std::string code, path;  // path: the registry's materialised path ("/1/4/")
  LatLon centre;
};

class RegionCover {
 public:
  // `regions`: every region with a centre; only the leaves are kept.
  explicit RegionCover(std::vector<PlacedRegion> regions);
  bool empty() const { return leaves_.empty(); }
  // The leaves whose cells the polygon or circle touches, each once, in the order first met.
  std::vector<const PlacedRegion*> polygon(const std::vector<LatLon>& ring) const;
  std::vector<const PlacedRegion*> circle(const Circle& c) const;
  // The leaf whose centre is nearest to `p` (nullptr when there is none).
  const PlacedRegion* nearest(const LatLon& p) const;

 private:
  std::vector<const PlacedRegion*> touched(const std::vector<LatLon>& outline,
                                           const auto& encloses) const;
  std::vector<PlacedRegion> leaves_;
};

// Kilometres between two points (haversine, mean Earth radius).
double distance_km(const LatLon& a, const LatLon& b);
// Whether `p` lies inside the closed ring (lon as x, lat as y).
bool inside(const std::vector<LatLon>& ring, const LatLon& p);

}  // namespace qorgan::alerts
