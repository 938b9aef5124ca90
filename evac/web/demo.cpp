#include "evac/web/demo.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "evac/graph/grid_city.hpp"
#include "evac/osm/osm_importer.hpp"

namespace qorgan::evac::web {

namespace {

constexpr const char* kAlmatyCode = "750000000";
constexpr int kGridSize = 60;  // 3,600 junctions, about 6 x 6 km
constexpr GridOrigin kGridOrigin{43.215, 76.905};
constexpr People kPopulation = 20'000;

}  // namespace

core::Result<DemoReport> load_demo(Service& service, registry::Registry& registry,
                                   const std::string& osm_file) {
  const auto actor = auth::Actor::cli("demo");
  DemoReport rep;
  core::Result<NetworkInfo> net = core::fail(core::Error::internal("no network"));
  if (!osm_file.empty()) {
    osm::ProfileSettings settings;  // car, 30 s steps
    auto data = osm::import_osm(osm_file, settings);
    if (!data) return core::fail(core::Error::internal("evacuation demo: " + data.error().message));
    std::error_code ec;
    const auto size = std::filesystem::file_size(osm_file, ec);
    net = service.add_network_as(actor, "Almaty roads (OpenStreetMap, 2013)",
                                 std::filesystem::path(osm_file).filename().string(),
                                 ec ? 0 : static_cast<std::int64_t>(size), std::move(*data), true);
    rep.used_osm = true;
  } else {
    osm::OsmData data;
    data.network = grid_city_network(kGridSize, kGridOrigin);
    net = service.add_network_as(actor, "Generated grid city (central Almaty)",
                                 fmt::format("grid city {0}x{0}", kGridSize), 0, std::move(data),
                                 false);
  }
  if (!net) return core::fail(net.error());
  rep.network_id = net->id;
  rep.network = fmt::format("{} ({} junctions, {} road arcs)", net->name, net->nodes, net->arcs);

  auto city = registry.regions.by_code(kAlmatyCode);
  if (!city) {
    rep.plan = "no plan (the registry has no region " + std::string(kAlmatyCode) + ")";
    return rep;
  }
  const auth::Principal system = auth::system_principal(actor.login);
  core::Json body{{"name", "Almaty: whole city, by car (demo)"},
                  {"region_id", city->id},
                  {"network_id", net->id},
                  {"planner", "qorgan"},
                  {"shelters", {{"registry", core::Json::object()}}}};
  if (rep.used_osm) {
    body["evacuees"] = {{"buildings", {{"population", kPopulation}}}};
  } else {
    // The grid has no buildings and the demo's few built-in facilities cannot take the whole
    // city: people at random junctions and shelters on the edge of town, as in the benchmark.
    const Problem p = grid_city(kGridSize, kPopulation, 8, 20260101, kGridOrigin);
    std::string people = "lat,lon,count\n", shelters = "lat,lon,capacity,name\n";
    for (const auto& s : p.sources)
      people +=
          fmt::format("{:.6f},{:.6f},{}\n", p.network.lat[s.node], p.network.lon[s.node], s.count);
    for (const auto& s : p.shelters)
      shelters += fmt::format("{:.6f},{:.6f},{},{}\n", p.network.lat[s.node], p.network.lon[s.node],
                              s.capacity, s.name);
    body["evacuees"] = {{"csv", people}};
    body["shelters"] = {{"csv", shelters}};
  }
  auto plan = service.create_plan(system, actor, body);
  if (!plan && plan.error().code == core::ErrorCode::invalid && rep.used_osm) {
    // No demo facility with a shelter capacity near the roads: the map's schools and hospitals.
    body["shelters"] = {{"schools", core::Json::object()}};
    plan = service.create_plan(system, actor, body);
  }
  if (!plan) return core::fail(plan.error());
  rep.plan_id = plan->id;
  service.run_queued();
  auto done = service.get_plan(system, plan->id);
  if (!done) return core::fail(done.error());
  if (done->status != kDone) {
    rep.plan = fmt::format("plan {} {}: {}", done->id, done->status, done->error.value_or(""));
    return rep;
  }
  const auto& s = done->summary;
  rep.plan = fmt::format(
      "plan {} \"{}\": {} of {} people in {} shelters, last arrival after {:.0f} min", done->id,
      done->name, s.value("evacuated", People{0}), done->input.value("population", People{0}),
      done->input.value("shelters", 0), s.value("egress_seconds", 0.0) / 60);
  return rep;
}

}  // namespace qorgan::evac::web
