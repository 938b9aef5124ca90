#include "evac/io/plan_json.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "evac/graph/carry_remainders.hpp"

namespace qorgan::evac::io {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "qorgan-evac-plan";
constexpr int kVersion = 1;
constexpr std::size_t kBottlenecks = 10;

std::string hex(std::uint64_t v) {
  return fmt::format("{:016x}", v);
}

struct NotAnInteger : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A JSON integer in T's range. nlohmann's get<T>() converts a float or an out-of-range integer
// without a check (1e70 to int is undefined behaviour; 2.5 people would silently become 2).
template <typename T>
T integer(const json& j) {
  using L = std::numeric_limits<T>;
  bool ok = false;
  if (j.is_number_unsigned()) {
    ok = j.get<std::uint64_t>() <= static_cast<std::uint64_t>(L::max());
  } else if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    ok = v >= static_cast<std::int64_t>(L::min()) &&
         (v < 0 || static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(L::max()));
  }
  if (!ok)
    throw NotAnInteger(
        fmt::format("expected an integer from {} to {}, got {}", L::min(), L::max(), j.dump()));
  return static_cast<T>(j.get<std::int64_t>());
}

}  // namespace

json plan_head_json(const Problem& problem, const Plan& plan, const ValidationReport& report) {
  const Network& net = problem.network;
  json doc;
  doc["format"] = kFormat;
  doc["version"] = kVersion;
  doc["planner"] = plan.planner;
  doc["run_seconds"] = plan.run_seconds;
  doc["step_seconds"] = net.step_seconds;
  doc["network"] = {{"nodes", net.node_count()},
                    {"arcs", net.arc_count()},
                    {"fingerprint", hex(net.fingerprint())}};
  doc["problem_fingerprint"] = hex(problem.fingerprint());
  json sources = json::array();
  for (const auto& s : problem.sources)
    sources.push_back({{"node", net.node_id[s.node]},
                       {"count", s.count},
                       {"earliest_departure", s.earliest_departure},
                       {"name", s.name}});
  doc["sources"] = std::move(sources);
  json shelters = json::array();
  for (const auto& s : problem.shelters)
    shelters.push_back({{"node", net.node_id[s.node]}, {"capacity", s.capacity}, {"name", s.name}});
  doc["shelters"] = std::move(shelters);

  json unroutable = json::array();
  for (const auto& u : plan.unroutable)
    unroutable.push_back({{"source", u.source},
                          {"origin", net.node_id[problem.sources[u.source].node]},
                          {"count", u.count},
                          {"reason", u.reason}});
  doc["unroutable"] = std::move(unroutable);
  doc["population"] = problem.population();
  doc["evacuated"] = plan.evacuated;
  doc["egress_time"] = plan.egress_time;
  doc["egress_seconds"] = plan.egress_time * net.step_seconds;
  doc["total_evacuation_time"] = plan.total_evacuation_time;
  doc["mean_evacuation_time"] = plan.mean_evacuation_time;
  doc["mean_evacuation_seconds"] = plan.mean_evacuation_time * net.step_seconds;

  json arrivals = json::array();
  for (std::size_t s = 0; s < problem.shelters.size(); ++s) {
    json by_time = json::array();
    People received = 0;
    if (s < report.shelter_arrivals.size()) {
      for (auto [t, n] : report.shelter_arrivals[s]) {
        received += n;
        by_time.push_back({t, n});
      }
    }
    arrivals.push_back({{"shelter", s},
                        {"name", problem.shelters[s].name},
                        {"capacity", problem.shelters[s].capacity},
                        {"received", received},
                        {"by_time", std::move(by_time)}});
  }
  doc["shelter_arrivals"] = std::move(arrivals);

  auto load_json = [&](const ArcLoad& l) {
    json j{{"arc", l.arc},
           {"from", net.node_id[net.tail[l.arc]]},
           {"to", net.node_id[net.head[l.arc]]},
           {"capacity", net.capacity[l.arc]},
           {"peak", l.peak},
           {"peak_time", l.peak_time},
           {"saturated_steps", l.saturated_steps},
           {"total", l.total}};
    if (!net.name_of(l.arc).empty()) j["street"] = net.name_of(l.arc);  // for people only
    return j;
  };
  json loads = json::array();
  for (const auto& l : report.arc_loads) loads.push_back(load_json(l));
  doc["arc_loads"] = std::move(loads);
  // Bottlenecks: arcs that were full for the most steps, then the fullest.
  std::vector<ArcLoad> sorted = report.arc_loads;
  std::stable_sort(sorted.begin(), sorted.end(), [&](const ArcLoad& a, const ArcLoad& b) {
    if (a.saturated_steps != b.saturated_steps) return a.saturated_steps > b.saturated_steps;
    return a.peak * net.capacity[b.arc] > b.peak * net.capacity[a.arc];
  });
  json bottlenecks = json::array();
  for (std::size_t i = 0; i < std::min(kBottlenecks, sorted.size()); ++i)
    if (sorted[i].saturated_steps > 0) bottlenecks.push_back(load_json(sorted[i]));
  doc["bottlenecks"] = std::move(bottlenecks);

  json compared = json::object();
  if (plan.optimum) {
    compared["optimum"] = *plan.optimum;
    if (*plan.optimum > 0)
      compared["egress_over_optimum"] = static_cast<double>(plan.egress_time) / *plan.optimum;
  }
  if (plan.lower_bound) compared["lower_bound"] = *plan.lower_bound;
  doc["compared_with"] = std::move(compared);
  return doc;
}

