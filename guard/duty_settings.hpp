#pragma once
// Guarding's settings ([guard] in qorgan.toml): the hard rules a roster run starts from, per
// region where a region has its own, and the limits of a request.
#include <map>
#include <string>

#include "guard/model.hpp"

namespace qorgan::guard {

struct DutySettings {
  std::string zone = "Asia/Almaty";
  Rules rules;  // defaults of a run; a request may set its own
  // A region's own defaults, by region code ([guard.regions.CODE]); they hold for runs of that
  // region and of the regions under it that have none of their own.
  std::map<std::string, Rules> region_rules;
  int max_days = 62;          // the longest roster a request may ask for
  double exact_seconds = 60;  // the exact solver's time limit per stage
};

}  // namespace qorgan::guard
