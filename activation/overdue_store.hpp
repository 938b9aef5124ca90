#pragma once
// The SQL of the deadline sweep (activation/overdue.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::activation::overdue_store {

// Active activations whose deadline is at or before `now` and that were not swept yet.
std::vector<std::int64_t> due(storage::Tx& tx, std::int64_t now);
// Marks the activation swept; false when it was swept already or is no longer active.
bool claim(storage::Tx& tx, std::int64_t activation_id, std::int64_t now);

struct Late {
  std::int64_t notice_id = 0, person_id = 0, unit_id = 0;
  std::string person_name;
};
// Stores everyone called, reached or confirmed as overdue; returns them in notice order.
std::vector<Late> mark(storage::Tx& tx, std::int64_t activation_id);

}  // namespace qorgan::activation::overdue_store
