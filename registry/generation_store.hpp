#pragma once
// SQL for the registry's change counter (migration 0073): raised by every transaction that
// changes units, memberships, people or their skills, as its last statement, so that the row
// lock it takes on PostgreSQL is held only while that transaction commits.
#include <cstdint>

#include "storage/database.hpp"

namespace qorgan::registry::generation_store {

std::int64_t current(storage::Tx& tx);
void raise(storage::Tx& tx);

}  // namespace qorgan::registry::generation_store
