#include <vector>

#include "storage/after_commit.hpp"
#include "storage/engines.hpp"
#include "storage/write_later.hpp"

namespace qorgan::storage {

core::Result<std::unique_ptr<Database>> open_database(const std::string& url, int pool_size,
                                                      std::chrono::milliseconds answer_within) {
  if (url.starts_with("sqlite:")) {
    auto path = url.substr(7);
    if (path.empty()) return core::fail(core::Error::invalid("sqlite: URL needs a file path"));
    return open_sqlite(path, pool_size, answer_within);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres(url, pool_size, answer_within);
  return core::fail(core::Error::invalid("unknown database URL '" + url +
                                         "': use sqlite:PATH or postgresql://user@host:port/db"));
}

bool Database::ping() {
  try {
    return read([](Tx& tx) { return tx.one("SELECT 1").i64(0) == 1; });
  } catch (const std::exception&) {
    return false;
  }
}

void queue_write(Database& db, QueuedWrite write) {
  if (queue_write_sqlite(db, write)) return;
  // Writers run side by side here: the write commits on this thread.
  std::exception_ptr error;
  try {
    (void)db.write([&](Tx& tx) -> core::Status {
      if (write.run(tx)) return {};
      return core::fail(core::Error::internal("rolled back"));  // the caller holds its failure
    });
  } catch (...) {
    error = std::current_exception();
  }
  write.end(error);
}

namespace {

// Asked for by the transaction this thread is writing (a thread writes one at a time).
thread_local std::vector<AfterCommit> after_this_commit;

}  // namespace

void after_commit(AfterCommit f) {
  for (auto g : after_this_commit)
    if (g == f) return;
  after_this_commit.push_back(f);
}

Database::Lease Database::begin_write() {
  auto lease = acquire(true);
  begin(*lease);
  return lease;
}

void Database::end_write(Lease& lease, bool keep) {
  auto after = std::move(after_this_commit);
  after_this_commit.clear();
  if (!keep) return rollback(*lease);
  try {
    commit(*lease);
  } catch (...) {
    rollback(*lease);
    throw;
  }
  // The connection goes back first: the work may write, and every writer of a full pool waiting
  // here for a second connection would wait for ever.
  lease.reset();
  for (auto f : after) f(*this);
}

}  // namespace qorgan::storage
