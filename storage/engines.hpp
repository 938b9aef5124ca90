#pragma once
// Constructors of the engines; callers use open_database().
#include <functional>

#include "storage/database.hpp"

namespace qorgan::storage {
// `answer_within`: a statement waits for another process's write lock at most two thirds of it,
// and at most 10 s.
core::Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int readers,
                                                    std::chrono::milliseconds answer_within);
core::Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size,
                                                      std::chrono::milliseconds answer_within);
struct QueuedWrite;
// queue_write() on a SQLite database; false when `db` is not one (`write` is left as it was).
bool queue_write_sqlite(Database& db, QueuedWrite& write);
class RowCursor;
// each_row() on a PostgreSQL connection; false when `tx` is not one.
bool each_row_postgres(Tx& tx, std::string_view sql, const Params& params,
                       const std::function<void(const RowCursor&)>& f);
}  // namespace qorgan::storage