void write_plan_json(std::ostream& out, const json& head, const Problem& problem,
                     const Plan& plan) {
  const Network& net = problem.network;
  // The head's keys in their (sorted) order, with "groups" in its place among them; a group
  // per line, written as it goes, so memory does not grow with the plan.
  std::string buf;
  auto flush = [&] {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  };
  auto write_groups = [&] {
    buf += "[";
    for (std::size_t i = 0; i < plan.groups.size(); ++i) {
      const auto& g = plan.groups[i];
      fmt::format_to(std::back_inserter(buf),
                     "{}\n  {{\"arrival\":{},\"count\":{},\"departure\":{},\"destination\":{},"
                     "\"origin\":{},\"route\":[",
                     i == 0 ? "" : ",", g.arrival, g.count, g.departure,
                     net.node_id[problem.shelters[g.shelter].node],
                     net.node_id[problem.sources[g.source].node]);
      for (std::size_t k = 0; k < g.route.size(); ++k) {
        const auto& st = g.route[k];
        fmt::format_to(std::back_inserter(buf),
                       "{}{{\"arc\":{},\"enter\":{},\"from\":{},\"to\":{}}}", k == 0 ? "" : ",",
                       st.arc, st.enter, net.node_id[net.tail[st.arc]],
                       net.node_id[net.head[st.arc]]);
      }
      fmt::format_to(std::back_inserter(buf), "],\"shelter\":{},\"source\":{}}}", g.shelter,
                     g.source);
      if (buf.size() > (1u << 16)) flush();
    }
    buf += plan.groups.empty() ? "]" : "\n ]";
  };
  buf += "{";
  bool first = true, groups_written = false;
  auto key = [&](std::string_view k) {
    fmt::format_to(std::back_inserter(buf), "{}\n \"{}\":", first ? "" : ",", k);
    first = false;
  };
  for (const auto& [k, v] : head.items()) {
    if (!groups_written && k > std::string_view("groups")) {
      key("groups");
      write_groups();
      groups_written = true;
    }
    if (k == "groups") continue;  // the plan's own groups, never the head's
    key(k);
    buf += v.dump(-1, ' ', false, json::error_handler_t::replace);
    flush();
  }
  if (!groups_written) {
    key("groups");
    write_groups();
  }
  buf += "\n}\n";
  flush();
}

