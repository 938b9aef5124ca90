#include "evac/io/plan_csv.hpp"

#include <fmt/format.h>

namespace qorgan::evac::io {

namespace {
// Names may contain commas or quotes; quote them the RFC 4180 way.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}
}  // namespace

std::string plan_groups_csv(const Problem& problem, const Plan& plan) {
  const Network& net = problem.network;
  std::string out =
      "group,source,origin,count,departure,arrival,shelter,shelter_name,destination,route\n";
  for (std::size_t i = 0; i < plan.groups.size(); ++i) {
    const Group& g = plan.groups[i];
    const NodeIndex origin = problem.sources[g.source].node;
    std::string route = fmt::format("{}", net.node_id[origin]);
    for (const auto& s : g.route) route += fmt::format(" {}", net.node_id[net.head[s.arc]]);
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", i + 1, g.source, net.node_id[origin],
                       g.count, g.departure, g.arrival, g.shelter,
                       quoted(problem.shelters[g.shelter].name),
                       net.node_id[problem.shelters[g.shelter].node], route);
  }
  return out;
}

}  // namespace qorgan::evac::io
