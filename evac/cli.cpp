#include "evac/cli.hpp"

#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "evac/cli_checks.hpp"
#include "evac/graph/carry_remainders.hpp"
#include "evac/graph/road_demand.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/io/plan_csv.hpp"
#include "evac/io/plan_geojson.hpp"
#include "evac/io/plan_json.hpp"
#include "evac/io/plan_orders_html.hpp"
#include "evac/osm/demand_estimator.hpp"
#include "evac/osm/graph_cache.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/time_error.hpp"
#include "evac/plan/validator.hpp"
#include "evac/route_cli.hpp"

namespace qorgan::evac {

namespace {

[[noreturn]] void die(const std::string& message) {
  std::cerr << "error: " << message << '\n';
  throw CLI::RuntimeError(1);
}

template <typename T>
T need(Result<T> r) {
  if (!r) die(r.error().message);
  return std::move(*r);
}

struct InputOptions {
  std::string network, evacuees, shelters, profile = "car", cache_dir;
  std::string profile_file;  // TOML overriding the road classes (osm/road_profile.hpp)
  People population = 10'000;
  People shelter_capacity = 0;
  std::size_t shelter_limit = 0;
  std::size_t shelter_count = 10;
  double step = 0;
  People dimacs_capacity = 10;
  std::int64_t length_per_step = 1;
  Time horizon = kDefaultHorizon;
  bool profile_given = false, dimacs_given = false;
  bool keep_junctions = false;
  // Which of the options above were given (for those that apply to some input only).
  void seen(const CLI::App* cmd) {
    profile_given = cmd->count("--profile") > 0;
    dimacs_given = cmd->count("--default-capacity") + cmd->count("--length-per-step") > 0;
  }
};

void add_dimacs_options(CLI::App* cmd, InputOptions& o);

void add_input_options(CLI::App* cmd, InputOptions& o) {
  cmd->add_option("--network", o.network,
                  "road network: .osm.pbf/.osm(.bz2) | .qgraph | .gr (DIMACS) | text")
      ->required();
  cmd->add_option("--evacuees", o.evacuees,
                  "CSV lat,lon,count (or node,count with a header), 'buildings' to estimate "
                  "from OSM residential buildings, or 'roads' to spread --population over the "
                  "junctions by road length (extracts without buildings); default: the text "
                  "network's sources");
  cmd->add_option("--shelters", o.shelters,
                  "CSV lat,lon,capacity[,name] (or node,capacity), 'schools' for schools and "
                  "hospitals with an assumed capacity, or 'junctions' for --shelter-count "
                  "junctions spread over the map; default: the text network's sinks");
  cmd->add_option("--population", o.population, "people to distribute with --evacuees buildings")
      ->check(whole_number_range(1, kMaxPeople));
  cmd->add_option("--shelter-limit", o.shelter_limit, "use at most N shelters from 'schools'")
      ->check(whole_number_range(0, kMaxJunctions));
  cmd->add_option("--shelter-count", o.shelter_count, "how many shelters 'junctions' places")
      ->check(whole_number_range(1, kMaxJunctions));
  cmd->add_option("--shelter-capacity", o.shelter_capacity,
                  "capacity of each shelter from 'schools' (default: assumed per kind) or "
                  "'junctions' (default: room for everyone)")
      ->check(whole_number_range(1, kMaxCapacity));
  cmd->add_option("--profile", o.profile, "car or foot (OSM input)")
      ->check(CLI::IsMember({"car", "foot"}));
  cmd->add_option("--profile-file", o.profile_file,
                  "TOML file overriding the road classes (OSM input; see evac/profiles/)");
  cmd->add_option("--step", o.step, "seconds per time step (OSM input; default 30 car, 10 foot)")
      ->check(step_seconds_range());
  cmd->add_option("--cache-dir", o.cache_dir, "where imported OSM graphs are cached");
  cmd->add_flag("--keep-junctions", o.keep_junctions,
                "OSM input: keep junctions without a choice (for CSVs naming them by node id); "
                "each piece of road is then rounded up to whole steps on its own");
  add_dimacs_options(cmd, o);
}

void add_dimacs_options(CLI::App* cmd, InputOptions& o) {
  cmd->add_option("--default-capacity", o.dimacs_capacity,
                  "DIMACS input: capacity of every arc, people per step")
      ->check(whole_number_range(1, kMaxCapacity));
  cmd->add_option("--length-per-step", o.length_per_step,
                  "DIMACS input: arc length per time step (lengths are divided by it, rounded up)")
      ->check(whole_number_range(1, std::numeric_limits<std::int64_t>::max()));
}

void add_horizon_option(CLI::App* cmd, InputOptions& o) {
  cmd->add_option("--horizon", o.horizon,
                  fmt::format("refuse at once when a lower bound shows the egress would take "
                              "more steps (default {})",
                              kDefaultHorizon))
      ->check(whole_number_range(1, 100'000'000));
}

io::LoadOptions load_options(const InputOptions& o) {
  io::LoadOptions l;
  l.profile = *osm::parse_profile(o.profile);
  if (o.step > 0) l.step_seconds = o.step;
  l.cache_dir = o.cache_dir;
  l.profile_file = o.profile_file;
  l.fold_chains = !o.keep_junctions;
  l.dimacs.default_capacity = o.dimacs_capacity;
  l.dimacs.length_per_step = o.length_per_step;
  l.profile_given = o.profile_given;
  l.dimacs_given = o.dimacs_given;
  return l;
}

Problem load_problem(const InputOptions& o, std::string* kind = nullptr) {
  auto loaded = need(io::load_network(o.network, load_options(o)));
  if (loaded.osm && !loaded.osm->read.warning.empty())
    std::cerr << "warning: " << loaded.osm->read.warning << '\n';
  if (kind) *kind = loaded.kind;
  Problem p = std::move(loaded.problem);
  if (o.evacuees == "buildings") {
    if (!loaded.osm) die("--evacuees buildings needs an OSM or .qgraph network");
    osm::PopulationSettings ps;
    ps.total = o.population;
    p.sources = need(osm::estimate_evacuees(p.network, loaded.osm->buildings, ps));
  } else if (o.evacuees == "roads") {
    p.sources = need(spread_over_roads(p.network, o.population));
  } else if (!o.evacuees.empty()) {
    p.sources = need(io::read_evacuees_csv(o.evacuees, p.network));
  }
  if (o.shelters == "schools") {
    if (!loaded.osm) die("--shelters schools needs an OSM or .qgraph network");
    p.shelters = need(osm::pick_shelters(p.network, loaded.osm->shelters, o.shelter_limit));
    if (o.shelter_capacity > 0)
      for (auto& s : p.shelters) s.capacity = o.shelter_capacity;
  } else if (o.shelters == "junctions") {
    const People room =
        o.shelter_capacity > 0
            ? o.shelter_capacity
            : std::min<People>(kMaxCapacity, (p.population() + o.shelter_count - 1) /
                                                 static_cast<People>(o.shelter_count));
    p.shelters = need(spread_shelters(p.network, o.shelter_count, std::max<People>(1, room)));
  } else if (!o.shelters.empty()) {
    p.shelters = need(io::read_shelters_csv(o.shelters, p.network));
  }
  if (p.sources.empty()) die("no evacuees: give --evacuees (or sources in the text network)");
  if (p.shelters.empty()) die("no shelters: give --shelters (or sinks in the text network)");
  carry_remainders(p);
  return p;
}

void write_or_die(const std::string& path, const std::string& text) {
  if (auto ok = io::write_text_file(path, text); !ok) die(ok.error().message);
}

// Steps may be fractional (a mean): never truncated to whole steps before converting.
std::string minutes(double steps, double step_seconds) {
  return fmt::format("{:.1f}", steps * step_seconds / 60);
}

void run_import(const std::string& input, const std::string& profile, double step,
                const std::string& out, const std::string& cache_dir,
                const std::string& profile_file = "") {
  osm::ProfileSettings s;
  s.profile = *osm::parse_profile(profile);
  s.step_seconds = step > 0 ? step : osm::default_step_seconds(s.profile);
  if (!profile_file.empty())
    if (auto ok = osm::apply_profile_file(profile_file, s); !ok) die(ok.error().message);
  bool cached = false;
  auto data = need(osm::import_osm_cached(
      input, s, cache_dir.empty() ? osm::default_cache_dir() : cache_dir, &cached));
  const auto& st = data.stats;
  fmt::print("{} ({} profile, {} s per step){}\n", input, profile, s.step_seconds,
             cached ? " [from cache]" : "");
  if (!cached)
    fmt::print("  read:               {} ways, {} relations{}\n", data.read.ways,
               data.read.relations,
               data.read.blocks > 0 ? fmt::format(" in {} data blocks", data.read.blocks) : "");
  if (!data.read.warning.empty()) std::cerr << "warning: " << data.read.warning << '\n';
  fmt::print("  road ways:          {}\n", st.road_ways);
  fmt::print("  junctions / arcs:   {} / {} before the component filter\n", st.junctions, st.arcs);
  fmt::print(
      "  kept (largest SCC): {} junctions, {} arcs after folding {} junctions without a "
      "choice\n",
      data.network.node_count(), data.network.arc_count(), st.folded_junctions);
  fmt::print("  dropped:            {} junctions, {} arcs in {} other components\n",
             st.dropped_nodes, st.dropped_arcs, st.components - 1);
  if (st.missing_locations > 0)
    fmt::print("  way nodes missing from the extract: {}\n", st.missing_locations);
  fmt::print("  buildings: {}, shelter candidates: {}\n", data.buildings.size(),
             data.shelters.size());
  if (!out.empty()) {
    auto key = need(osm::cache_key(input, s));
    if (auto ok = osm::write_graph_file(out, key, data); !ok) die(ok.error().message);
    fmt::print("  written to {}\n", out);
  }
  fmt::print("Map data © OpenStreetMap contributors\n");
}

void print_summary(const Problem& p, const Plan& plan, const ValidationReport& r) {
  const double step = p.network.step_seconds;
  fmt::print(
      "planner {}: {} of {} people evacuated, egress {} steps ({} min), mean {:.2f} steps "
      "({} min), {:.3f} s\n",
      plan.planner, plan.evacuated, p.population(), plan.egress_time,
      minutes(plan.egress_time, step), plan.mean_evacuation_time,
      minutes(plan.mean_evacuation_time, step), plan.run_seconds);
  if (plan.optimum)
    fmt::print("optimum {} steps: ratio {:.3f}\n", *plan.optimum,
               *plan.optimum > 0 ? static_cast<double>(plan.egress_time) / *plan.optimum : 1.0);
  else if (plan.lower_bound)
    fmt::print("lower bound {} steps\n", *plan.lower_bound);
  if (!p.network.seconds.empty()) {
    const TimeError e = route_time_error(p.network, plan);
    fmt::print(
        "time on the roads: {:.3f} x the measured seconds (worst group {:.2f} x, {:.0f} s off); "
        "egress {:.0f} s, the same schedule in measured seconds {:.0f} s\n",
        e.ratio(), e.worst_ratio, e.worst_group_seconds, e.egress_seconds, e.exact_egress_seconds);
  }
  for (const auto& u : plan.unroutable)
    fmt::print("unroutable: {} people at node {}: {}\n", u.count,
               p.network.node_id[p.sources[u.source].node], u.reason);
  if (!r.valid()) fmt::print("WARNING: the plan failed validation: {}\n", r.violations[0]);
}

}  // namespace

void add_cli(CLI::App& app) {
  CLI::App* evac = app.add_subcommand("evac", "evacuation planning on road networks");
  evac->require_subcommand(1);

  // import
  {
    auto* cmd = evac->add_subcommand("import", "import an OpenStreetMap file into a road graph");
    auto input = std::make_shared<std::string>();
    auto profile = std::make_shared<std::string>("car");
    auto out = std::make_shared<std::string>();
    auto cache = std::make_shared<std::string>();
    auto step = std::make_shared<double>(0);
    cmd->add_option("file", *input, "FILE.osm.pbf (or .osm, .osm.bz2)")->required();
    cmd->add_option("--profile", *profile, "car or foot")->check(CLI::IsMember({"car", "foot"}));
    cmd->add_option("--out", *out, "write the graph file here (.qgraph)");
    cmd->add_option("--step", *step, "seconds per time step (default 30 car, 10 foot)")
        ->check(step_seconds_range());
    cmd->add_option("--cache-dir", *cache, "cache directory");
    auto profile_file = std::make_shared<std::string>();
    cmd->add_option("--profile-file", *profile_file,
                    "TOML file overriding the road classes (see evac/profiles/)");
    cmd->callback([=] { run_import(*input, *profile, *step, *out, *cache, *profile_file); });
  }
  // plan
  {
    auto* cmd = evac->add_subcommand("plan", "make an evacuation plan");
    auto in = std::make_shared<InputOptions>();
    auto planner = std::make_shared<std::string>("qorgan");
    auto out = std::make_shared<std::string>();
    auto geojson = std::make_shared<std::string>();
    auto csv = std::make_shared<std::string>();
    auto orders = std::make_shared<std::string>();
    auto with_optimum = std::make_shared<bool>(false);
    add_input_options(cmd, *in);
    cmd->add_option("--planner", *planner, "qorgan, ccrp, shortest or optimal")
        ->check(CLI::IsMember({"qorgan", "ccrp", "shortest", "optimal"}));
    cmd->add_option("--out", *out, "plan JSON file")->required();
    cmd->add_option("--geojson", *geojson, "also write GeoJSON (networks with coordinates)");
    cmd->add_option("--csv", *csv, "also write the groups as CSV");
    cmd->add_option("--orders", *orders,
                    "also write printable HTML orders per neighbourhood (source name)");
    cmd->add_flag("--with-optimum", *with_optimum, "also compute the optimum to compare with");
    add_horizon_option(cmd, *in);
    cmd->callback([=] {
      in->seen(cmd);
      std::string kind;
      const Problem p = load_problem(*in, &kind);
      auto chosen = need(make_planner(*planner));
      RunControl control;
      control.horizon = in->horizon;
      Plan plan = need(run_timed(*chosen, p, control));
      if (*with_optimum && *planner != "optimal") {
        RunControl best_control;
        best_control.horizon = in->horizon;
        const Plan best = need(make_optimal_planner()->plan(p, best_control));
        plan.optimum = best.egress_time;
      }
      const auto report = validate(p, plan);
      if (auto ok = io::write_plan_file(*out, io::plan_head_json(p, plan, report), p, plan); !ok)
        die(ok.error().message);
      if (!geojson->empty())
        write_or_die(*geojson, need(io::plan_to_geojson(p, plan, report)).dump() + "\n");
      if (!csv->empty()) write_or_die(*csv, io::plan_groups_csv(p, plan));
      if (!orders->empty()) {
        io::OrdersOptions oo;
        oo.subtitle = fmt::format("{} planner, network {}", plan.planner, in->network);
        // Graph files are made by `evac import` from OSM extracts.
        oo.osm_attribution = kind == "osm" || kind == "graph";
        write_or_die(*orders, io::plan_orders_html(p, plan, oo));
      }
      print_summary(p, plan, report);
      if (!report.valid()) throw CLI::RuntimeError(1);
    });
  }
  // check
  {
    auto* cmd = evac->add_subcommand("check", "validate a plan file against its network");
    auto file = std::make_shared<std::string>();
    auto in = std::make_shared<InputOptions>();
    cmd->add_option("plan", *file, "plan.json")->required();
    cmd->add_option("--network", in->network, "the network the plan was made for")->required();
    cmd->add_option("--profile", in->profile, "car or foot (OSM input)")
        ->check(CLI::IsMember({"car", "foot"}));
    cmd->add_option("--step", in->step, "seconds per time step (OSM input)")
        ->check(step_seconds_range());
    cmd->add_option("--profile-file", in->profile_file, "the profile file the plan was made with");
    cmd->add_option("--cache-dir", in->cache_dir, "cache directory");
    add_dimacs_options(cmd, *in);
    cmd->callback([=] {
      in->seen(cmd);
      auto loaded = need(io::load_network(in->network, load_options(*in)));
      auto plan = need(io::read_plan_file(*file, std::move(loaded.problem.network)));
      const auto r = validate(plan.problem, plan.plan);
      if (!r.valid()) {
        std::cerr << fmt::format("error: {} is not a valid plan ({} problems):\n", *file,
                                 r.violation_count);
        for (const auto& v : r.violations) std::cerr << "  " << v << '\n';
        if (r.violation_count > r.violations.size())
          std::cerr << fmt::format("  ... and {} more\n", r.violation_count - r.violations.size());
        throw CLI::RuntimeError(1);
      }
      fmt::print(
          "{}: valid plan ({}), {} groups, {} of {} people evacuated, {} unroutable; "
          "egress {} steps, mean {:.2f} steps, total {:.0f} person-steps\n",
          *file, plan.plan.planner, plan.plan.groups.size(), r.evacuated, plan.problem.population(),
          r.unroutable, r.egress_time, r.mean_evacuation_time, r.total_evacuation_time);
    });
  }
  // compare
  {
    auto* cmd = evac->add_subcommand("compare", "run several planners on one input, print a table");
    auto in = std::make_shared<InputOptions>();
    auto names = std::make_shared<std::vector<std::string>>(planner_names());
    add_input_options(cmd, *in);
    cmd->add_option("--planners", *names, "comma-separated planners")
        ->delimiter(',')
        ->check(CLI::IsMember({"qorgan", "ccrp", "shortest", "optimal"}));
    add_horizon_option(cmd, *in);
    cmd->callback([=] {
      in->seen(cmd);
      const Problem p = load_problem(*in);
      fmt::print("{} junctions, {} arcs, {} origins with {} people, {} shelters; {} s per step\n",
                 p.network.node_count(), p.network.arc_count(), p.sources.size(), p.population(),
                 p.shelters.size(), p.network.step_seconds);
      struct Row {
        Plan plan;
        bool valid;
      };
      std::vector<Row> rows;
      std::optional<Time> optimum;
      for (const auto& name : *names) {
        RunControl control;
        control.horizon = in->horizon;
        Plan plan = need(run_timed(*need(make_planner(name)), p, control));
        if (name == "optimal") optimum = plan.egress_time;
        const bool valid = validate(p, plan).valid();
        rows.push_back({std::move(plan), valid});
      }
      fmt::print("{:<9} {:>10} {:>8} {:>9} {:>9} {:>10} {:>11} {:>6}\n", "planner", "evacuated",
                 "egress", "egress_m", "mean", "run_s", "vs_optimum", "valid");
      for (const auto& r : rows) {
        const std::string ratio =
            optimum && *optimum > 0
                ? fmt::format("{:.3f}", static_cast<double>(r.plan.egress_time) / *optimum)
                : "-";
        fmt::print("{:<9} {:>10} {:>8} {:>9} {:>9.2f} {:>10.3f} {:>11} {:>6}\n", r.plan.planner,
                   r.plan.evacuated, r.plan.egress_time,
                   minutes(r.plan.egress_time, p.network.step_seconds), r.plan.mean_evacuation_time,
                   r.plan.run_seconds, ratio, r.valid ? "yes" : "NO");
      }
    });
  }
  add_route_cli(*evac);  // route (route_cli.cpp)
}

}  // namespace qorgan::evac
