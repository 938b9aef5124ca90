#pragma once
// Helpers for the evac unit tests only.

#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "evac/io/text_network_reader.hpp"
#include "evac/plan/planner.hpp"
#include "evac/plan/validator.hpp"

namespace qorgan::evac::testing {

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
