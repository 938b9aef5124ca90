// The plan file reader of `evac check` (evac/io/plan_json.hpp) and the validator it feeds: a
// plan file is read against a fixed network and, when it reads, replayed by the validator,
// which trusts nothing in it. Invariants: errors name the file; a plan read has routes of arcs
// that exist and sources and shelters on the network; the validator's verdict is consistent.
#include <cstdint>
#include <sstream>
#include <string>

#include "evac/io/plan_json.hpp"
#include "evac/io/text_network_reader.hpp"
#include "evac/plan/validator.hpp"
#include "fuzz/check.hpp"

namespace {

// Two roads from a village to a school (evac/io/plan_json_test.cpp); the corpus's plans were
// made for it, so their fingerprints match and the fuzzer reaches past the fingerprint check.
const qorgan::evac::Network& network() {
  static const qorgan::evac::Network net = [] {
    std::istringstream in(R"(node 0 lat=43.20 lon=76.90
node 1 lat=43.21 lon=76.90
node 2 lat=43.20 lon=76.91
arc 0 1 1 1
arc 0 2 5 2
arc 2 1 5 2
source 0 10 Village
sink 1 100 School
)");
    auto p = qorgan::evac::io::read_text_network(in, "two-roads.txt");
    FUZZ_CHECK(p.has_value());
    return p->network;
  }();
  return net;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto loaded = qorgan::evac::io::read_plan(in, "plan.json", network());
  if (!loaded) {
    FUZZ_CHECK(loaded.error().message.starts_with("plan.json: "));
    return 0;
  }
  const auto& problem = loaded->problem;
  const auto& net = problem.network;
  for (const auto& s : problem.sources) FUZZ_CHECK(s.node < net.node_count());
  for (const auto& s : problem.shelters) FUZZ_CHECK(s.node < net.node_count());
  for (const auto& g : loaded->plan.groups)
    for (const auto& step : g.route) FUZZ_CHECK(step.arc < net.arc_count());
  const auto report = qorgan::evac::validate(problem, loaded->plan);
  FUZZ_CHECK(report.valid() == report.violations.empty());
  FUZZ_CHECK(report.violations.size() <= report.violation_count);
  return 0;
}
