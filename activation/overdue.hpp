#pragma once
// The deadline of an activation, applied by the server's periodic worker: once an active
// activation's deadline has passed, everyone called up who has neither arrived nor declined is
// stored as overdue, and the commander of each unit with overdue people gets a message in the
// outbox listing them (by e-mail, else SMS, else for printing). Each activation is swept once
// (activations.overdue_at, claimed in the sweep's transaction, so that two servers on one
// PostgreSQL database never both send), and the sweep is audited in the same transaction.
#include <cstdint>

#include "core/time.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::activation {

class OverdueSweep {
 public:
  OverdueSweep(storage::Database& db, registry::Registry& registry)
      : db_(db), registry_(registry) {}

  // Sweeps every active activation whose deadline is at or before `now`; returns how many
  // people became overdue. Running it again changes nothing.
  std::int64_t run(core::Timestamp now);

 private:
  storage::Database& db_;
  registry::Registry& registry_;
};

}  // namespace qorgan::activation
