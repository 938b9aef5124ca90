#include "evac/web/plan_input.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "evac/graph/carry_remainders.hpp"
#include "evac/graph/nearest_node.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/osm/demand_estimator.hpp"
#include "evac/plan/planner.hpp"

namespace qorgan::evac::web {

using core::Error;
using core::fail;

namespace {

constexpr std::size_t kMaxCsvBytes = 32 * 1024 * 1024;
constexpr People kMaxPopulation = 10'000'000;

// Reads a nested object field by field, reporting its errors under "parent.field".
void nested_errors(core::JsonFields& outer, const std::string& prefix, core::JsonFields& inner) {
  if (auto s = inner.finish(); !s)
    for (auto& e : s.error().fields) outer.add(prefix + "." + e.field, e.message);
}

std::string choices(std::initializer_list<const char*> names) {
  std::string out;
  for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

}  // namespace

core::Result<PlanRequest> read_plan_request(const core::Json& body) {
  core::JsonFields f(body);
  PlanRequest r;
  auto name = f.str("name", true, 200);
  auto region = f.i64("region_id", true, 1);
  auto network = f.i64("network_id", true, 1);
  auto planner = f.str("planner", false, 20);
  auto with_optimum = f.boolean("with_optimum", false);
  if (planner) {
    const auto names = planner_names();
    if (std::find(names.begin(), names.end(), *planner) == names.end())
      f.add("planner", "must be one of: qorgan, ccrp, shortest, optimal");
    else
      r.planner = *planner;
  }
  if (const auto* ev = f.object("evacuees", true)) {
    core::JsonFields e(*ev);
    const auto* buildings = e.object("buildings", false);
    auto csv = e.str("csv", false, kMaxCsvBytes);
    if (buildings) {
      core::JsonFields b(*buildings);
      r.building_population = b.i64("population", true, 1, kMaxPopulation);
      nested_errors(e, "buildings", b);
    }
    if (csv && csv->empty()) e.add("csv", "must not be empty");
    r.evacuees_csv = csv;
    if (!buildings && !e.has("csv"))
      e.add("buildings", "give either 'buildings' {population} or 'csv' (lat,lon,count lines)");
    if (buildings && e.has("csv")) e.add("csv", "give either 'buildings' or 'csv', not both");
    nested_errors(f, "evacuees", e);
  }
  if (const auto* sh = f.object("shelters", true)) {
    core::JsonFields s(*sh);
    const auto* reg = s.object("registry", false);
    const auto* schools = s.object("schools", false);
    auto csv = s.str("csv", false, kMaxCsvBytes);
    const int given = (reg != nullptr) + (schools != nullptr) + s.has("csv");
    if (given != 1)
      s.add("registry", "give exactly one of: " + choices({"registry {}", "schools {capacity}",
                                                           "csv (lat,lon,capacity[,name] lines)"}));
    if (reg) {
      r.shelters = ShelterSource::registry;
      core::JsonFields g(*reg);
      nested_errors(s, "registry", g);
    }
    if (schools) {
      r.shelters = ShelterSource::schools;
      core::JsonFields c(*schools);
      r.school_capacity = c.i64("capacity", false, 1, 1'000'000);
      nested_errors(s, "schools", c);
    }
    if (s.has("csv")) {
      r.shelters = ShelterSource::csv;
      if (csv && csv->empty()) s.add("csv", "must not be empty");
      r.shelters_csv = csv;
    }
    nested_errors(f, "shelters", s);
  }
  if (auto s = f.finish("The plan"); !s) return fail(s.error());
  r.name = *name;
  r.region_id = *region;
  r.network_id = *network;
  r.with_optimum = with_optimum.value_or(false);
  r.request = {{"evacuees", body.at("evacuees")}, {"shelters", body.at("shelters")}};
  return r;
}

People PlanDemand::population() const {
  People n = 0;
  for (const auto& s : sources) n += s.count;
  return n;
}

People PlanDemand::shelter_capacity() const {
  People n = 0;
  for (const auto& s : shelters) n += s.capacity;
  return n;
}

namespace {

std::string display_name(const Neighbourhood& h) {
  for (const auto* name : {&h.name_en, &h.name_ru, &h.name_kk})
    if (!name->empty()) return *name;
  return {};
}

// Names every source after the nearest neighbourhood (by centroid) and lists those used.
void name_sources(PlanDemand& d, const Network& net, const std::vector<Neighbourhood>& hoods) {
  d.source_region.assign(d.sources.size(), 0);
  if (hoods.empty() || !net.has_coordinates()) return;
  std::vector<bool> used(hoods.size(), false);
  for (std::size_t i = 0; i < d.sources.size(); ++i) {
    const NodeIndex v = d.sources[i].node;
    std::size_t best = 0;
    double best_m = std::numeric_limits<double>::infinity();
    for (std::size_t h = 0; h < hoods.size(); ++h) {
      const double m = distance_m(net.lat[v], net.lon[v], hoods[h].lat, hoods[h].lon);
      if (m < best_m) best_m = m, best = h;
    }
    d.sources[i].name = display_name(hoods[best]);
    d.source_region[i] = hoods[best].region_id;
    used[best] = true;
  }
  for (std::size_t h = 0; h < hoods.size(); ++h)
    if (used[h])
      d.neighbourhoods.push_back(
          {{"region_id", hoods[h].region_id},
           {"code", hoods[h].code},
           {"name",
            {{"kk", hoods[h].name_kk}, {"ru", hoods[h].name_ru}, {"en", hoods[h].name_en}}}});
}

}  // namespace

core::Result<PlanDemand> resolve_demand(const PlanRequest& r, const LoadedNetwork& network,
                                        const std::vector<RegistryShelter>& registry_shelters,
                                        const std::vector<Neighbourhood>& neighbourhoods,
                                        std::string_view lang) {
  const Network& net = network.data.network;
  const auto in_lang = [&](const auto& e) { return render(e, lang); };
  PlanDemand d;
  std::vector<core::FieldError> errors;
  const bool coords = net.has_coordinates() && net.node_count() > 0;
  // Evacuees.
  if (r.building_population) {
    if (!coords || network.data.buildings.empty()) {
      errors.push_back(
          {"evacuees.buildings",
           in_lang(part("this road network has no buildings to place people in; send a CSV"))});
    } else {
      osm::PopulationSettings s;
      s.total = *r.building_population;
      auto sources = osm::estimate_evacuees(net, network.data.buildings, s);
      if (!sources)
        errors.push_back({"evacuees.buildings", in_lang(sources.error())});
      else
        d.sources = std::move(*sources);
    }
  } else if (r.evacuees_csv) {
    auto sources = io::parse_evacuees_csv(*r.evacuees_csv, net);
    if (!sources)
      errors.push_back({"evacuees.csv", in_lang(sources.error())});
    else
      d.sources = std::move(*sources);
  }
  // Shelters.
  switch (r.shelters) {
    case ShelterSource::registry: {
      if (!coords) {
        errors.push_back(
            {"shelters.registry", in_lang(part("this road network has no coordinates"))});
        break;
      }
      NearestNode nearest(net);
      for (const auto& f : registry_shelters) {
        if (f.capacity < 1) continue;
        const auto hit = nearest.find(f.lat, f.lon);
        if (hit.distance_m > kShelterSnapMetres) {
          ++d.skipped_shelters;
          continue;
        }
        d.shelters.push_back({hit.node, f.capacity, f.name});
        d.shelter_facility.push_back(f.facility_id);
      }
      if (d.shelters.empty())
        errors.push_back(
            {"shelters.registry",
             in_lang(registry_shelters.empty()
                         ? part("no facility in the region has a shelter capacity")
                         : part("none of the region's {} facilities with a shelter capacity "
                                "lies within {:.0f} m of this network's roads",
                                registry_shelters.size(), kShelterSnapMetres))});
      break;
    }
    case ShelterSource::schools: {
      if (!coords || network.data.shelters.empty()) {
        errors.push_back(
            {"shelters.schools",
             in_lang(part("this road network has no schools, hospitals or similar buildings"))});
        break;
      }
      auto candidates = network.data.shelters;
      if (r.school_capacity)
        for (auto& c : candidates) c.assumed_capacity = *r.school_capacity;
      auto picked = osm::pick_shelters(net, candidates);
      if (!picked)
        errors.push_back({"shelters.schools", in_lang(picked.error())});
      else
        d.shelters = std::move(*picked);
      break;
    }
    case ShelterSource::csv: {
      auto picked = io::parse_shelters_csv(r.shelters_csv.value_or(""), net);
      if (!picked)
        errors.push_back({"shelters.csv", in_lang(picked.error())});
      else
        d.shelters = std::move(*picked);
      break;
    }
  }
  if (!errors.empty())
    return fail(
        Error::invalid(in_lang(part("The plan's evacuees or shelters cannot be used.")), errors));
  d.shelter_facility.resize(d.shelters.size(), 0);
  name_sources(d, net, neighbourhoods);
  return d;
}

core::Json demand_to_json(const PlanDemand& d, const Network& net) {
  core::Json sources = core::Json::array(), shelters = core::Json::array();
  for (std::size_t i = 0; i < d.sources.size(); ++i) {
    const auto& s = d.sources[i];
    core::Json j{{"node", net.node_id[s.node]}, {"count", s.count}, {"name", s.name}};
    if (s.earliest_departure > 0) j["earliest"] = s.earliest_departure;
    if (d.source_region[i] != 0) j["region_id"] = d.source_region[i];
    sources.push_back(std::move(j));
  }
  for (std::size_t i = 0; i < d.shelters.size(); ++i) {
    const auto& s = d.shelters[i];
    core::Json j{{"node", net.node_id[s.node]}, {"capacity", s.capacity}, {"name", s.name}};
    if (d.shelter_facility[i] != 0) j["facility_id"] = d.shelter_facility[i];
    shelters.push_back(std::move(j));
  }
  return {{"sources", std::move(sources)},
          {"shelters", std::move(shelters)},
          {"neighbourhoods", d.neighbourhoods}};
}

core::Result<Problem> problem_from_json(const core::Json& doc, const Network& net) {
  Problem p;
  const auto bad = [](const std::string& what) {
    return fail(Error::internal("the stored plan input is damaged: " + what));
  };
  try {
    for (const auto& s : doc.at("sources")) {
      const NodeIndex v = net.find_node(s.at("node").get<std::int64_t>());
      if (v == kNoNode) return bad("a source is on no junction of the network");
      p.sources.push_back(
          {v, s.at("count").get<People>(), s.value("earliest", Time{0}), s.value("name", "")});
    }
    for (const auto& s : doc.at("shelters")) {
      const NodeIndex v = net.find_node(s.at("node").get<std::int64_t>());
      if (v == kNoNode) return bad("a shelter is on no junction of the network");
      p.shelters.push_back({v, s.at("capacity").get<People>(), s.value("name", "")});
    }
  } catch (const core::Json::exception& e) {
    return bad(e.what());
  }
  p.network = net;
  carry_remainders(p);
  return p;
}

core::Json input_summary(const PlanRequest& r, const PlanDemand& d, const Problem& problem) {
  const char* shelters_from = r.shelters == ShelterSource::registry  ? "registry"
                              : r.shelters == ShelterSource::schools ? "schools"
                                                                     : "csv";
  core::Json j{{"population", d.population()},
               {"sources", d.sources.size()},
               {"shelters", d.shelters.size()},
               {"shelter_capacity", d.shelter_capacity()},
               {"fingerprint", fmt::format("{:016x}", problem.fingerprint())},
               {"evacuees_from", r.building_population ? "buildings" : "csv"},
               {"shelters_from", shelters_from},
               {"neighbourhoods", d.neighbourhoods.size()}};
  if (r.building_population) j["building_population"] = *r.building_population;
  if (r.shelters == ShelterSource::registry) j["skipped_shelters"] = d.skipped_shelters;
  return j;
}

}  // namespace qorgan::evac::web
