#pragma once
// The requisition part of `qorgan demo`: one martial-law decision of Almaty (city) with property
// of fictional owners at every stage, so that every page has something real to show — a truck
// just taken; a car in custody with a unit; a warehouse valued and disputed by its owner; a
// generator taken into ownership, valued and partly paid; a minibus returned with damage, its
// rent and damage paid in full. Everything runs through the service (audited, two persons where
// money moves), dated back from today.
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "registry/registry.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

struct DemoReport {
  std::int64_t decision_id = 0, items = 0, entries = 0;
  std::string owner_code;  // the warehouse owner's, to try the owner's page
  std::string owner_id;
};

core::Result<DemoReport> load_demo(registry::Registry& registry, Requisitions& requisitions);

}  // namespace qorgan::requisition
