#include "activation/after_action.hpp"

#include <algorithm>

namespace qorgan::activation {

MusterFigures muster_figures(core::Timestamp activated_at, int target,
                             std::vector<core::Timestamp> arrivals) {
  // A unit's arrivals come sorted from the index they are read from: checked in one pass
  // rather than sorted again (a region's readiness passes a thousand units' lists).
  if (!std::ranges::is_sorted(arrivals)) std::ranges::sort(arrivals);
  MusterFigures f;
  f.target = std::max(target, 0);
  f.arrived = int(arrivals.size());
  f.curve.reserve(arrivals.size());
  // ⌈p · target⌉ arrivals, in integers: (p_percent · target + 99) / 100.
  const long half = (50L * f.target + 99) / 100, most = (90L * f.target + 99) / 100;
  for (size_t i = 0; i < arrivals.size(); ++i) {
    double minutes = double(std::max<core::Timestamp>(arrivals[i] - activated_at, 0)) / 60e6;
    long count = long(i) + 1;
    f.curve.push_back({minutes, f.target ? double(count) / f.target : 0.0});
    if (f.target && count == half) f.minutes_to_half = minutes;
    if (f.target && count == most) f.minutes_to_nine_tenths = minutes;
  }
  return f;
}

}  // namespace qorgan::activation
