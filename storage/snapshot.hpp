#pragma once
// One snapshot for several statements of a read. SQLite's read lease is one transaction
// already; PostgreSQL's runs each statement on its own snapshot (autocommit), so a read that
// compares what several statements return (a reconciliation) could see a write land between
// them.
#include <utility>

#include "storage/database.hpp"

namespace qorgan::storage {

// Within one read lease. Contract: only inside Database::read, never in a write, whose
// transaction is open.
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

namespace detail {
// The read lease this thread's in_snapshot() holds, which the engines hand to every read of
// that database on this thread while it runs (and do not release: in_snapshot does).
struct SharedRead {
  const Database* db = nullptr;
  Tx* tx = nullptr;
};
inline thread_local SharedRead shared_read;
}  // namespace detail

// The read lease in_snapshot() holds on `db` on this thread, or null.
inline Tx* shared_read_of(const Database* db) {
  return detail::shared_read.db == db ? detail::shared_read.tx : nullptr;
}

// Runs `f()` with every read of `db` on this thread (db.read, and so every store and service
// reading through it) in one read lease and one snapshot, on both engines: an answer put
// together from several reads then shows one moment. Writes are not affected (they use the
// writer), nor are other threads' reads. A read from a storage::each_row callback shares the
// connection too (SQLite then runs a statement still being stepped as a second one). A failed
// statement ends the PostgreSQL snapshot, so the reads after it fail too until `f` returns.
// Nested calls join the outer snapshot.
template <typename F>
auto in_snapshot(Database& db, F&& f) {
  if (shared_read_of(&db)) return f();
  return db.read([&](Tx& tx) {
    Snapshot snapshot(tx);
    // Restored before the snapshot ends and the lease goes back.
    struct Scope {
      detail::SharedRead saved;
      ~Scope() { detail::shared_read = saved; }
    } scope{std::exchange(detail::shared_read, {&db, &tx})};
    return f();
  });
}

}  // namespace qorgan::storage