Result<LoadedPlan> plan_from_json(const json& doc, Network network) {
  // nlohmann throws on a wrong type; this is the boundary where that becomes an error value.
  try {
    if (!doc.is_object() || doc.value("format", "") != kFormat)
      return fail("not a Qorgan evacuation plan (missing \"format\": \"qorgan-evac-plan\")");
    if (integer<int>(doc.at("version")) != kVersion)
      return fail("unsupported plan version {}", doc.at("version").dump());
    const auto& nj = doc.at("network");
    // A plan is made on the network fitted to its shelters (carry_remainders), so its
    // fingerprint is that one's; plans made before the fitting name the network as loaded.
    const auto stated = nj.at("fingerprint").get<std::string>();
    const bool as_loaded = stated == hex(network.fingerprint());
    auto another_network = [&](const Network& have) {
      return fail(
          "the plan was made for another network ({} nodes, {} arcs, fingerprint {}); this "
          "network has {} nodes, {} arcs, fingerprint {}",
          nj.at("nodes").dump(), nj.at("arcs").dump(), stated, have.node_count(), have.arc_count(),
          hex(have.fingerprint()));
    };
    if (!as_loaded && network.seconds.empty()) return another_network(network);
    LoadedPlan out;
    auto node = [&](const json& j, const std::string& where) -> Result<NodeIndex> {
      const auto id = integer<std::int64_t>(j);
      const NodeIndex v = network.find_node(id);
      if (v == kNoNode) {
        if (!as_loaded) return another_network(network);
        return fail("{}: node {} is not in the network", where, id);
      }
      return v;
    };
    const auto& sj = doc.at("sources");
    for (std::size_t i = 0; i < sj.size(); ++i) {
      auto v = node(sj[i].at("node"), fmt::format("sources[{}]", i));
      if (!v) return std::unexpected(v.error());
      out.problem.sources.push_back({*v, integer<People>(sj[i].at("count")),
                                     integer<Time>(sj[i].value("earliest_departure", json(0))),
                                     sj[i].value("name", "")});
    }
    const auto& hj = doc.at("shelters");
    for (std::size_t i = 0; i < hj.size(); ++i) {
      auto v = node(hj[i].at("node"), fmt::format("shelters[{}]", i));
      if (!v) return std::unexpected(v.error());
      out.problem.shelters.push_back(
          {*v, integer<People>(hj[i].at("capacity")), hj[i].value("name", "")});
    }
    out.problem.network = std::move(network);
    if (!as_loaded) {
      carry_remainders(out.problem);
      if (stated != hex(out.problem.network.fingerprint()))
        return another_network(out.problem.network);
    }
    const Network& net = out.problem.network;
    Plan& plan = out.plan;
    plan.planner = doc.value("planner", "");
    plan.run_seconds = doc.value("run_seconds", 0.0);
    const auto& gj = doc.at("groups");
    for (std::size_t i = 0; i < gj.size(); ++i) {
      const auto& g = gj[i];
      Group group;
      group.source = integer<std::uint32_t>(g.at("source"));
      group.shelter = integer<std::uint32_t>(g.at("shelter"));
      group.count = integer<People>(g.at("count"));
      group.departure = integer<Time>(g.at("departure"));
      group.arrival = integer<Time>(g.at("arrival"));
      const auto& rj = g.at("route");
      for (std::size_t k = 0; k < rj.size(); ++k) {
        const auto where = fmt::format("groups[{}].route[{}]", i, k);
        Step s{integer<ArcIndex>(rj[k].at("arc")), integer<Time>(rj[k].at("enter"))};
        if (s.arc >= net.arc_count()) return fail("{}: arc {} does not exist", where, s.arc);
        const auto from = integer<std::int64_t>(rj[k].at("from"));
        const auto to = integer<std::int64_t>(rj[k].at("to"));
        if (net.node_id[net.tail[s.arc]] != from || net.node_id[net.head[s.arc]] != to)
          return fail("{}: arc {} runs {} -> {}, not {} -> {} as the plan says", where, s.arc,
                      net.node_id[net.tail[s.arc]], net.node_id[net.head[s.arc]], from, to);
        group.route.push_back(s);
      }
      plan.groups.push_back(std::move(group));
    }
    for (const auto& u : doc.at("unroutable"))
      plan.unroutable.push_back({integer<std::uint32_t>(u.at("source")),
                                 integer<People>(u.at("count")),
                                 u.at("reason").get<std::string>()});
    plan.egress_time = integer<Time>(doc.at("egress_time"));
    plan.evacuated = integer<People>(doc.at("evacuated"));
    plan.total_evacuation_time = doc.at("total_evacuation_time").get<double>();
    plan.mean_evacuation_time = doc.at("mean_evacuation_time").get<double>();
    if (auto c = doc.find("compared_with"); c != doc.end()) {
      if (c->contains("optimum")) plan.optimum = integer<Time>(c->at("optimum"));
      if (c->contains("lower_bound")) plan.lower_bound = integer<Time>(c->at("lower_bound"));
    }
    plan.problem_fingerprint = out.problem.fingerprint();
    if (doc.at("problem_fingerprint").get<std::string>() != hex(plan.problem_fingerprint))
      return fail(
          "the plan's sources or shelters were changed after planning (problem "
          "fingerprint does not match)");
    return out;
  } catch (const json::exception& e) {
    return fail("malformed plan file: {}", e.what());
  } catch (const NotAnInteger& e) {
    return fail("malformed plan file: {}", e.what());
  }
}

Result<LoadedPlan> read_plan(std::istream& in, const std::string& source_name, Network network) {
  json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("{}: not valid JSON", source_name);
  auto r = plan_from_json(doc, std::move(network));
  if (!r) return fail(part("{}: ", source_name), std::move(r.error()));
  return r;
}

Result<LoadedPlan> read_plan_file(const std::string& path, Network network) {
  std::ifstream in(path);
  if (!in) return fail("cannot open plan file '{}'", path);
  return read_plan(in, path, std::move(network));
}

Result<void> write_plan_file(const std::string& path, const json& head, const Problem& problem,
                             const Plan& plan) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail("cannot write '{}'", path);
  write_plan_json(out, head, problem, plan);
  out.close();
  if (!out) return fail("error while writing '{}'", path);
  return {};
}

Result<void> write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail("cannot write '{}'", path);
  out << text;
  out.close();
  if (!out) return fail("error while writing '{}'", path);
  return {};
}

}  // namespace qorgan::evac::io
