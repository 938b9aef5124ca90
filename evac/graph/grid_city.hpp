#pragma once
// A generated grid city, for benchmarks, tests and the demo when no OpenStreetMap extract is at
// hand: n x n junctions 100 m apart (placed in Almaty from `origin`); every fifth street is an
// avenue (two lanes, 40 km/h, 33 people per 30 s step), the rest are side streets (one lane,
// 20 km/h, 10 people per step), all two-way, as in the OSM car profile. People live at random
// junctions (about 50 per origin), shelters sit on the edge of town with 20% spare room in all.

#include <cstdint>
#include <utility>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

struct GridOrigin {
  double lat = 43.2, lon = 76.9;  // the south-west corner
};

// The network alone (external node ids y * n + x).
Network grid_city_network(int n, GridOrigin origin = {});

// The network with `population` evacuees and `shelters` shelters; the same seed gives the same
// problem.
Problem grid_city(int n, People population, int shelters, std::uint32_t seed,
                  GridOrigin origin = {});

}  // namespace qorgan::evac
