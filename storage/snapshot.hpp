#pragma once
// One snapshot for several statements of a read. SQLite's read lease is one transaction
// already; PostgreSQL's runs each statement on its own snapshot (autocommit), so a read that
// compares what several statements return (a reconciliation) could see a write land between
// them. Contract: only inside Database::read, never in a write, whose transaction is open.
#include "storage/database.hpp"

namespace qorgan::storage {

class Snapshot {
 public:
  explicit Snapshot(Tx& tx) : tx_(tx.engine() == Engine::postgres ? &tx : nullptr) {
    if (tx_) tx_->script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  // COMMIT ends an aborted transaction too (as a rollback), so the lease goes back clean.
  ~Snapshot() {
    if (!tx_) return;
    try {
      tx_->script("COMMIT");
    } catch (...) {  // a connection that failed is replaced when next leased
    }
  }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  Tx* tx_;
};

}  // namespace qorgan::storage
