#pragma once
// The guarding part of `qorgan demo`: posts at the demo's most critical facilities (a gate on
// 3 × 8 h, and at hospitals a night post on 2 × 12 h needing a medic), and a roster of next week
// made by the runner and published, so that the roster pages and a volunteer's calendar have
// something real to show. Everything runs through the service (audited).
#include <cstdint>

#include "core/error.hpp"
#include "guard/duties.hpp"
#include "guard/roster_runner.hpp"
#include "registry/registry.hpp"

namespace qorgan::guard {

struct DemoReport {
  std::int64_t posts = 0, roster_id = 0;
  core::Json summary;
};

core::Result<DemoReport> load_demo(registry::Registry& registry, Duties& duties,
                                   RosterRunner& runner);

}  // namespace qorgan::guard
