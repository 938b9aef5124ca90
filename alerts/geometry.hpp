#pragma once
// Checks of the shapes an alert's area is drawn with, before anything is stored. Each returns
// an empty string when the shape is fine, else a message for people saying what is wrong.
#include <string>
#include <vector>

#include "alerts/model.hpp"

namespace qorgan::alerts {

inline constexpr size_t kMaxPolygonPoints = 1000;
inline constexpr double kMaxRadiusKm = 1000;

// Latitude in [-90, 90], longitude in [-180, 180].
std::string check_point(const LatLon& p);
// A ring of at least four points whose last repeats the first (CAP: closed), with a non-zero
// area, and whose edges meet only where consecutive edges share their end.
std::string check_polygon(const std::vector<LatLon>& ring);
std::string check_circle(const Circle& c);

}  // namespace qorgan::alerts
