#pragma once
// Chaining the audit entries that PostgreSQL writers leave unchained (see audit()).
#include <cstdint>

#include "storage/database.hpp"

namespace qorgan::auth {

// Moves every committed, unchained entry into the chain, in the order they were written, and
// returns how many. Each writer's commit does it for itself; call it where the log is read
// whole or entries may have been left by a process that died after its commit (start-up).
// Nothing to do on SQLite, whose writer chains each entry as it writes it.
std::int64_t seal_audit(storage::Database& db);

}  // namespace qorgan::auth
