#include "evac/io/plan_csv.hpp"

#include <fmt/format.h>

#include "core/csv.hpp"

namespace qorgan::evac::io {

std::string plan_groups_csv(const Problem& problem, const Plan& plan) {
  const Network& net = problem.network;
  std::string out =
      core::csv::write_row({"group", "source", "origin", "count", "departure", "arrival", "shelter",
                            "shelter_name", "destination", "route"});
  for (std::size_t i = 0; i < plan.groups.size(); ++i) {
    const Group& g = plan.groups[i];
    const NodeIndex origin = problem.sources[g.source].node;
    std::string route = fmt::format("{}", net.node_id[origin]);
    for (const auto& s : g.route) route += fmt::format(" {}", net.node_id[net.head[s.arc]]);
    out += core::csv::write_row(
        {std::to_string(i + 1), std::to_string(g.source), std::to_string(net.node_id[origin]),
         std::to_string(g.count), std::to_string(g.departure), std::to_string(g.arrival),
         std::to_string(g.shelter), problem.shelters[g.shelter].name,
         std::to_string(net.node_id[problem.shelters[g.shelter].node]), route});
  }
  return out;
}

}  // namespace qorgan::evac::io
