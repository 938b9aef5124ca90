// Benchmark of the evacuation planners: run time, peak memory and egress time relative to the
// optimum, on the real OSM extracts (when present) and on generated grid cities.
//
// Every planner runs in its own forked child (isolated_run.hpp): the peak memory is that
// planner's alone, and a planner that runs past --timeout is stopped and reported as such.
//
//   evac_bench --tiny                      seconds; what CI runs
//   evac_bench                             Monaco, Almaty, grid cities (several minutes)
//   evac_bench --grid 300 --population 1000000 --planners qorgan,shortest

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bench/evac/isolated_run.hpp"
#include "evac/graph/carry_remainders.hpp"
#include "evac/graph/grid_city.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/osm/demand_estimator.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"

namespace evac = qorgan::evac;

namespace {

using evac::bench::load_average;
using evac::bench::Outcome;
using evac::bench::run_isolated;

struct Case {
  std::string name;
  evac::Problem problem;
};

std::string osm_dir() {
  if (const char* d = std::getenv("QORGAN_OSM_DIR"); d && *d) return d;
  return std::string(QORGAN_SOURCE_DIR) + "/../shared/data/osm";
}

std::optional<Case> osm_case(const std::string& file, evac::People population,
                             evac::People shelter_cap) {
  const std::string path = osm_dir() + "/" + file;
  if (!std::filesystem::exists(path)) {
    fmt::print("# {} not found in {}: skipped (set QORGAN_OSM_DIR)\n", file, osm_dir());
    return std::nullopt;
  }
  auto loaded = evac::io::load_network(path);
  if (!loaded) {
    fmt::print("# {}: {}\n", file, loaded.error().message);
    return std::nullopt;
  }
  Case c{fmt::format("{} {}", file.substr(0, file.find('.')), population),
         std::move(loaded->problem)};
  evac::osm::PopulationSettings ps;
  ps.total = population;
  c.problem.sources = *evac::osm::estimate_evacuees(c.problem.network, loaded->osm->buildings, ps);
  c.problem.shelters = *evac::osm::pick_shelters(c.problem.network, loaded->osm->shelters);
  for (auto& s : c.problem.shelters) s.capacity = shelter_cap;
  evac::carry_remainders(c.problem);
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Qorgan evacuation planner benchmark"};
  bool tiny = false;
  int timeout = 300;
  int grid = 0;
  evac::People population = 0;
  std::uint32_t seed = 3;
  std::vector<std::string> only;
  evac::Time known_optimum = 0;
  std::vector<std::string> planners = evac::planner_names();
  app.add_flag("--tiny", tiny, "small inputs only, finishes in seconds");
  app.add_option("--timeout", timeout, "seconds per planner run");
  app.add_option("--grid", grid, "only this grid city (N x N junctions)");
  app.add_option("--population", population, "evacuees for --grid");
  app.add_option("--planners", planners, "comma-separated")->delimiter(',');
  app.add_option("--case", only,
                 "only the default cases whose name contains this (e.g. 'almaty-2013 500000'); "
                 "repeatable");
  app.add_option("--seed", seed, "seed of the --grid city");
  app.add_option("--optimum", known_optimum,
                 "optimum egress known from an earlier run, for vs_opt when optimal is not run "
                 "(single case only)");
  CLI11_PARSE(app, argc, argv);

  std::vector<Case> cases;
  if (tiny) {
    cases.push_back({"grid 10x10, 2000", evac::grid_city(10, 2'000, 4, 1)});
    cases.push_back({"grid 20x20, 10000", evac::grid_city(20, 10'000, 8, 2)});
  } else if (grid > 0) {
    const evac::People pop = population > 0 ? population : static_cast<evac::People>(grid) * grid;
    cases.push_back(
        {fmt::format("grid {}x{}, {}", grid, grid, pop), evac::grid_city(grid, pop, 16, seed)});
  } else {
    if (auto c = osm_case("monaco.osm.pbf", 38'000, 5'000)) cases.push_back(std::move(*c));
    if (auto c = osm_case("almaty-2013.osm.pbf", 100'000, 5'000)) cases.push_back(std::move(*c));
    if (auto c = osm_case("almaty-2013.osm.pbf", 500'000, 5'000)) cases.push_back(std::move(*c));
    cases.push_back({"grid 100x100, 100000", evac::grid_city(100, 100'000, 16, 4)});
  }
  if (!only.empty()) {
    std::erase_if(cases, [&](const Case& c) {
      return std::none_of(only.begin(), only.end(), [&](const std::string& o) {
        return c.name.find(o) != std::string::npos;
      });
    });
  }

  // run_s is wall time, cpu_s the planner's CPU time over all its threads, plan_MB its peak
  // resident memory when the plan was made, peak_MB the child's peak with validation; load is
  // the 1-minute load average when the run ended (the machine is shared).
  fmt::print(
      "{:<24} {:>8} {:>8} {:>9} {:<9} {:>7} {:>7} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>6} "
      "{:>5}\n",
      "input", "nodes", "arcs", "people", "planner", "egress", "vs_opt", "mean", "run_s", "cpu_s",
      "plan_MB", "peak_MB", "groups", "valid", "load");
  bool all_valid = true;
  for (const auto& c : cases) {
    std::vector<std::pair<std::string, Outcome>> rows;
    std::vector<std::string> loads;
    std::optional<evac::Time> optimum;
    for (const auto& name : planners) {
      Outcome o = run_isolated(name, c.problem, timeout);
      if (name == "optimal" && o.ok) optimum = o.egress;
      rows.emplace_back(name, o);
      loads.push_back(load_average());
    }
    if (!optimum && known_optimum > 0) optimum = known_optimum;
    std::size_t row = 0;
    for (const auto& [name, o] : rows) {
      const std::string& load = loads[row++];
      if (!o.ok) {
        fmt::print("{:<24} {:>8} {:>8} {:>9} {:<9} {}\n", c.name, c.problem.network.node_count(),
                   c.problem.network.arc_count(), c.problem.population(), name,
                   o.timed_out ? fmt::format("stopped after {} s (load {})", timeout, load)
                               : fmt::format("failed (load {})", load));
        continue;
      }
      all_valid = all_valid && o.valid;
      const std::string ratio =
          optimum && *optimum > 0 ? fmt::format("{:.3f}", static_cast<double>(o.egress) / *optimum)
                                  : "-";
      fmt::print(
          "{:<24} {:>8} {:>8} {:>9} {:<9} {:>7} {:>7} {:>8.2f} {:>9.3f} {:>8.2f} {:>8.1f} {:>8.1f} "
          "{:>8} {:>6} {:>5}\n",
          c.name, c.problem.network.node_count(), c.problem.network.arc_count(),
          c.problem.population(), name, o.egress, ratio, o.mean, o.seconds, o.cpu_seconds,
          o.plan_peak_mb, o.peak_mb, o.groups, o.valid ? "yes" : "NO", load);
    }
  }
  return all_valid ? 0 : 1;
}
