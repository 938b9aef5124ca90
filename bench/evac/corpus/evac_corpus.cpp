// The evaluation corpus of the evacuation planners: every OpenStreetMap extract in a folder
// (car and foot; evacuees from buildings, or spread over the roads where an extract has none,
// and from CSV origins; shelters at schools, few or many spread over the map, or too small for
// everyone), grid cities and random networks. Every planner runs on every input in its own
// child process with a timeout; the table gives, per input and planner, the egress and mean
// evacuation time, run time, peak memory, validity, the plan's lower bound, qorgan's ratio to
// the optimum (where `optimal` finished) and to ccrp, and how far travel times are from the
// measured seconds (in plans, and on quickest routes between random junctions). Peak memory is
// the run's own: the child's peak less what it shares with this process at the fork.
//
//   evac_corpus                                   everything (hours; one planner at a time)
//   evac_corpus --smoke                           the committed Almaty extract, tiny: seconds
//   evac_corpus --case monaco --planners qorgan,ccrp --timeout 60
//
// The extracts are read from --osm-dir (default: $QORGAN_OSM_DIR, else ../shared/data/osm
// beside the checkout); CSV origins are written to --work-dir and read back through the CSV
// reader, as a user's file would be.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bench/evac/isolated_run.hpp"
#include "core/heap_slack.hpp"
#include "evac/graph/carry_remainders.hpp"
#include "evac/graph/contract_chains.hpp"
#include "evac/graph/grid_city.hpp"
#include "evac/graph/network_builder.hpp"
#include "evac/graph/road_demand.hpp"
#include "evac/graph/route_query.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/osm/demand_estimator.hpp"

namespace evac = qorgan::evac;
namespace fs = std::filesystem;
using evac::People;

