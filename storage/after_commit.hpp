#pragma once
// Work that a write transaction asks to run once it has committed: on the same thread, before
// Database::write returns, with the transaction's connection already back in the pool. The
// default transaction steps (PostgreSQL's) run it; SQLite's group commit does not, and nothing
// asks for it there.
namespace qorgan::storage {

class Database;
using AfterCommit = void (*)(Database&);

// Called inside a write transaction: runs `f` once after that transaction commits (however often
// it is asked), and not at all when it rolls back. `f` must not throw.
void after_commit(AfterCommit f);

}  // namespace qorgan::storage
