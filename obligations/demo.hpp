#pragma once
// The protection duties part of `qorgan demo`: the registry demo's first large company (fictional)
// gets a substation in Almaty of the highest criticality, its self-assessment (with its
// protection plan as evidence) and one inspection by headquarters with three open findings, one
// of them past its deadline. Everything runs through the service (audited), dated back from today.
#include <cstdint>

#include "core/error.hpp"
#include "obligations/obligations.hpp"
#include "registry/registry.hpp"

namespace qorgan::obligations {

struct DemoReport {
  std::int64_t organisation_id = 0, facility_id = 0, assessment_id = 0, inspection_id = 0;
  std::int64_t open_findings = 0;
};

core::Result<DemoReport> load_demo(registry::Registry& registry, Obligations& obligations);

}  // namespace qorgan::obligations
