#pragma once
// Reading a result row by row without building Rows: for the hot list reads, where copying every
// column into a Value and then again into the caller's record was a fifth of a request's CPU.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace qorgan::storage {

// The row being read, valid only during the call that is given it.
class RowCursor {
 public:
  virtual bool null(int i) const = 0;
  // Contract: the column is an integer.
  virtual std::int64_t i64(int i) const = 0;
  // Contract: the column is text (NULL: empty). The view is the driver's own buffer, valid until
  // the call returns.
  virtual std::string_view text(int i) const = 0;
  // A nullable text column (NULL: nullopt), valid as text() is. SQLite tells NULL and gives the
  // text in one call, where null() and then text() asked it twice.
  virtual std::optional<std::string_view> opt_view(int i) const {
    if (null(i)) return std::nullopt;
    return text(i);
  }
  // A nullable integer column (NULL: nullopt).
  std::optional<std::int64_t> opt_i64(int i) const {
    if (null(i)) return std::nullopt;
    return i64(i);
  }
  // A nullable text column, copied.
  std::optional<std::string> opt_text(int i) const {
    auto v = opt_view(i);
    if (!v) return std::nullopt;
    return std::string(*v);
  }

 protected:
  ~RowCursor() = default;
};

// Runs `sql` and calls `f` on each row as the engine gives it: SQLite reads the columns straight
// from the statement, PostgreSQL from libpq's result of the whole statement.
void each_row(Tx& tx, std::string_view sql, const Params& params,
              const std::function<void(const RowCursor&)>& f);

}  // namespace qorgan::storage
