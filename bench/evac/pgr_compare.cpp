// Qorgan's half of the pgRouting comparison (bench/evac/pgrouting.sh): exports a network as a
// pgRouting edge table, draws random node pairs, answers them with RouteQuery and computes the
// per-step max-flow with LEMON's Preflow, writing everything the script needs into one folder:
//
//   edges.csv        id,source,target,cost,reverse_cost,capacity,reverse_capacity
//                    (arcs u->v and v->u paired into one row where both exist, as pgRouting
//                    expects; cost = the route query's arc weight: milliseconds where the
//                    network has measured seconds, else steps; -1 where a direction is missing)
//   flow_extra.csv   the super source -> origin (capacity: people) and shelter -> super sink
//                    (capacity: places) rows, same columns
//   pairs.csv        pair,source,target   (pgRouting vertex ids: node index + 1)
//   ours.csv         pair,travel_time,micros  (the ALT pass; travel_time in the edges' cost units)
//   ours.env         KEY=VALUE lines: sizes, load time, query figures of both passes (GEO_*:
//                    geometric bound, no preprocessing; ALT_*: landmarks), max-flow figures
//
//   evac_pgr_compare --dir D [--network F | --grid N] [--pairs 1000] [--seed 1]
//                    [--population 100000] [--shelter-capacity 5000] [--landmarks 16]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>
#include <fmt/os.h>
#include <CLI/CLI.hpp>

#include "evac/graph/grid_city.hpp"
#include "evac/graph/max_flow.hpp"
#include "evac/graph/route_query.hpp"
#include "evac/graph/shortest_paths.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/osm/demand_estimator.hpp"

