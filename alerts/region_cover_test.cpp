#include "alerts/region_cover.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace qorgan::alerts {
namespace {

std::vector<std::string> codes(const std::vector<const PlacedRegion*>& hit) {
  std::vector<std::string> out;
  for (const auto* r : hit) out.push_back(r->code);
  std::ranges::sort(out);
  return out;
}

bool has(const std::vector<const PlacedRegion*>& hit, const std::string& code) {
  return std::ranges::any_of(hit, [&](const PlacedRegion* r) { return r->code == code; });
}

// A city with two districts, and a town 25 km east: the city's own centre is no cell, its
// districts' are.
RegionCover city() {
  return RegionCover({{"CITY", "/1/", {43.25, 77.00}},
                      {"WEST", "/1/2/", {43.25, 76.95}},
                      {"EAST", "/1/3/", {43.25, 77.05}},
                      {"TOWN", "/4/", {43.25, 77.30}}});
}

TEST(RegionCover, APlaceLiesInTheCellOfTheNearestDeepestCentre) {
  auto cover = city();
  EXPECT_EQ(cover.nearest({43.25, 76.99})->code, "WEST");
  EXPECT_EQ(cover.nearest({43.30, 77.02})->code, "EAST");
  EXPECT_EQ(cover.nearest({43.25, 77.20})->code, "TOWN");
}

TEST(RegionCover, ASmallCircleLiesInOneDistrict) {
  EXPECT_EQ(codes(city().circle({{43.25, 76.95}, 1.5})), std::vector<std::string>{"WEST"});
}

TEST(RegionCover, APolygonAcrossTheBorderTouchesBothDistricts) {
  auto cover = city();
  auto hit = cover.polygon(
      {{43.26, 76.97}, {43.26, 77.03}, {43.24, 77.03}, {43.24, 76.97}, {43.26, 76.97}});
  EXPECT_EQ(codes(hit), (std::vector<std::string>{"EAST", "WEST"}));
}

TEST(RegionCover, ACircleReachingTheTownTouchesIt) {
  // The town is 20 km east of the east district's centre; 15 km reaches past the midpoint.
  auto cover = city();
  auto hit = cover.circle({{43.25, 77.05}, 15});
  EXPECT_TRUE(has(hit, "TOWN"));
}

TEST(RegionCover, ACellWhollyInsideIsFoundByItsCentre) {
  // The square's outline is nearer to the eight regions around it than to the one inside.
  std::vector<PlacedRegion> regions{{"IN", "/9/", {0, 0}}};
  int n = 0;
  for (double lat : {-1.2, 0.0, 1.2})
    for (double lon : {-1.2, 0.0, 1.2})
      if (lat != 0 || lon != 0)
        regions.push_back(
            {"OUT" + std::to_string(n++), "/" + std::to_string(n + 10) + "/", {lat, lon}});
  RegionCover cover(std::move(regions));
  auto hit = cover.polygon({{-1, -1}, {-1, 1}, {1, 1}, {1, -1}, {-1, -1}});
  EXPECT_TRUE(has(hit, "IN"));
  EXPECT_EQ(hit.size(), 9u);
}

TEST(RegionCover, WithoutCentresNothingIsPlaced) {
  RegionCover none({});
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.nearest({43.25, 76.95}), nullptr);
  EXPECT_TRUE(none.circle({{43.25, 76.95}, 2}).empty());
}

TEST(RegionCover, DistanceIsHaversine) {
  // One degree of latitude is about 111.2 km on the mean sphere.
  EXPECT_NEAR(distance_km({43, 77}, {44, 77}), 111.19, 0.05);
}

}  // namespace
}  // namespace qorgan::alerts
