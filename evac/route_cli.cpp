#include "evac/route_cli.hpp"

#include <charconv>
#include <chrono>
#include <iostream>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evac/cli_checks.hpp"
#include "evac/graph/nearest_node.hpp"
#include "evac/graph/route_query.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/io/network_loader.hpp"
#include "evac/osm/road_profile.hpp"

namespace qorgan::evac {

namespace {

[[noreturn]] void die(const std::string& message) {
  std::cerr << "error: " << message << '\n';
  throw CLI::RuntimeError(1);
}

struct RouteOptions {
  std::string network, from, to, profile = "car", profile_file, cache_dir;
  double step = 0;
  People dimacs_capacity = 10;
  std::int64_t length_per_step = 1;
  bool profile_given = false, dimacs_given = false;
};

bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

struct Endpoint {
  NodeIndex node;
  std::string described;
};

// "LAT,LON" snapped to the nearest junction (within io::kMaxSnapMetres), or an external node id.
Endpoint resolve(const Network& net, const NearestNode* snap, const std::string& text,
                 std::string_view option) {
  if (const auto comma = text.find(','); comma != std::string::npos) {
    double lat = 0, lon = 0;
    if (!parse_number(std::string_view(text).substr(0, comma), lat) ||
        !parse_number(std::string_view(text).substr(comma + 1), lon) || lat < -90 || lat > 90 ||
        lon < -180 || lon > 180)
      die(fmt::format("{} must be LAT,LON in degrees (or a node id), got '{}'", option, text));
    if (!snap)
      die(fmt::format("{} {}: the network has no coordinates; give a node id", option, text));
    const auto hit = snap->find(lat, lon);
    if (hit.distance_m > io::kMaxSnapMetres)
      die(fmt::format("{} {} is {:.0f} m from the nearest junction (more than {:.0f} m)", option,
                      text, hit.distance_m, io::kMaxSnapMetres));
    return {hit.node, fmt::format("{} -> junction {} ({:.0f} m away)", text, net.node_id[hit.node],
                                  hit.distance_m)};
  }
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size())
    die(fmt::format("{} must be LAT,LON or a node id, got '{}'", option, text));
  const NodeIndex v = net.find_node(id);
  if (v == kNoNode) die(fmt::format("{}: no junction with id {} in the network", option, id));
  return {v, fmt::format("junction {}", id)};
}

void run_route(const RouteOptions& o) {
  io::LoadOptions l;
  l.profile = *osm::parse_profile(o.profile);
  if (o.step > 0) l.step_seconds = o.step;
  l.cache_dir = o.cache_dir;
  l.profile_file = o.profile_file;
  l.dimacs.default_capacity = o.dimacs_capacity;
  l.dimacs.length_per_step = o.length_per_step;
  l.profile_given = o.profile_given;
  l.dimacs_given = o.dimacs_given;
  auto loaded = io::load_network(o.network, l);
  if (!loaded) die(loaded.error().message);
  const Network& net = loaded->problem.network;
  if (net.node_count() == 0) die(fmt::format("'{}' has no junctions", o.network));
  std::unique_ptr<NearestNode> snap;
  if (net.has_coordinates()) snap = std::make_unique<NearestNode>(net);
  const Endpoint from = resolve(net, snap.get(), o.from, "--from");
  const Endpoint to = resolve(net, snap.get(), o.to, "--to");

  RouteQuery query(net);
  const auto t0 = std::chrono::steady_clock::now();
  const auto route = query.route(from.node, to.node);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("from {}\nto   {}\n", from.described, to.described);
  if (!route)
    die(fmt::format("no route from junction {} to junction {} in '{}'", net.node_id[from.node],
                    net.node_id[to.node], o.network));
  const double seconds = route->travel_time * net.step_seconds;
  if (net.seconds.empty()) {
    fmt::print("travel time {} steps ({:.1f} min at {} s per step)\n", route->travel_time,
               seconds / 60, net.step_seconds);
  } else {
    // Quickest in measured seconds; a plan to a shelter here counts them rounded to a step.
    fmt::print("travel time {:.1f} min ({:.0f} s)\n", route->seconds / 60, route->seconds);
    fmt::print("in plans {} steps ({:.1f} min at {} s per step)\n", route->travel_time,
               seconds / 60, net.step_seconds);
  }
  if (net.has_coordinates())
    fmt::print("length {:.2f} km (straight between junctions)\n", route->length_m / 1000);
  fmt::print("{} junctions, {} arcs\n", route->nodes.size(), route->arcs.size());
  if (net.has_names()) {
    std::vector<std::string> streets;
    for (ArcIndex a : route->arcs) {
      const std::string& name = net.name_of(a);
      if (!name.empty() && (streets.empty() || streets.back() != name)) streets.push_back(name);
    }
    if (!streets.empty()) fmt::print("via {}\n", fmt::join(streets, ", "));
  }
  fmt::print("query {:.3f} ms, {} junctions settled ({})\n", ms, query.last_settled(),
             query.guided() ? "bidirectional A*" : "bidirectional Dijkstra");
  if (loaded->kind == "osm" || loaded->kind == "graph")
    fmt::print("Map data © OpenStreetMap contributors\n");
}

}  // namespace

void add_route_cli(CLI::App& evac) {
  auto* cmd = evac.add_subcommand("route", "the quickest route between two points");
  auto o = std::make_shared<RouteOptions>();
  cmd->add_option("--network", o->network,
                  "road network: .osm.pbf/.osm(.bz2) | .qgraph | .gr (DIMACS) | text")
      ->required();
  cmd->add_option("--from", o->from, "LAT,LON (snapped to the nearest junction) or a node id")
      ->required();
  cmd->add_option("--to", o->to, "LAT,LON (snapped to the nearest junction) or a node id")
      ->required();
  cmd->add_option("--profile", o->profile, "car or foot (OSM input)")
      ->check(CLI::IsMember({"car", "foot"}));
  cmd->add_option("--profile-file", o->profile_file,
                  "TOML file overriding the road classes (OSM input; see evac/profiles/)");
  cmd->add_option("--step", o->step, "seconds per time step (OSM input; default 30 car, 10 foot)")
      ->check(step_seconds_range());
  cmd->add_option("--cache-dir", o->cache_dir, "where imported OSM graphs are cached");
  cmd->add_option("--default-capacity", o->dimacs_capacity, "arc capacity for DIMACS input")
      ->check(whole_number_range(1, kMaxCapacity));
  cmd->add_option("--length-per-step", o->length_per_step,
                  "DIMACS input: arc length per time step (lengths are divided by it, rounded up)")
      ->check(whole_number_range(1, std::numeric_limits<std::int64_t>::max()));
  cmd->callback([o, cmd] {
    o->profile_given = cmd->count("--profile") > 0;
    o->dimacs_given = cmd->count("--default-capacity") + cmd->count("--length-per-step") > 0;
    run_route(*o);
  });
}

}  // namespace qorgan::evac
