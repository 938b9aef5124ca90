#pragma once
// Helpers for the evac unit tests only.

#include <map>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "evac/graph/network_builder.hpp"
#include "evac/io/text_network_reader.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"

namespace qorgan::evac::testing {

// A random road network of `n` junctions (n >= 2) for property tests: a random spanning path
// keeps most of them connected (each arc back with a chance of 2 in 3), plus up to n extra arcs
// in either sense; capacities 1-4 people a step, travel times 1-3 steps; in a third of the
// networks some junctions hold only 0-3 people. Draws from `rng` in that order, so a seed always
// gives the same network.
inline Network random_roads(std::mt19937& rng, int n) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  NetworkBuilder b;
  const bool bounded = uniform(0, 2) == 0;
  for (int v = 0; v < n; ++v) b.add_node(v, bounded && uniform(0, 1) ? uniform(0, 3) : kUnlimited);
  for (int v = 1; v < n; ++v) {
    const int u = uniform(0, v - 1);
    b.add_arc(u, v, uniform(1, 4), uniform(1, 3));
    if (uniform(0, 2) > 0) b.add_arc(v, u, uniform(1, 4), uniform(1, 3));
  }
  for (int k = uniform(0, n); k > 0; --k) {
    const int u = uniform(0, n - 1), v = uniform(0, n - 1);
    if (u != v) b.add_arc(u, v, uniform(1, 4), uniform(1, 3));
  }
  return *std::move(b).build();
}

// A small random problem (seeded): a random road network, some roads of zero steps (as carrying
// rounding remainders makes them), 1-4 origins of up to `max_people` (some leaving late) and 1-3
// shelters of up to twice that.
inline Problem random_problem(std::uint32_t seed, int max_nodes, int max_people) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int n = uniform(4, max_nodes);
  Problem p;
  p.network = random_roads(rng, n);
  if (uniform(0, 2) == 0)
    for (auto& t : p.network.travel_time)
      if (uniform(0, 3) == 0) t = 0;
  for (int k = uniform(1, 4); k > 0; --k)
    p.sources.push_back({static_cast<NodeIndex>(uniform(0, n - 1)), uniform(1, max_people),
                         uniform(0, 3) == 0 ? uniform(0, 3) : 0, ""});
  for (int k = uniform(1, 3); k > 0; --k)
    p.shelters.push_back(
        {static_cast<NodeIndex>(uniform(0, n - 1)), uniform(3, 2 * max_people), ""});
  return p;
}

inline Problem parse_problem(const std::string& text) {
  std::istringstream in(text);
  auto p = io::read_text_network(in, "test");
  if (!p) ADD_FAILURE() << p.error().message;
  return p ? std::move(*p) : Problem{};
}

inline std::string parse_error(const std::string& text) {
  std::istringstream in(text);
  auto p = io::read_text_network(in, "net.txt");
  return p ? std::string("(parsed without error)") : p.error().message;
}

// Plans `p` with each named planner, by name. Each plan must be made, pass the validator and
// evacuate everyone; a failure is reported against the calling test and the plan left out.
inline std::map<std::string, Plan> checked_plans(const Problem& p,
                                                 std::initializer_list<std::string> names) {
  std::map<std::string, Plan> plans;
  for (const auto& name : names) {
    auto plan = (*make_planner(name))->plan(p);
    if (!plan) {
      ADD_FAILURE() << name << ": " << plan.error().message;
      continue;
    }
    const auto report = validate(p, *plan);
    if (!report.valid()) {
      ADD_FAILURE() << name << ": " << report.violations[0];
      continue;
    }
    EXPECT_EQ(plan->evacuated, p.population()) << name;
    plans[name] = std::move(*plan);
  }
  return plans;
}

}  // namespace qorgan::evac::testing
