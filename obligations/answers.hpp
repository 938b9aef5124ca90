#pragma once
// Reads the answers of a self-assessment or the observations of an inspection:
// [{duty, value, comment?}], one per duty that applies (`applicable`), each value an integer
// ≥ 0 (true/false for yes-no duties too; for a percent-of-workers duty the number of places).
// Problems are added to `f` under `field[i].…`.
#include <vector>

#include "core/json.hpp"
#include "obligations/model.hpp"

namespace qorgan::obligations {

std::vector<Answer> read_answers(core::JsonFields& f, const std::string& field,
                                 const std::vector<Duty>& applicable);

}  // namespace qorgan::obligations
