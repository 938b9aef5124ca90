#include "storage/engines.hpp"

namespace qorgan::storage {

core::Result<std::unique_ptr<Database>> open_database(const std::string& url, int pool_size,
                                                      std::chrono::milliseconds answer_within) {
  if (url.starts_with("sqlite:")) {
    auto path = url.substr(7);
    if (path.empty()) return core::fail(core::Error::invalid("sqlite: URL needs a file path"));
    return open_sqlite(path, pool_size);
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

Database::Lease Database::begin_write() {
  auto lease = acquire(true);
  begin(*lease);
  return lease;
}

void Database::end_write(Lease& lease, bool keep) {
  if (!keep) return rollback(*lease);
  try {
    commit(*lease);
  } catch (...) {
    rollback(*lease);
    throw;
  }
}

}  // namespace qorgan::storage