namespace evac = qorgan::evac;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Pairs u->v with an unused v->u of the network into one pgRouting row.
// Costs are the route query's own arc weights (milliseconds where the network has measured
// seconds, else steps), so that both routers minimise the same sum.
void write_edges(const evac::Network& net, const std::string& path, std::size_t& rows) {
  evac::RouteQuery weights(net);
  auto out = fmt::output_file(path);
  out.print("id,source,target,cost,reverse_cost,capacity,reverse_capacity\n");
  std::map<std::pair<evac::NodeIndex, evac::NodeIndex>, std::vector<evac::ArcIndex>> open;
  std::vector<bool> used(net.arc_count(), false);
  for (evac::ArcIndex a = 0; a < net.arc_count(); ++a)
    open[{net.tail[a], net.head[a]}].push_back(a);
  rows = 0;
  for (evac::ArcIndex a = 0; a < net.arc_count(); ++a) {
    if (used[a]) continue;
    used[a] = true;
    const evac::NodeIndex u = net.tail[a], v = net.head[a];
    evac::ArcIndex back = evac::kNoArc;
    if (auto it = open.find({v, u}); it != open.end())
      for (evac::ArcIndex b : it->second)
        if (!used[b]) {
          back = b;
          used[b] = true;
          break;
        }
    ++rows;
    if (back == evac::kNoArc)
      out.print("{},{},{},{},-1,{},-1\n", rows, u + 1, v + 1, weights.arc_weight(a),
                net.capacity[a]);
    else
      out.print("{},{},{},{},{},{},{}\n", rows, u + 1, v + 1, weights.arc_weight(a),
                weights.arc_weight(back), net.capacity[a], net.capacity[back]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Qorgan's half of the pgRouting comparison"};
  std::string dir, network;
  int grid = 0, pairs = 1000;
  std::uint32_t seed = 1;
  evac::People population = 100'000, shelter_capacity = 5'000;
  int landmarks = 16;
  app.add_option("--dir", dir, "output folder")->required();
  app.add_option("--network", network, "road network (OSM, .qgraph, .gr, text)");
  app.add_option("--grid", grid, "a generated grid city of N x N junctions instead");
  app.add_option("--pairs", pairs, "random node pairs to route");
  app.add_option("--seed", seed, "random seed for the pairs");
  app.add_option("--population", population, "evacuees (OSM buildings or grid)");
  app.add_option("--shelter-capacity", shelter_capacity, "places per OSM shelter");
  app.add_option("--landmarks", landmarks, "landmarks for the ALT pass");
  CLI11_PARSE(app, argc, argv);
  if (network.empty() == (grid == 0)) {
    fmt::print(stderr, "error: give exactly one of --network and --grid\n");
    return 1;
  }
  std::filesystem::create_directories(dir);

  // Load (what a Qorgan process does once, while pgRouting reads its table at every call).
  auto t0 = Clock::now();
  evac::Problem p;
  std::string name;
  if (grid > 0) {
    p = evac::grid_city(grid, population, 16, 3);  // the same city as evac_bench --grid
    name = fmt::format("grid {}x{}", grid, grid);
  } else {
    auto loaded = evac::io::load_network(network);
    if (!loaded) {
      fmt::print(stderr, "error: {}\n", loaded.error().message);
      return 1;
    }
    p = std::move(loaded->problem);
    name = std::filesystem::path(network).filename().string();
    name = name.substr(0, name.find('.'));
    if (loaded->osm) {
      evac::osm::PopulationSettings ps;
      ps.total = population;
      auto sources = evac::osm::estimate_evacuees(p.network, loaded->osm->buildings, ps);
      auto shelters = evac::osm::pick_shelters(p.network, loaded->osm->shelters);
      if (!sources || !shelters) {
        fmt::print(stderr, "error: {}\n",
                   !sources ? sources.error().message : shelters.error().message);
        return 1;
      }
      p.sources = std::move(*sources);
      p.shelters = std::move(*shelters);
      for (auto& s : p.shelters) s.capacity = shelter_capacity;
    }
  }
  const double load_ms = ms_since(t0);
  const evac::Network& net = p.network;
  const auto n = static_cast<evac::NodeIndex>(net.node_count());
  if (n < 2) {
    fmt::print(stderr, "error: the network has fewer than two junctions\n");
    return 1;
  }

  std::size_t rows = 0;
  write_edges(net, dir + "/edges.csv", rows);

  // Distinct random pairs of distinct junctions.
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<evac::NodeIndex> node(0, n - 1);
  std::vector<std::pair<evac::NodeIndex, evac::NodeIndex>> query;
  std::set<std::pair<evac::NodeIndex, evac::NodeIndex>> seen;
  while (static_cast<int>(query.size()) < pairs &&
         seen.size() < static_cast<std::size_t>(n) * (n - 1)) {
    const evac::NodeIndex s = node(rng), t = node(rng);
    if (s != t && seen.insert({s, t}).second) query.emplace_back(s, t);
  }
  {
    auto out = fmt::output_file(dir + "/pairs.csv");
    out.print("pair,source,target\n");
    for (std::size_t i = 0; i < query.size(); ++i)
      out.print("{},{},{}\n", i + 1, query[i].first + 1, query[i].second + 1);
  }

  // Route queries, each timed on its own: first with the geometric bound (no preprocessing, what
  // `evac route` does for one query), then with landmarks (ALT, preprocessing timed apart).
  struct Pass {
    std::string key;
    double prepare_ms = 0, total_ms = 0;
    std::vector<double> micros;
    std::vector<std::int64_t> times;  // route weights (see write_edges)
    std::size_t settled = 0;
    double pct(double q) const {
      std::vector<double> sorted = micros;
      std::sort(sorted.begin(), sorted.end());
      return sorted.empty()
                 ? 0.0
                 : sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * sorted.size()))];
    }
  };
  auto run_pass = [&](std::string key, evac::RouteQueryOptions options) {
    Pass pass{std::move(key)};
    auto t = Clock::now();
    evac::RouteQuery rq(net, options);
    pass.prepare_ms = ms_since(t);
    pass.micros.resize(query.size());
    pass.times.resize(query.size());
    if (!query.empty()) (void)rq.weight(query[0].first, query[0].second);  // untimed, as SQL's
    const auto all0 = Clock::now();
    for (std::size_t i = 0; i < query.size(); ++i) {
      const auto q0 = Clock::now();
      pass.times[i] = rq.weight(query[i].first, query[i].second);
      pass.micros[i] = std::chrono::duration<double, std::micro>(Clock::now() - q0).count();
      pass.settled += rq.last_settled();
    }
    pass.total_ms = ms_since(all0);
    return std::pair{std::move(pass), rq.landmark_count()};
  };
  auto [geo, no_landmarks] = run_pass("GEO", {});
  auto [alt, landmark_count] = run_pass("ALT", {.landmarks = landmarks});
  (void)no_landmarks;
  std::size_t unreachable = 0, disagree = 0;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (alt.times[i] == std::int64_t{evac::kUnreachable}) ++unreachable;
    if (alt.times[i] != geo.times[i]) ++disagree;
  }
  {
    auto out = fmt::output_file(dir + "/ours.csv");
    out.print("pair,travel_time,micros\n");
    for (std::size_t i = 0; i < query.size(); ++i) {
      if (alt.times[i] == std::int64_t{evac::kUnreachable})
        out.print("{},,{:.3f}\n", i + 1, alt.micros[i]);
      else
        out.print("{},{},{:.3f}\n", i + 1, alt.times[i], alt.micros[i]);
    }
  }

  // Max-flow from the origins' super source to the shelters' super sink.
  const std::size_t super_source = n + 1, super_sink = n + 2;
  {
    auto out = fmt::output_file(dir + "/flow_extra.csv");
    out.print("id,source,target,cost,reverse_cost,capacity,reverse_capacity\n");
    std::size_t id = rows;
    for (const auto& s : p.sources)
      out.print("{},{},{},1,-1,{},-1\n", ++id, super_source, s.node + 1, s.count);
    for (const auto& h : p.shelters)
      out.print("{},{},{},1,-1,{},-1\n", ++id, h.node + 1, super_sink, h.capacity);
  }
  // Best of three, as on the PostgreSQL side: the machine may be shared.
  evac::MaxFlowResult flow;
  double flow_ms = 0;
  for (int run = 0; run < 3; ++run) {
    t0 = Clock::now();
    flow = evac::max_flow_per_step(p);
    const double took = ms_since(t0);
    flow_ms = run == 0 ? took : std::min(flow_ms, took);
  }

  auto env = fmt::output_file(dir + "/ours.env");
  env.print("NAME='{}'\nNODES={}\nARCS={}\nROWS={}\nPAIRS={}\nUNREACHABLE={}\n", name, n,
            net.arc_count(), rows, query.size(), unreachable);
  env.print("POPULATION={}\nORIGINS={}\nSHELTERS={}\nSUPER_SOURCE={}\nSUPER_SINK={}\n",
            p.population(), p.sources.size(), p.shelters.size(), super_source, super_sink);
  env.print("LOAD_MS={:.3f}\nLANDMARKS={}\nDISAGREE={}\n", load_ms, landmark_count, disagree);
  for (const Pass* pass : {&geo, &alt}) {
    const double count = static_cast<double>(std::max<std::size_t>(1, query.size()));
    env.print("{0}_PREPARE_MS={1:.3f}\n{0}_TOTAL_MS={2:.3f}\n{0}_MEAN_US={3:.3f}\n", pass->key,
              pass->prepare_ms, pass->total_ms, pass->total_ms * 1000 / count);
    env.print("{0}_MEDIAN_US={1:.3f}\n{0}_P95_US={2:.3f}\n{0}_SETTLED={3:.1f}\n", pass->key,
              pass->pct(0.5), pass->pct(0.95), static_cast<double>(pass->settled) / count);
  }
  env.print("FLOW_VALUE={}\nFLOW_MS={:.3f}\nFLOW_CUT_ARCS={}\n", flow.value, flow_ms,
            flow.cut_arcs.size());
  return 0;
}
