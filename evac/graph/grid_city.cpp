#include "evac/graph/grid_city.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "evac/graph/carry_remainders.hpp"
#include "evac/graph/network_builder.hpp"

namespace qorgan::evac {

Network grid_city_network(int n, GridOrigin origin) {
  NetworkBuilder b;
  b.set_step_seconds(30);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      b.add_node(static_cast<std::int64_t>(y) * n + x, kUnlimited,
                 std::pair{origin.lat + y * 0.0009, origin.lon + x * 0.00123});
  auto id = [n](int x, int y) { return static_cast<NodeIndex>(y * n + x); };
  // 100 m takes 9 s on an avenue and 18 s on a side street: one step each, as an OSM import
  // rounds them, with the measured seconds kept (Network::seconds).
  auto street = [&](NodeIndex u, NodeIndex v, bool avenue) {
    b.add_arc(u, v, avenue ? 33 : 10, 1, 0, avenue ? 9.0 : 18.0);
    b.add_arc(v, u, avenue ? 33 : 10, 1, 0, avenue ? 9.0 : 18.0);
  };
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (x + 1 < n) street(id(x, y), id(x + 1, y), y % 5 == 0);
      if (y + 1 < n) street(id(x, y), id(x, y + 1), x % 5 == 0);
    }
  }
  return *std::move(b).build();
}

Problem grid_city(int n, People population, int shelters, std::uint32_t seed, GridOrigin origin) {
  Problem p;
  p.network = grid_city_network(n, origin);
  auto id = [n](int x, int y) { return static_cast<NodeIndex>(y * n + x); };
  std::mt19937 rng(seed);
  const int origins = std::min(n * n, static_cast<int>(std::max<People>(1, population / 50)));
  std::uniform_int_distribution<int> node(0, n * n - 1);
  for (int i = 0; i < origins; ++i)
    p.sources.push_back({static_cast<NodeIndex>(node(rng)),
                         population / origins + (i < population % origins ? 1 : 0), 0, ""});
  const People cap = population * 12 / 10 / shelters + 1;
  for (int k = 0; k < shelters; ++k) {
    const int edge = k % 4, pos = (k / 4 * 7 + n / 3) % n;
    const NodeIndex v = edge == 0   ? id(pos, 0)
                        : edge == 1 ? id(n - 1, pos)
                        : edge == 2 ? id(pos, n - 1)
                                    : id(0, pos);
    p.shelters.push_back({v, cap, fmt::format("shelter {}", k + 1)});
  }
  carry_remainders(p);
  return p;
}

}  // namespace qorgan::evac
