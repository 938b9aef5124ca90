#pragma once
// Plan files: JSON written by `evac plan` and read back by `evac check`.
//
// A plan file carries the problem it was made for (sources and shelters by external node id)
// and fingerprints of the network and the problem, so that `check` can tell a plan made for
// another network from a plan whose groups were edited: the former fails the fingerprint
// test, the latter fails validation. Routes name each arc by index *and* by its end nodes, so a
// hand-edited route that no longer matches the network is caught even if the index is valid.

#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "evac/error.hpp"
#include "evac/plan/validator.hpp"

namespace qorgan::evac::io {

// Everything of a plan file but its groups: bounded by the network and the problem, not by the
// plan. A caller may add keys of its own before writing.
nlohmann::json plan_head_json(const Problem& problem, const Plan& plan,
                              const ValidationReport& report);
// Writes the plan file: `head` with the plan's groups streamed in, one per line, so that writing
// a plan of millions of groups costs no more memory than a few of them.
void write_plan_json(std::ostream& out, const nlohmann::json& head, const Problem& problem,
                     const Plan& plan);

// Reads a plan file against `network` and rebuilds the Problem (network + embedded sources and
// shelters). Errors say what is wrong and where ("groups[3].route[2]: ...").
struct LoadedPlan {
  Problem problem;
  Plan plan;
};
Result<LoadedPlan> plan_from_json(const nlohmann::json& doc, Network network);
// Reads a plan file's text; errors name `source_name`.
Result<LoadedPlan> read_plan(std::istream& in, const std::string& source_name, Network network);
Result<LoadedPlan> read_plan_file(const std::string& path, Network network);

Result<void> write_plan_file(const std::string& path, const nlohmann::json& head,
                             const Problem& problem, const Plan& plan);
Result<void> write_text_file(const std::string& path, const std::string& text);

}  // namespace qorgan::evac::io
