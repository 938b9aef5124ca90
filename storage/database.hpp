#pragma once
// The one storage interface every store is written against. SQL text uses $1, $2, … on both
// engines. Reads run on a pooled connection; writes run in one transaction that commits only
// when the callback returns a value (so a request's changes and its audit entry land together).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace qorgan::storage {

enum class Engine { sqlite, postgres };

// Binary data (images, road graphs): a BLOB in SQLite, a BYTEA in PostgreSQL.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

class Value {
 public:
  using Variant = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(std::int64_t{b ? 1 : 0}) {}
  Value(int i) : v_(std::int64_t{i}) {}
  Value(long i) : v_(std::int64_t{i}) {}
  Value(long long i) : v_(std::int64_t{i}) {}
  Value(double d) : v_(d) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(Blob b) : v_(std::move(b)) {}
  template <typename T>
  Value(const std::optional<T>& o) {
    if (o) *this = Value(*o);
  }
  const Variant& get() const { return v_; }
  bool null() const { return std::holds_alternative<std::monostate>(v_); }

 private:
  Variant v_;
};

using Params = std::vector<Value>;

class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  size_t size() const { return cols_.size(); }
  bool null(size_t i) const { return cols_.at(i).null(); }
  std::int64_t i64(size_t i) const;
  double f64(size_t i) const;
  std::string str(size_t i) const;
  // The bytes of a BLOB/BYTEA column. Contract: the column is binary (or NULL: empty).
  std::string blob(size_t i) const;
  std::optional<std::int64_t> opt_i64(size_t i) const {
    return null(i) ? std::nullopt : std::optional(i64(i));
  }
  std::optional<double> opt_f64(size_t i) const {
    return null(i) ? std::nullopt : std::optional(f64(i));
  }
  std::optional<std::string> opt_str(size_t i) const {
    return null(i) ? std::nullopt : std::optional(str(i));
  }

 private:
  std::vector<Value> cols_;
};

using Rows = std::vector<Row>;

// A driver failure (lost connection, SQL error): a bug or an outage, never user input.
struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A unique or foreign-key constraint failed; Database::write turns it into a conflict.
struct ConstraintError : DbError {
  using DbError::DbError;
};

// A connection inside a transaction (writes) or a read session.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several parameterless statements (migrations).
  virtual void script(std::string_view sql) = 0;
  // Serialises writers that take the same key until the transaction ends.
  virtual void lock(std::int64_t key) = 0;
  virtual Engine engine() const = 0;

  // Bulk loads inside a write transaction. begin_bulk_load() lets an engine that loads a large
  // batch faster without them drop the secondary indexes of `tables` (never those behind PRIMARY
  // KEY or UNIQUE constraints, which keep guarding the rows) and use more cache; it is all part
  // of the transaction, so a rollback restores them. finish_bulk_load() rebuilds the dropped
  // indexes (one sort each instead of a random B-tree insert per row) and must run before the
  // transaction commits; its failure throws and so rolls the whole load back. PostgreSQL's lock
  // keeps the tables' readers waiting until the load ends: asked only for a load > the table.
  virtual void begin_bulk_load(const std::vector<std::string>& /*tables*/) {}
  virtual void finish_bulk_load() {}
  // Inserts many rows into `into` ("table (column, …)", the table having an `id` key the engine
  // assigns): `values` holds `width` values a row, row-major. Returns each row's id, in row
  // order. Each engine loads its fastest way: SQLite steps one prepared single-row statement a
  // row (there are no round trips to save, and a multi-row or RETURNING statement would first
  // copy every page it touches to a statement journal); PostgreSQL COPYs from 100 rows up.
  virtual std::vector<std::int64_t> insert_rows(std::string_view into, size_t width,
                                                const Params& values) = 0;

  std::optional<Row> maybe(std::string_view sql, const Params& params = {}) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  Row one(std::string_view sql, const Params& params = {}) {
    auto rows = query(sql, params);
    if (rows.size() != 1) throw DbError("expected one row from: " + std::string(sql.substr(0, 80)));
    return std::move(rows.front());
  }
};

struct PoolStats {
  int readers_total = 0, readers_busy = 0, writers_total = 0, writers_busy = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  virtual std::string describe() const = 0;

  template <typename F>
  auto read(F&& f) {
    auto lease = acquire(false);
    return f(*lease);
  }

  // `f(Tx&)` returns core::Result<T> or core::Status; it is committed only on success, and
  // write() returns only once a success is durable.
  template <typename F>
  auto write(F&& f) -> std::invoke_result_t<F, Tx&> {
    auto lease = begin_write();
    std::optional<std::invoke_result_t<F, Tx&>> result;
    try {
      result.emplace(f(*lease));
    } catch (const ConstraintError& e) {
      end_write(lease, false);
      return core::fail(core::Error::conflict(e.what()));
    } catch (...) {
      end_write(lease, false);
      throw;
    }
    end_write(lease, bool(*result));
    return std::move(*result);
  }

  // Whether a read reaches the database (/readyz).
  bool ping();
  virtual PoolStats stats() const = 0;
  // A consistent copy of the live database (SQLite: VACUUM INTO); other engines say how.
  virtual core::Status backup_to(const std::string& path) = 0;

  struct Releaser {
    Database* db;
    bool writer;
    void operator()(Tx* tx) const { db->release(tx, writer); }
  };
  using Lease = std::unique_ptr<Tx, Releaser>;
  virtual Lease acquire(bool writer) = 0;

 protected:
  // A write transaction's start and end. By default acquire(true) and begin, then commit
  // (`keep`) or rollback. An engine may end several writers' transactions with one commit
  // (group commit): end_write(lease, true) returns once the writer's changes are durable and
  // throws DbError when they are not; end_write(lease, false) does not throw.
  virtual Lease begin_write();
  virtual void end_write(Lease& lease, bool keep);
  virtual void begin(Tx& tx) = 0;
  virtual void commit(Tx& tx) = 0;
  virtual void rollback(Tx& tx) = 0;
  virtual void release(Tx* tx, bool writer) = 0;
};

// How long a statement may wait for PostgreSQL's answer by default (see open_database).
inline constexpr std::chrono::milliseconds kDefaultAnswerWithin{15000};

// "sqlite:PATH" or "postgresql://…"/"postgres://…". Bad URLs and unreachable servers are errors.
// On PostgreSQL a statement whose answer has not come within `answer_within` (a server that
// accepts connections but has stopped answering) throws core::Outage and its connection is
// dropped, so that no request waits on it for ever.
core::Result<std::unique_ptr<Database>> open_database(
    const std::string& url, int pool_size = 4,
    std::chrono::milliseconds answer_within = kDefaultAnswerWithin);

}  // namespace qorgan::storage
