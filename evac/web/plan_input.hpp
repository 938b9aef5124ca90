#pragma once
// The input of a plan: reading the request (which network, region, planner; where the evacuees
// and the shelters come from), resolving it on a loaded network into sources and shelters, and
// the JSON form stored with the plan so that the job, run later, plans exactly what was checked
// when the plan was accepted. No SQL and no HTTP here; the service passes in what it read from
// the registry.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"
#include "evac/graph/network.hpp"
#include "evac/web/network_cache.hpp"

namespace qorgan::evac::web {

enum class ShelterSource { registry, schools, csv };

struct PlanRequest {
  std::string name;
  std::int64_t region_id = 0, network_id = 0;
  std::string planner = "qorgan";
  bool with_optimum = false;
  std::optional<People> building_population;  // evacuees from OSM buildings …
  std::optional<std::string> evacuees_csv;    // … or from a CSV of lat,lon,count
  ShelterSource shelters = ShelterSource::registry;
  std::optional<People> school_capacity;    // overrides the assumed capacity per kind
  std::optional<std::string> shelters_csv;  // lat,lon,capacity[,name]
  core::Json request;                       // {"evacuees", "shelters"} as sent, kept with the plan
};

// Every malformed or unknown field is reported at once ("evacuees.buildings.population", …).
core::Result<PlanRequest> read_plan_request(const core::Json& body);

// A facility of the registry that can take people, as the registry's service reports it.
struct RegistryShelter {
  std::int64_t facility_id = 0;
  std::string name;
  double lat = 0, lon = 0;
  People capacity = 0;
};

// A leaf region (no sub-regions) of the plan's region subtree with a centroid.
struct Neighbourhood {
  std::int64_t region_id = 0;
  std::string code;
  std::string name_kk, name_ru, name_en;
  double lat = 0, lon = 0;
};

struct PlanDemand {
  std::vector<Source> sources;
  std::vector<std::int64_t> source_region;  // per source: its neighbourhood's region (0: none)
  std::vector<Shelter> shelters;
  std::vector<std::int64_t> shelter_facility;       // per shelter: the registry facility (0: none)
  core::Json neighbourhoods = core::Json::array();  // [{region_id, code, name}] that were used
  std::int64_t skipped_shelters = 0;                // registry facilities too far from every road
  People population() const;
  People shelter_capacity() const;
};

// Shelters from the registry farther than this from every junction are left out.
inline constexpr double kShelterSnapMetres = 2000;

// Places the evacuees and shelters on the network. Errors name the field ("evacuees.csv",
// message "line 3: …") in `lang` (kk, ru, else English). Each source is named after the nearest
// neighbourhood.
core::Result<PlanDemand> resolve_demand(const PlanRequest& request, const LoadedNetwork& network,
                                        const std::vector<RegistryShelter>& registry_shelters,
                                        const std::vector<Neighbourhood>& neighbourhoods,
                                        std::string_view lang = "en");

// The stored form (external node ids) and back; `from_json` re-checks every node.
core::Json demand_to_json(const PlanDemand& demand, const Network& network);
core::Result<Problem> problem_from_json(const core::Json& doc, const Network& network);

// {population, sources, shelters, shelter_capacity, fingerprint, …} for the plan resource.
core::Json input_summary(const PlanRequest& request, const PlanDemand& demand,
                         const Problem& problem);

}  // namespace qorgan::evac::web
