#include "alerts/geometry.hpp"

#include <gtest/gtest.h>

namespace qorgan::alerts {
namespace {

std::vector<LatLon> ring(std::initializer_list<LatLon> points) {
  return points;
}

TEST(AlertGeometry, AClosedSquareIsFine) {
  EXPECT_EQ(
      check_polygon(ring({{43.2, 76.9}, {43.2, 77.0}, {43.1, 77.0}, {43.1, 76.9}, {43.2, 76.9}})),
      "");
}

TEST(AlertGeometry, AnOpenRingIsRefused) {
  EXPECT_NE(check_polygon(ring({{43.2, 76.9}, {43.2, 77.0}, {43.1, 77.0}, {43.1, 76.9}}))
                .find("not closed"),
            std::string::npos);
}

TEST(AlertGeometry, ABowTieCrossesItself) {
  EXPECT_NE(
      check_polygon(ring({{43.2, 76.9}, {43.1, 77.0}, {43.2, 77.0}, {43.1, 76.9}, {43.2, 76.9}}))
          .find("crosses itself"),
      std::string::npos);
}

TEST(AlertGeometry, ARingThatTouchesItselfAtAVertexCrossesItself) {
  // A figure eight through one shared point (43.15, 76.95).
  EXPECT_NE(check_polygon(ring({{43.2, 76.9},
                                {43.2, 77.0},
                                {43.15, 76.95},
                                {43.1, 77.0},
                                {43.1, 76.9},
                                {43.15, 76.95},
                                {43.2, 76.9}})),
            "");
}

TEST(AlertGeometry, AFlatRingHasNoArea) {
  EXPECT_NE(check_polygon(ring({{43.2, 76.9}, {43.2, 77.0}, {43.2, 77.1}, {43.2, 76.9}})), "");
}

TEST(AlertGeometry, TooFewPointsAndCoordinatesOutOfRange) {
  EXPECT_NE(check_polygon(ring({{43.2, 76.9}, {43.2, 77.0}, {43.2, 76.9}})), "");
  EXPECT_NE(
      check_polygon(ring({{91, 76.9}, {43.2, 77.0}, {43.1, 77.0}, {91, 76.9}})).find("latitude"),
      std::string::npos);
  EXPECT_NE(check_point({43, 181}).find("longitude"), std::string::npos);
}

TEST(AlertGeometry, Circles) {
  EXPECT_EQ(check_circle({{43.2, 76.9}, 2.5}), "");
  EXPECT_NE(check_circle({{43.2, 76.9}, 0}), "");
  EXPECT_NE(check_circle({{43.2, 76.9}, 5000}), "");
  EXPECT_NE(check_circle({{-91, 76.9}, 1}), "");
}

}  // namespace
}  // namespace qorgan::alerts
