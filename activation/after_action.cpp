#include "activation/after_action.hpp"

#include <algorithm>
#include <boost/sort/spreadsort/integer_sort.hpp>

namespace qorgan::activation {

MusterFigures muster_figures_in_order(core::Timestamp activated_at, int target,
                                      std::span<const core::Timestamp> arrivals,
                                      std::size_t max_points) {
  MusterFigures f;
  f.target = std::max(target, 0);
  f.arrived = int(arrivals.size());
  auto minutes = [&](std::size_t i) {
    return double(std::max<core::Timestamp>(arrivals[i] - activated_at, 0)) / 60e6;
  };
  // ⌈p · target⌉ arrivals, in integers: (p_percent · target + 99) / 100.
  if (f.target) {
    const std::size_t half = (50L * f.target + 99) / 100, most = (90L * f.target + 99) / 100;
    if (arrivals.size() >= half) f.minutes_to_half = minutes(half - 1);
    if (arrivals.size() >= most) f.minutes_to_nine_tenths = minutes(most - 1);
  }
  // The points are picked by index, so only those drawn are made: a region's readiness passes
  // tens of thousands of arrivals and draws a few hundred.
  const std::size_t n = arrivals.size(), points = std::min(n, max_points);
  f.curve.reserve(points);
  auto point = [&](std::size_t i) {
    f.curve.push_back({minutes(i), f.target ? double(i + 1) / f.target : 0.0});
  };
  if (points == n) {
    for (std::size_t i = 0; i < n; ++i) point(i);
  } else if (points > 0) {
    const double step = double(n) / double(points);
    for (std::size_t k = 1; k < points; ++k)
      point(std::min(n, std::size_t(double(k) * step + 0.5)) - 1);
    point(n - 1);
  }
  return f;
}

MusterFigures muster_figures(core::Timestamp activated_at, int target,
                             std::vector<core::Timestamp> arrivals, std::size_t max_points) {
  if (!std::ranges::is_sorted(arrivals))
    boost::sort::spreadsort::integer_sort(arrivals.begin(), arrivals.end());
  return muster_figures_in_order(activated_at, target, arrivals, max_points);
}

}  // namespace qorgan::activation