namespace {

struct Input {
  std::string name;
  evac::Problem problem;
  double route_ratio = 1;  // quickest routes: steps x step / measured seconds, mean over pairs
};

// Quickest routes (in measured seconds) between random junctions: how much longer the plan's
// whole steps make them (the route's seconds rounded once, as a plan to a shelter at its end
// counts them; with `each_arc`, every arc rounded up on its own as before). 1 when the network
// has no measured seconds.
bool g_round_each_arc = false;
double route_time_ratio(const evac::Network& net, std::uint32_t seed) {
  if (net.seconds.empty() || net.node_count() < 2) return 1;
  evac::RouteQuery q(net);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<evac::NodeIndex> node(
      0, static_cast<evac::NodeIndex>(net.node_count() - 1));
  double sum = 0;
  int n = 0;
  for (int i = 0; i < 200; ++i) {
    const auto r = q.route(node(rng), node(rng));
    if (!r || r->seconds <= 0) continue;
    double steps = r->travel_time;
    if (g_round_each_arc) {
      steps = 0;
      for (auto a : r->arcs) steps += evac::steps_for(net.seconds[a], net.step_seconds);
    }
    sum += steps * net.step_seconds / r->seconds;
    ++n;
  }
  return n > 0 ? sum / n : 1;
}

// `count` origins at random junctions sharing `people`, written as a CSV (lat,lon,count) and
// read back through the reader a user's file goes through.
std::vector<evac::Source> csv_origins(const evac::Network& net, std::size_t count, People people,
                                      const std::string& path, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<evac::NodeIndex> node(
      0, static_cast<evac::NodeIndex>(net.node_count() - 1));
  std::ofstream out(path);
  for (std::size_t i = 0; i < count; ++i) {
    const evac::NodeIndex v = node(rng);
    const People share = people / static_cast<People>(count) +
                         (static_cast<People>(i) < people % static_cast<People>(count) ? 1 : 0);
    out << fmt::format("{:.7f},{:.7f},{}\n", net.lat[v], net.lon[v], share);
  }
  out.close();
  auto sources = evac::io::read_evacuees_csv(path, net);
  if (!sources) {
    fmt::print(stderr, "{}: {}\n", path, sources.error().message);
    return {};
  }
  return std::move(*sources);
}

// Shelters at `count` junctions spread over the map with `room` places in all.
std::vector<evac::Shelter> spread(const evac::Network& net, std::size_t count, People room) {
  const People each =
      std::max<People>(1, (room + static_cast<People>(count) - 1) / static_cast<People>(count));
  auto s = evac::spread_shelters(net, count, each);
  return s ? std::move(*s) : std::vector<evac::Shelter>{};
}

// A random network: junctions scattered over a 5 km square near Almaty, each joined both ways to
// its nearest neighbours (strongly connected through a spanning chain), 20-60 km/h roads of one
// or two lanes, rounded to 30 s steps like an import.
evac::Problem random_network(int n, People people, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  std::vector<std::pair<double, double>> at(n);
  for (auto& p : at) p = {43.2 + 0.045 * u01(rng), 76.9 + 0.062 * u01(rng)};
  std::sort(at.begin(), at.end());  // a chain in latitude order keeps everything connected
  evac::NetworkBuilder b;
  b.set_step_seconds(30);
  for (int v = 0; v < n; ++v) b.add_node(v, evac::kUnlimited, at[v]);
  auto metres = [&](int a, int c) {
    const double dy = (at[a].first - at[c].first) * 111'000,
                 dx = (at[a].second - at[c].second) * 81'000;
    return std::sqrt(dx * dx + dy * dy);
  };
  auto road = [&](int a, int c) {
    const double kmh = 20 + 40 * u01(rng);
    const People cap = u01(rng) < 0.2 ? 20 : 10;
    const double s = metres(a, c) / (kmh / 3.6);
    b.add_arc(a, c, cap, evac::steps_for(s, 30), 0, s);
    b.add_arc(c, a, cap, evac::steps_for(s, 30), 0, s);
  };
  for (int v = 1; v < n; ++v) road(v - 1, v);
  for (int v = 0; v < n; ++v) {
    // Two more roads to the nearest of a few later junctions in latitude order.
    std::vector<std::pair<double, int>> near;
    for (int w = v + 2; w < std::min(n, v + 30); ++w) near.emplace_back(metres(v, w), w);
    std::sort(near.begin(), near.end());
    for (std::size_t k = 0; k < std::min<std::size_t>(2, near.size()); ++k) road(v, near[k].second);
  }
  evac::Problem p;
  p.network = *std::move(b).build();
  p.sources = *evac::spread_over_roads(p.network, people);
  p.shelters = spread(p.network, 8, people + people / 5);
  evac::carry_remainders(p);
  return p;
}

std::string default_osm_dir() {
  if (const char* d = std::getenv("QORGAN_OSM_DIR"); d && *d) return d;
  return std::string(QORGAN_SOURCE_DIR) + "/../shared/data/osm";
}

// The inputs made from one extract with one profile.
void osm_inputs(const std::string& path, const std::string& profile, const std::string& work,
                bool smoke, bool keep_junctions, std::vector<Input>& inputs) {
  evac::io::LoadOptions lo;
  lo.profile = *evac::osm::parse_profile(profile);
  lo.fold_chains = !keep_junctions;
  auto loaded = evac::io::load_network(path, lo);
  if (!loaded) {
    fmt::print("# {} ({}): {}\n", path, profile, loaded.error().message);
    return;
  }
  const std::string stem =
      fs::path(path).filename().string().substr(0, fs::path(path).filename().string().find('.'));
  const evac::Network& net = loaded->problem.network;
  const auto& osm = *loaded->osm;
  const bool buildings =
      std::ranges::count_if(osm.buildings, [](const auto& b) { return b.residential; }) >= 100;
  const std::string from = buildings ? "buildings" : "roads";
  auto people_at = [&](People n) {
    if (buildings) {
      evac::osm::PopulationSettings ps;
      ps.total = n;
      return *evac::osm::estimate_evacuees(net, osm.buildings, ps);
    }
    return *evac::spread_over_roads(net, n);
  };
  auto schools = evac::osm::pick_shelters(net, osm.shelters);
  const bool have_schools = schools && schools->size() >= 5;
  const double route_ratio = route_time_ratio(net, 7);
  auto add = [&](std::string what, std::vector<evac::Source> sources,
                 std::vector<evac::Shelter> shelters) {
    if (sources.empty() || shelters.empty()) return;
    Input in{fmt::format("{} {} {}", stem, profile, what), {}, route_ratio};
    in.problem.network = net;
    in.problem.sources = std::move(sources);
    in.problem.shelters = std::move(shelters);
    evac::carry_remainders(in.problem);
    inputs.push_back(std::move(in));
  };
  if (smoke) {
    add(fmt::format("500 {}, 3 shelters", from), people_at(500), spread(net, 3, 600));
    return;
  }
  for (People n : {People{10'000}, People{100'000}}) {
    if (have_schools) {
      auto s = *schools;
      const People each = std::max<People>(2000, (n * 6 / 5) / static_cast<People>(s.size()) + 1);
      for (auto& x : s) x.capacity = each;
      add(fmt::format("{} {}, schools", n, from), people_at(n), std::move(s));
    } else {
      add(fmt::format("{} {}, 40 shelters", n, from), people_at(n), spread(net, 40, n * 6 / 5));
    }
  }
  add(fmt::format("30000 {}, 5 shelters", from), people_at(30'000), spread(net, 5, 36'000));
  add(fmt::format("20000 {}, shelters for 80%", from), people_at(20'000), spread(net, 10, 16'000));
  const std::string csv300 = fmt::format("{}/{}-{}-300.csv", work, stem, profile);
  add("30000 csv 300 origins, 40 shelters", csv_origins(net, 300, 30'000, csv300, 300),
      spread(net, 40, 36'000));
  const std::string csv200 = fmt::format("{}/{}-{}-200.csv", work, stem, profile);
  add("40000 csv 200 origins, 5 shelters", csv_origins(net, 200, 40'000, csv200, 200),
      spread(net, 5, 48'000));
}

std::string ratio(double a, double b) {
  return b > 0 ? fmt::format("{:.3f}", a / b) : "-";
}

std::string distribution(std::vector<double> v) {
  if (v.empty()) return "no comparisons";
  std::sort(v.begin(), v.end());
  return fmt::format("worst {:.3f}, median {:.3f}, best {:.3f} over {} inputs", v.back(),
                     v[v.size() / 2], v.front(), v.size());
}

}  // namespace

int main(int argc, char** argv) {
  // The heap tuned as the server has it (app/main.cpp), so that each planner's peak memory and
  // time are those it has there: with glibc's default the peaks also held freed blocks of earlier
  // phases (Almaty by car with shelters for 80 %, qorgan: 79 MB against 69).
  qorgan::core::keep_heap_slack();
  CLI::App app{"Qorgan evacuation corpus"};
  std::string osm_dir = default_osm_dir(), work = "/tmp/qorgan-corpus", out;
  int timeout = 120;
  bool smoke = false, keep_junctions = false;
  std::vector<std::string> only, planners{"qorgan", "ccrp", "shortest", "optimal"};
  app.add_option("--osm-dir", osm_dir, "folder of .osm.pbf extracts");
  app.add_option("--work-dir", work, "where the CSV origins are written");
  app.add_option("--out", out, "also write the Markdown table to this file");
  app.add_option("--timeout", timeout, "seconds per planner run");
  app.add_option("--planners", planners, "comma-separated")->delimiter(',');
  app.add_option("--case", only, "only inputs whose name contains this; repeatable");
  app.add_flag("--smoke", smoke, "the committed Almaty extract (demo/data), one tiny input");
  app.add_flag("--keep-junctions", keep_junctions,
               "import the extracts without folding junctions (to measure what folding gains)");
  app.add_flag("--round-each-arc", g_round_each_arc,
               "every arc rounded up to whole steps on its own, as before the remainders were "
               "carried towards the shelters (to measure what carrying them gains)");
  CLI11_PARSE(app, argc, argv);
  fs::create_directories(work);

  std::vector<Input> inputs;
  if (smoke) {
    const std::string almaty = std::string(QORGAN_SOURCE_DIR) + "/demo/data/almaty-2013.osm.pbf";
    if (!fs::exists(almaty)) {
      fmt::print("# {} not found: nothing to run\n", almaty);
      return 0;
    }
    osm_inputs(almaty, "car", work, true, keep_junctions, inputs);
  } else {
    std::vector<std::string> files;
    if (fs::is_directory(osm_dir))
      for (const auto& e : fs::directory_iterator(osm_dir))
        if (e.path().string().ends_with(".osm.pbf")) files.push_back(e.path().string());
    if (files.empty())
      fmt::print("# no .osm.pbf extracts in {}: grid and random inputs only\n", osm_dir);
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
      for (const char* profile : {"car", "foot"})
        osm_inputs(f, profile, work, false, keep_junctions, inputs);
    for (auto [n, people] : {std::pair{30, People{10'000}},
                             {60, People{30'000}},
                             {100, People{100'000}},
                             {300, People{100'000}}}) {
      Input in{fmt::format("grid {}x{} {}", n, n, people),
               evac::grid_city(n, people, 16, static_cast<std::uint32_t>(n))};
      in.route_ratio = route_time_ratio(in.problem.network, 7);
      inputs.push_back(std::move(in));
    }
    for (std::uint32_t seed = 1; seed <= 5; ++seed) {
      Input in{fmt::format("random 2000 #{} 10000", seed), random_network(2000, 10'000, seed)};
      in.route_ratio = route_time_ratio(in.problem.network, 7);
      inputs.push_back(std::move(in));
    }
  }
  if (g_round_each_arc)
    for (auto& in : inputs) {
      auto& net = in.problem.network;
      for (std::size_t a = 0; a < net.seconds.size(); ++a)
        net.travel_time[a] = evac::steps_for(net.seconds[a], net.step_seconds);
    }
  if (!only.empty())
    std::erase_if(inputs, [&](const Input& in) {
      return std::ranges::none_of(
          only, [&](const std::string& o) { return in.name.find(o) != std::string::npos; });
    });

  std::string table =
      "| input | junctions | arcs | people | planner | egress | bound | mean | run s | cpu s "
      "| peak MB | valid | vs optimum | vs ccrp | plan time / measured | egress / measured "
      "| route time / measured |\n"
      "|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|\n";
  fmt::print("{}", table);
  // Besides the egress, the other two yardsticks against ccrp: the mean evacuation time
  // and the processor time (not the wall time, which another job on the machine stretches).
  std::vector<double> vs_opt, vs_ccrp, mean_vs_ccrp, cpu_vs_ccrp, plan_err, egress_err, route_err;
  bool all_valid = true;
  for (const auto& in : inputs) {
    std::map<std::string, evac::bench::Outcome> got;
    for (const auto& p : planners) got[p] = evac::bench::run_isolated(p, in.problem, timeout);
    const auto opt = got.find("optimal"), ccrp = got.find("ccrp");
    const bool have_opt = opt != got.end() && opt->second.ok && opt->second.valid;
    const bool have_ccrp = ccrp != got.end() && ccrp->second.ok && ccrp->second.valid;
    route_err.push_back(in.route_ratio);
    for (const auto& p : planners) {
      const auto& o = got[p];
      std::string row;
      if (!o.ok) {
        row = fmt::format("| {} | {} | {} | {} | {} | {} ||||||||||||\n", in.name,
                          in.problem.network.node_count(), in.problem.network.arc_count(),
                          in.problem.population(), p,
                          o.timed_out ? fmt::format("stopped after {} s", timeout) : "failed");
      } else {
        all_valid = all_valid && o.valid;
        const bool is_q = p == "qorgan";
        const std::string r_opt = have_opt ? ratio(o.egress, opt->second.egress) : "-";
        const std::string r_ccrp = is_q && have_ccrp ? ratio(o.egress, ccrp->second.egress) : "-";
        if (is_q && have_opt && opt->second.egress > 0)
          vs_opt.push_back(static_cast<double>(o.egress) / opt->second.egress);
        if (is_q && have_ccrp && ccrp->second.egress > 0)
          vs_ccrp.push_back(static_cast<double>(o.egress) / ccrp->second.egress);
        if (is_q && have_ccrp && ccrp->second.mean > 0)
          mean_vs_ccrp.push_back(o.mean / ccrp->second.mean);
        if (is_q && have_ccrp && ccrp->second.cpu_seconds > 0)
          cpu_vs_ccrp.push_back(o.cpu_seconds / ccrp->second.cpu_seconds);
        if (is_q) plan_err.push_back(o.time_ratio);
        if (is_q) egress_err.push_back(o.egress_ratio);
        row = fmt::format(
            "| {} | {} | {} | {} | {} | {} | {} | {:.2f} | {:.2f} | {:.2f} | {:.0f} | {} | {} | {} "
            "| {:.2f} | {:.2f} | {:.2f} |\n",
            in.name, in.problem.network.node_count(), in.problem.network.arc_count(),
            in.problem.population(), p, o.egress, o.lower_bound, o.mean, o.seconds, o.cpu_seconds,
            std::max(0.0, o.peak_mb - o.start_mb), o.valid ? "yes" : "NO", r_opt, r_ccrp,
            o.time_ratio, o.egress_ratio, in.route_ratio);
      }
      fmt::print("{}", row);
      std::fflush(stdout);
      table += row;
    }
  }
  const std::string summary = fmt::format(
      "\nqorgan / optimum: {}\nqorgan / ccrp: {}\nqorgan's mean / ccrp's: {}\n"
      "qorgan's processor time / ccrp's: {}\nqorgan's time on the roads / measured: {}\n"
      "qorgan's egress / the same schedule in measured seconds: {}\n"
      "quickest routes, steps / measured: {}\n",
      distribution(vs_opt), distribution(vs_ccrp), distribution(mean_vs_ccrp),
      distribution(cpu_vs_ccrp), distribution(plan_err), distribution(egress_err),
      distribution(route_err));
  fmt::print("{}", summary);
  if (!out.empty()) std::ofstream(out) << table << summary;
  return all_valid ? 0 : 1;
}
