#pragma once
// Estimates where people are from OSM buildings, and picks shelters among public buildings.

#include <vector>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"
#include "evac/osm/osm_importer.hpp"

namespace qorgan::evac::osm {

struct PopulationSettings {
  People total = 10'000;            // people to distribute
  double floor_m2_per_person = 30;  // density before scaling
  bool residential_only = true;     // ignore buildings tagged as non-housing
};

// Each residential building gets people in proportion to footprint x levels / density,
// scaled so that the whole adds up to `total` exactly (largest remainders), then they are
// snapped to the nearest junction and summed per junction: one Source per junction.
Result<std::vector<Source>> estimate_evacuees(const Network& net,
                                              const std::vector<Building>& buildings,
                                              const PopulationSettings& settings);

// Shelters among the candidates (schools, hospitals, ...) with their assumed capacity, snapped
// to the nearest junction; `limit` 0 takes all. Candidates farther than 500 m from any road
// are skipped.
Result<std::vector<Shelter>> pick_shelters(const Network& net,
                                           const std::vector<ShelterCandidate>& candidates,
                                           std::size_t limit = 0);

}  // namespace qorgan::evac::osm
