#pragma once
// A large load into a SQLite file that no other connection has open, written through a rollback
// journal instead of the WAL. In WAL mode every page a load writes goes to the WAL, and after the
// commit the checkpoint copies it into the file and syncs the file again: twice the bytes and a
// second fsync of the whole load. A rollback journal keeps a copy of only the pages the file had
// before the load that it changes; the pages it adds past the file's old end are written once, in
// place. A crash at any point still leaves the old or the new state (the next opening rolls back a
// journal left behind, as it ignores a WAL's uncommitted frames), and a commit is as durable as in
// WAL mode: the journal's deletion, which commits, is followed by a sync of its directory
// (synchronous=EXTRA). While the mode holds, another process cannot open the file as a writer
// (its WAL mode is refused: "database is locked"), and its reads wait (busy_timeout) once the
// load has written its first pages into the file, until the load's transaction ends.
#include "storage/database.hpp"

namespace qorgan::storage {

// Puts the SQLite file of `db` in rollback-journal mode, closing `db`'s idle readers, when no
// other connection (a read in progress here, another process) has it open; otherwise it stays in
// WAL mode. Returns whether the mode changed; false on PostgreSQL.
bool begin_rollback_journal(Database& db);
// Puts the file back in WAL mode after begin_rollback_journal() returned true. Returns false when
// another process holds the file past busy_timeout: it stays in rollback-journal mode until the
// next writer opens it (which sets WAL mode).
bool end_rollback_journal(Database& db);

// The rollback-journal mode for the life of a scope, where the file allows it.
class RollbackJournal {
 public:
  explicit RollbackJournal(Database& db) : db_(db), on_(begin_rollback_journal(db)) {}
  ~RollbackJournal() {
    if (on_) end_rollback_journal(db_);
  }
  RollbackJournal(const RollbackJournal&) = delete;
  RollbackJournal& operator=(const RollbackJournal&) = delete;
  bool on() const { return on_; }

 private:
  Database& db_;
  bool on_;
};

}  // namespace qorgan::storage
