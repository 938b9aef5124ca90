#include "evac/io/text_network_reader.hpp"

#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "evac/graph/network_builder.hpp"
#include "evac/io/line_parser.hpp"

namespace qorgan::evac::io {

namespace {

struct PendingArc {
  std::int64_t from, to;
  People capacity;
  Time time;
  int line;
};
struct PendingSource {
  std::int64_t node;
  People count;
  Time earliest;
  std::string name;
  int line;
};
struct PendingSink {
  std::int64_t node;
  People capacity;
  std::string name;
  int line;
};

std::string join_from(const std::vector<std::string_view>& f, std::size_t i) {
  std::string s;
  for (; i < f.size(); ++i) {
    if (!s.empty()) s += ' ';
    s += f[i];
  }
  return s;
}

}  // namespace

Result<Problem> read_text_network(std::istream& in, const std::string& source_name) {
  NetworkBuilder builder;
  std::vector<PendingArc> arcs;
  std::vector<PendingSource> sources;
  std::vector<PendingSink> sinks;
  std::optional<std::size_t> declared_arcs;
  std::string line;
  int line_no = 0;
  const LineErrors err(source_name, line_no);
  bool ended = false;
  People population = 0;  // at most 2 * kMaxPeople: checked after every source
  while (std::getline(in, line)) {
    ++line_no;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto f = split_fields(line);
    if (f.empty()) continue;
    if (ended) return err("text after 'end'");
    const auto& kw = f[0];
    if (kw == "end") {
      ended = true;
    } else if (kw == "step_seconds") {
      auto v = f.size() == 2 ? parse_number<double>(f[1]) : std::nullopt;
      if (!v || !step_seconds_ok(*v))
        return err(
            "step_seconds needs one number of seconds above 0 and at most {}, "
            "got '{}'",
            kMaxStepSeconds, f.size() == 2 ? shown(f[1]) : "");
      builder.set_step_seconds(*v);
    } else if (kw == "nodes") {
      if (f.size() != 2) return err("'nodes N' needs a count N >= 0");
      auto v = parse_number<std::int64_t>(f[1]);
      if (!v) return err(not_an_integer(term("node count"), f[1], kMaxJunctions));
      if (*v < 0) return err("'nodes N' needs a count N >= 0");
      // Beyond it a line of a few bytes would claim gigabytes.
      if (*v > kMaxJunctions)
        return err("node count {} is too large (at most {})", *v, kMaxJunctions);
      for (std::int64_t i = 0; i < *v; ++i) builder.add_node(i);
    } else if (kw == "arcs") {
      auto v = f.size() == 2 ? parse_number<std::int64_t>(f[1]) : std::nullopt;
      if (!v || *v < 0) return err("'arcs M' needs a count M >= 0");
      if (*v > kMaxArcs) return err("arc count {} is too large (at most {})", *v, kMaxArcs);
      declared_arcs = static_cast<std::size_t>(*v);
    } else if (kw == "node") {
      if (f.size() < 2) return err("'node' needs an id");
      auto id = parse_number<std::int64_t>(f[1]);
      if (!id) return err("node id '{}' is not an integer", f[1]);
      People holding = kUnlimited;
      std::optional<double> lat, lon;
      for (std::size_t i = 2; i < f.size(); ++i) {
        auto eq = f[i].find('=');
        if (eq == std::string_view::npos) return err("expected key=value, got '{}'", f[i]);
        auto key = f[i].substr(0, eq);
        auto val = f[i].substr(eq + 1);
        if (key == "holding") {
          auto v = parse_number<People>(val);
          if (!v) return err(not_an_integer(term("holding capacity"), val, kMaxCapacity));
          if (*v < 0) return err("holding capacity must be >= 0, got '{}'", val);
          if (*v > kMaxCapacity)
            return err("holding capacity must be at most {}, got {}", kMaxCapacity, *v);
          holding = *v;
        } else if (key == "lat" || key == "lon") {
          auto v = parse_number<double>(val);
          if (!v) return err("{} '{}' is not a number", key, shown(val));
          (key == "lat" ? lat : lon) = *v;
        } else {
          return err("unknown node attribute '{}'", key);
        }
      }
      if (lat.has_value() != lon.has_value()) return err("give both lat= and lon= or neither");
      if (lat && (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180))
        return err("coordinates out of range");
      std::optional<std::pair<double, double>> ll;
      if (lat) ll = std::pair{*lat, *lon};
      builder.add_node(*id, holding, ll);
    } else if (kw == "arc" || kw == "edge") {
      if (f.size() != 5)
        return err("'{}' needs: from to capacity travel_time ({} fields given)", kw, f.size() - 1);
      auto from = parse_number<std::int64_t>(f[1]);
      auto to = parse_number<std::int64_t>(f[2]);
      auto cap = parse_number<People>(f[3]);
      auto time = parse_number<Time>(f[4]);
      if (!from || !to) return err("arc endpoints must be integer node ids");
      if (!cap) return err(not_an_integer(term("arc capacity"), f[3], kMaxCapacity));
      if (*cap < 1) return err("arc capacity must be at least 1, got {}", *cap);
      if (*cap > kMaxCapacity)
        return err("arc capacity must be at most {} people per step, got {}", kMaxCapacity, *cap);
      if (!time) return err(not_an_integer(term("arc travel time"), f[4], kMaxSteps));
      if (*time < 1) return err("arc travel time must be at least 1 step, got {}", *time);
      if (*time > kMaxSteps)
        return err("arc travel time must be at most {} steps, got {}", kMaxSteps, *time);
      arcs.push_back({*from, *to, *cap, *time, line_no});
      if (kw == "edge") arcs.push_back({*to, *from, *cap, *time, line_no});
    } else if (kw == "source") {
      if (f.size() < 3) return err("'source' needs: node count [earliest=T] [name]");
      auto node = parse_number<std::int64_t>(f[1]);
      auto count = parse_number<People>(f[2]);
      if (!node) return err("source node must be an integer id");
      if (!count && !f[2].starts_with('-'))
        return err(not_an_integer(term("source count"), f[2], kMaxPeople));
      if (!count || *count < 1)
        return err("source count must be at least 1, got '{}'", shown(f[2]));
      if (*count > kMaxPeople)
        return err("source count must be at most {} people, got {}", kMaxPeople, *count);
      population += *count;
      if (population > kMaxPeople)
        return err("the sources hold {} people so far, more than {} in all", population,
                   kMaxPeople);
      Time earliest = 0;
      std::size_t name_from = 3;
      if (f.size() > 3 && f[3].starts_with("earliest=")) {
        auto v = parse_number<Time>(f[3].substr(9));
        if (!v || *v < 0 || *v > kMaxSteps)
          return err("earliest= needs a time step from 0 to {}, got '{}'", kMaxSteps,
                     shown(f[3].substr(9)));
        earliest = *v;
        name_from = 4;
      }
      sources.push_back({*node, *count, earliest, join_from(f, name_from), line_no});
    } else if (kw == "sink") {
      if (f.size() < 3) return err("'sink' needs: node capacity [name]");
      auto node = parse_number<std::int64_t>(f[1]);
      auto cap = parse_number<People>(f[2]);
      if (!node) return err("sink node must be an integer id");
      if (!cap && !f[2].starts_with('-'))
        return err(not_an_integer(term("sink capacity"), f[2], kMaxCapacity));
      if (!cap || *cap < 1) return err("sink capacity must be at least 1, got '{}'", shown(f[2]));
      if (*cap > kMaxCapacity)
        return err("sink capacity must be at most {} places, got {}", kMaxCapacity, *cap);
      sinks.push_back({*node, *cap, join_from(f, 3), line_no});
    } else {
      return err("unknown keyword '{}'", shown(kw));
    }
  }
  if (in.bad()) return fail("{}: read error", source_name);
  if (declared_arcs && *declared_arcs != arcs.size())
    return fail("{}: file declares {} arcs but has {} (truncated?)", source_name, *declared_arcs,
                arcs.size());
  auto built = std::move(builder).build();
  if (!built) return fail(part("{}: ", source_name), std::move(built.error()));
  // Arcs are resolved after all nodes are known so that declaration order does not matter.
  Network& net = *built;
  auto resolve = [&](std::int64_t id, int at) -> Result<NodeIndex> {
    NodeIndex v = net.find_node(id);
    if (v == kNoNode) return fail(part("{}:{}: ", source_name, at), part("unknown node {}", id));
    return v;
  };
  Problem p;
  {
    NetworkBuilder b;
    b.set_step_seconds(net.step_seconds);
    for (NodeIndex v = 0; v < net.node_count(); ++v) {
      std::optional<std::pair<double, double>> ll;
      if (net.has_coordinates()) ll = std::pair{net.lat[v], net.lon[v]};
      b.add_node(net.node_id[v], net.holding[v], ll);
    }
    for (const auto& a : arcs) {
      auto u = resolve(a.from, a.line);
      if (!u) return std::unexpected(u.error());
      auto v = resolve(a.to, a.line);
      if (!v) return std::unexpected(v.error());
      b.add_arc(*u, *v, a.capacity, a.time);
    }
    auto done = std::move(b).build();
    if (!done) return fail(part("{}: ", source_name), std::move(done.error()));
    p.network = std::move(*done);
  }
  for (const auto& s : sources) {
    auto v = resolve(s.node, s.line);
    if (!v) return std::unexpected(v.error());
    p.sources.push_back({*v, s.count, s.earliest, s.name});
  }
  for (const auto& s : sinks) {
    auto v = resolve(s.node, s.line);
    if (!v) return std::unexpected(v.error());
    p.shelters.push_back({*v, s.capacity, s.name});
  }
  return p;
}

Result<Problem> read_text_network_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot open network file '{}'", path);
  return read_text_network(in, path);
}

}  // namespace qorgan::evac::io
