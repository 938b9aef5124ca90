#pragma once
// The figures of an after-action report for one unit or region: how fast the muster reached half
// and nine tenths of the target strength, and the curve of the share arrived over time.
#include <optional>
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
  std::vector<CurvePoint> curve;  // one point per arrival, in time order
};

// Arrivals recorded before the activation time (a device's clock, an offline queue) count at 0.
MusterFigures muster_figures(core::Timestamp activated_at, int target,
                             std::vector<core::Timestamp> arrivals);

}  // namespace qorgan::activation
