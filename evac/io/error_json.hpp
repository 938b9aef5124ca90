#pragma once
// An error's parts as JSON, so that a failed plan keeps its message in a form any reader's
// language can be rendered from later: [{"key": "...", "args": ["12", {"term": "node count"}]}].
#include <vector>

#include <nlohmann/json.hpp>

#include "evac/error.hpp"

namespace qorgan::evac::io {

nlohmann::json parts_to_json(const std::vector<Part>& parts);
// Empty when `j` is not such a list (an old row, a damaged one): the caller shows the English.
std::vector<Part> parts_from_json(const nlohmann::json& j);

}  // namespace qorgan::evac::io
