#pragma once
// The figures of an after-action report for one unit or region: how fast the muster reached half
// and nine tenths of the target strength, and the curve of the share arrived over time.
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "core/time.hpp"

namespace qorgan::activation {

struct CurvePoint {
  double minutes = 0;  // since the activation
  double share = 0;    // arrivals so far over the target strength (may pass 1)
};

struct MusterFigures {
  int target = 0, arrived = 0;
  // Minutes from the activation to the arrival that first made up ⌈50 %⌉ / ⌈90 %⌉ of the target;
  // none when that many never came (or the target is 0).
  std::optional<double> minutes_to_half, minutes_to_nine_tenths;
  // A point per arrival, in time order; past `max_points` arrivals, that many points, each the
  // last arrival of an equal stretch of them (the last arrival always one of them).
  std::vector<CurvePoint> curve;
};

inline constexpr std::size_t kAllPoints = std::numeric_limits<std::size_t>::max();

// `arrivals` in time order. Arrivals recorded before the activation time (a device's clock, an
// offline queue) count at 0. The minutes to 50 % and 90 % are exact whatever `max_points` is
// (0: no curve).
MusterFigures muster_figures_in_order(core::Timestamp activated_at, int target,
                                      std::span<const core::Timestamp> arrivals,
                                      std::size_t max_points = kAllPoints);
// The same of arrivals in any order.
MusterFigures muster_figures(core::Timestamp activated_at, int target,
                             std::vector<core::Timestamp> arrivals,
                             std::size_t max_points = kAllPoints);

}  // namespace qorgan::activation
