#pragma once
// `qorgan demo`'s evacuation part: registers one road network — the Almaty extract (car
// profile) when it is found, else a generated grid city in central Almaty — and one finished
// plan for the whole city, so that the map page has something to show: on the extract, 20,000
// people from residential buildings to the registry's demo shelters; on the grid city, the same
// number at random junctions to shelters on the edge of town. Runs after the registry's demo
// data is loaded.
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "evac/web/evac_service.hpp"
#include "registry/registry.hpp"

namespace qorgan::evac::web {

struct DemoReport {
  std::string network;  // a sentence: which network, how big
  std::int64_t network_id = 0;
  std::optional<std::int64_t> plan_id;
  std::string plan;  // a sentence: the plan's outcome
  bool used_osm = false;
};

// `osm_file`: the Almaty extract, or empty for the grid city.
core::Result<DemoReport> load_demo(Service& service, registry::Registry& registry,
                                   const std::string& osm_file);

}  // namespace qorgan::evac::web
