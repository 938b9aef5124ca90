// PostgreSQL engine on libpq: a pool of connections, each preparing a statement once per SQL
// text; values travel as text and come back typed by the column's type OID.
//
// Outages: a connection that breaks (the server restarted or went away) throws core::Outage, not
// DbError, so the request that met it is answered 503 with Retry-After; the pool drops a broken
// connection when it comes back and checks an idle one before lending it, so once the server is
// up again the next request gets a fresh connection without restarting Qorgan. A server that
// accepts connections but stops answering (stopped, swapping, stuck on storage) is an outage too:
// every statement waits for its answer at most `answer_within`, then the connection is dropped.
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/crypto.hpp"
#include "core/outage.hpp"
#include "storage/engines.hpp"
#include "storage/row_cursor.hpp"
#include "storage/snapshot.hpp"

namespace qorgan::storage {
namespace {

// How long a new connection may take before the request that wanted it is answered 503; a URL
// that names its own connect_timeout wins.
constexpr const char* kConnectTimeoutSeconds = "5";

// SQLSTATEs that mean the server or the connection is going away rather than that the statement
// is wrong: class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
// cannot_connect_now (starting up or shutting down).
bool outage_state(const char* state) {
  if (!state) return false;
  std::string_view s(state);
  return s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03";
}

// lock_not_available: the statement waited for a lock past lock_timeout (PgTx sets it).
bool busy_state(const char* state) {
  return state && std::string_view(state) == "55P03";
}

// How long a statement may wait for a lock: two thirds of how long its answer may take, so that
// one held by other work (an import holds the people table's lock until it commits) is told as
// such, and not as a server that stopped answering.
std::string lock_timeout_ms(std::chrono::milliseconds answer_within) {
  return std::to_string(std::max<std::int64_t>(answer_within.count() * 2 / 3, 1));
}

PGconn* connect(const std::string& url) {
  const char* keys[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {kConnectTimeoutSeconds, url.c_str(), nullptr};
  return PQconnectdbParams(keys, values, 1);  // dbname expands the URL, whose settings win
}

// A value in COPY's text format: \N for NULL; backslash, tab, newline and carriage return
// escaped; binary data as bytea's hex input (its backslash escaped in turn).
void copy_text(std::string& out, const Value& value) {
  const auto& v = value.get();
  if (std::holds_alternative<std::monostate>(v)) {
    out += "\\N";
  } else if (auto p = std::get_if<std::int64_t>(&v)) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *p);
    out.append(buf, end);
  } else if (auto p = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    out += buf;
  } else if (auto b = std::get_if<Blob>(&v)) {
    out += "\\\\x";
    out += core::to_hex(b->bytes);
  } else {
    for (char c : std::get<std::string>(v)) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += c;
      }
    }
  }
}

constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

struct ResultPtr {
  PGresult* r;
  ~ResultPtr() { PQclear(r); }
};

class PgTx final : public Tx {
 public:
  PgTx(const std::string& url, std::chrono::milliseconds answer_within)
      : conn_(connect(url)), answer_within_(answer_within) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw core::Outage("cannot connect to PostgreSQL: " + msg);
    }
    try {
      // Sends never block either: a statement's whole exchange is bounded by await_result.
      if (PQsetnonblocking(conn_, 1) != 0)
        throw DbError("PostgreSQL: cannot make the connection non-blocking");
      // A statement whose answer this side stopped waiting for (its connection then dropped)
      // would otherwise run on to its end: at 10,000,000 people a list that timed out kept its
      // backend reading for minutes. The server checks each second whether its client is gone.
      // No JIT: this server's statements are meant to take milliseconds, and a plan that only
      // looks costly (a city's or an oblast's list merges a branch per region) had its
      // expressions compiled first: 2,861 functions in 6.5 s for a page read in 0.1 s.
      script(
          "SET client_min_messages=warning; SET TIME ZONE 'UTC'; "
          "SET client_connection_check_interval = 1000; SET jit = off; SET lock_timeout = " +
          lock_timeout_ms(answer_within_));
    } catch (...) {  // the destructor does not run for an object whose constructor threw
      PQfinish(conn_);
      throw;
    }
  }
  ~PgTx() override { PQfinish(conn_); }

  Rows query(std::string_view sql, const Params& params) override {
    Rows rows;
    run(sql, params, &rows);
    return rows;
  }
  std::int64_t exec(std::string_view sql, const Params& params) override {
    return run(sql, params, nullptr);
  }
  void script(std::string_view sql) override {
    sent(PQsendQuery(conn_, std::string(sql).c_str()), sql);
    ResultPtr r{await_result(sql)};
    check(r.r, sql);
  }
  void lock(std::int64_t key) override { exec("SELECT pg_advisory_xact_lock($1)", {key}); }
  Engine engine() const override { return Engine::postgres; }

  // A load larger than its tables (the import decides): their secondary indexes are dropped and
  // built again after the rows, one sort each instead of a B-tree insert per row and index. DROP
  // INDEX holds the table's ACCESS EXCLUSIVE lock until the transaction ends, so the tables'
  // readers and writers wait for the load (and the load for a reader already running). It is
  // part of the transaction: a rollback, or a crash before the commit, leaves the indexes as they
  // were.
  void begin_bulk_load(const std::vector<std::string>& tables) override {
    if (bulk_) return;
    bulk_ = true;
    for (const auto& table : tables)
      for (const auto& r :
           query("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                 "FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT "
                 "i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                 "WHERE c.conindid = i.indexrelid) ORDER BY 1",
                 {table})) {
        script("DROP INDEX " + r.str(0));
        dropped_.push_back(r.str(1));
      }
  }
  void finish_bulk_load() override {
    if (dropped_.empty()) return;
    script("SET LOCAL maintenance_work_mem = '256MB'");  // each index sorted in memory
    for (const auto& sql : dropped_) script(sql);
    dropped_.clear();
  }
  // Called when the transaction ends either way.
  void end_transaction() {
    bulk_ = false;
    dropped_.clear();
  }

  // At least kCopyFrom rows go in with COPY (copy_rows); fewer in statements of 50, 8 and 1 rows,
  // so only those few texts get prepared. The ids come from the table's sequence, which hands
  // them out in ascending order as the VALUES rows are inserted in turn; sorting each
  // statement's RETURNING rows therefore puts them in row order (RETURNING itself promises no
  // order), even with other writers taking ids in between.
  std::vector<std::int64_t> insert_rows(std::string_view into, size_t width,
                                        const Params& values) override {
    size_t rows = width ? values.size() / width : 0, at = 0;
    if (rows >= kCopyFrom) return copy_rows(into, width, values);
    std::vector<std::int64_t> ids;
    ids.reserve(rows);
    for (size_t size : {size_t(50), size_t(8), size_t(1)}) {
      for (; rows - at >= size; at += size) {
        std::string sql = "INSERT INTO " + std::string(into) + " VALUES ";
        for (size_t r = 0, n = 0; r < size; ++r) {
          sql += r ? ", (" : "(";
          for (size_t c = 0; c < width; ++c) sql += (c ? ", $" : "$") + std::to_string(++n);
          sql += ')';
        }
        sql += " RETURNING id";
        Params chunk(values.begin() + std::ptrdiff_t(at * width),
                     values.begin() + std::ptrdiff_t((at + size) * width));
        size_t first = ids.size();
        for (const auto& r : query(sql, chunk)) ids.push_back(r.i64(0));
        std::sort(ids.begin() + std::ptrdiff_t(first), ids.end());
      }
    }
    return ids;
  }
  // COPY … FROM STDIN: the server parses each row's text as it reads it and stores the rows in
  // batches, where a multi-row INSERT first builds an expression for each of its parameters (a
  // 400-row statement of people has 6,800) and stores row by row. The ids are taken from the
  // table's sequence first (`id` is an identity column BY DEFAULT), ascending as the rows come; a
  // constraint that fails fails the whole COPY (ConstraintError), as it would the INSERT.
  static constexpr size_t kCopyFrom = 100;
  std::vector<std::int64_t> copy_rows(std::string_view into, size_t width, const Params& values) {
    auto open = into.find('(');
    if (open == std::string_view::npos || into.back() != ')')
      throw DbError("insert_rows: not \"table (column, …)\": " + std::string(into));
    std::string table(into.substr(0, open));
    while (!table.empty() && table.back() == ' ') table.pop_back();
    size_t rows = values.size() / width;
    std::vector<std::int64_t> ids;
    ids.reserve(rows);
    auto& sequence = sequences_[table];  // looked up once, not for each id
    if (sequence.empty()) sequence = one("SELECT pg_get_serial_sequence($1, 'id')", {table}).str(0);
    for (const auto& r : query("SELECT nextval($1::regclass) FROM generate_series(1, $2)",
                               {sequence, std::int64_t(rows)}))
      ids.push_back(r.i64(0));
    std::sort(ids.begin(), ids.end());
    std::string data;
    data.reserve(values.size() * 16);
    for (size_t r = 0; r < rows; ++r) {
      data += std::to_string(ids[r]);
      for (size_t c = 0; c < width; ++c) {
        data += '\t';
        copy_text(data, values[r * width + c]);
      }
      data += '\n';
    }
    const std::string sql =
        "COPY " + table + " (id, " + std::string(into.substr(open + 1)) + " FROM STDIN";
    sent(PQsendQuery(conn_, sql.c_str()), sql);
    {
      const auto deadline = std::chrono::steady_clock::now() + answer_within_;
      flush(deadline, sql);
      while (PQisBusy(conn_)) {
        wait(POLLIN, deadline, sql);
        consume();
      }
      ResultPtr r{PQgetResult(conn_)};
      if (PQresultStatus(r.r) != PGRES_COPY_IN) {
        while (PGresult* more = PQgetResult(conn_)) PQclear(more);
        check(r.r, sql);
        throw DbError("PostgreSQL: COPY did not start: " + sql.substr(0, 200));
      }
      for (int put; (put = PQputCopyData(conn_, data.data(), int(data.size()))) != 1;) {
        if (put < 0) throw core::Outage("PostgreSQL connection lost: " + error_message());
        wait(POLLOUT, deadline, sql);
        if (PQflush(conn_) < 0)
          throw core::Outage("PostgreSQL connection lost: " + error_message());
      }
      for (int end; (end = PQputCopyEnd(conn_, nullptr)) != 1;) {
        if (end < 0) throw core::Outage("PostgreSQL connection lost: " + error_message());
        wait(POLLOUT, deadline, sql);
      }
    }
    ResultPtr done{await_result(sql)};
    check(done.r, sql);
    return ids;
  }
  bool broken() const { return hung_ || PQstatus(conn_) != CONNECTION_OK; }
  // Whether an idle connection still has its server: reads what arrived meanwhile without
  // blocking (libpq's socket is non-blocking), which is where a server's "terminating connection"
  // and the closed socket show up.
  bool alive() {
    if (PQstatus(conn_) != CONNECTION_OK || PQconsumeInput(conn_) == 0) return false;
    return PQstatus(conn_) == CONNECTION_OK;
  }

 private:
  void sent(int queued, std::string_view sql) {
    if (queued == 1) return;
    std::string msg = PQerrorMessage(conn_);
    if (broken()) throw core::Outage("PostgreSQL connection lost: " + msg);
    throw DbError("PostgreSQL: " + msg + " in: " + std::string(sql.substr(0, 200)));
  }

  using Deadline = std::chrono::steady_clock::time_point;
  std::string error_message() const { return PQerrorMessage(conn_); }

  // Waits until the socket is ready for `events`; past `deadline` the connection is marked hung
  // (the pool drops it) and core::Outage is thrown.
  void wait(short events, Deadline deadline, std::string_view sql) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{PQsocket(conn_), events, 0};
    int n = left.count() > 0 ? ::poll(&p, 1, int(left.count())) : 0;
    if (n == 0) {
      hung_ = true;
      throw core::Outage("PostgreSQL did not answer within " +
                         std::to_string(answer_within_.count() / 1000.0).substr(0, 4) +
                         " s: " + std::string(sql.substr(0, 80)));
    }
  }
  void consume() {
    if (PQconsumeInput(conn_) == 0)
      throw core::Outage("PostgreSQL connection lost: " + error_message());
  }
  // Sends what libpq holds; reads meanwhile, so that a server blocked on its own output does not
  // wait for this side.
  void flush(Deadline deadline, std::string_view sql) {
    for (int f; (f = PQflush(conn_)) != 0;) {
      if (f < 0) throw core::Outage("PostgreSQL connection lost: " + error_message());
      wait(POLLIN | POLLOUT, deadline, sql);
      consume();
    }
  }

  // Flushes what was sent and collects the statement's results, waiting at most answer_within_
  // in all; returns the first error result, or else the last result (as PQexec does). Past the
  // bound the connection is marked hung (the pool drops it) and core::Outage is thrown.
  PGresult* await_result(std::string_view sql) {
    const auto deadline = std::chrono::steady_clock::now() + answer_within_;
    flush(deadline, sql);
    PGresult* kept = nullptr;
    for (;;) {
      while (PQisBusy(conn_)) {
        try {
          wait(POLLIN, deadline, sql);
          consume();
        } catch (...) {
          PQclear(kept);
          throw;
        }
      }
      PGresult* r = PQgetResult(conn_);
      if (!r) return kept;
      bool kept_error = kept && PQresultStatus(kept) != PGRES_COMMAND_OK &&
                        PQresultStatus(kept) != PGRES_TUPLES_OK;
      if (kept_error) {
        PQclear(r);
        continue;
      }
      PQclear(kept);
      kept = r;
    }
  }

  void check(PGresult* r, std::string_view sql) {
    auto st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    if (broken() || outage_state(state)) throw core::Outage("PostgreSQL connection lost: " + msg);
    if (busy_state(state)) throw core::Busy("PostgreSQL: " + msg);
    if (state && state[0] == '2' && state[1] == '3') throw ConstraintError(msg);
    throw DbError("PostgreSQL: " + msg + " in: " + std::string(sql.substr(0, 200)));
  }

  const std::string& prepare(std::string_view sql, int nparams) {
    auto it = names_.find(std::string(sql));
    if (it != names_.end()) return it->second;
    std::string name = "q" + std::to_string(names_.size());
    sent(PQsendPrepare(conn_, name.c_str(), std::string(sql).c_str(), nparams, nullptr), sql);
    ResultPtr r{await_result(sql)};
    check(r.r, sql);
    return names_.emplace(std::string(sql), name).first->second;
  }

 public:
  // each_row(): the columns are read from libpq's result itself, not copied into Rows first.
  void each(std::string_view sql, const Params& params,
            const std::function<void(const RowCursor&)>& f) {
    ResultPtr r{execute(sql, params)};
    struct Cursor final : RowCursor {
      PGresult* res;
      int row = 0;
      bool null(int i) const override { return PQgetisnull(res, row, i); }
      std::int64_t i64(int i) const override {
        if (PQgetisnull(res, row, i)) throw DbError("column " + std::to_string(i) + " is NULL");
        const char* s = PQgetvalue(res, row, i);
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(s, s + PQgetlength(res, row, i), n);
        if (ec != std::errc{}) throw DbError("column " + std::to_string(i) + " is not an integer");
        return n;
      }
      std::string_view text(int i) const override {
        return {PQgetvalue(res, row, i), size_t(PQgetlength(res, row, i))};
      }
    } cursor;
    cursor.res = r.r;
    for (int n = PQntuples(r.r); cursor.row < n; ++cursor.row) f(cursor);
  }

 private:
  // Sends the prepared statement and returns its result (the caller clears it), or throws.
  PGresult* execute(std::string_view sql, const Params& params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    // Text parameters but for binary data, sent as such (no escaping, no hex doubling).
    std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i].get();
      if (std::holds_alternative<std::monostate>(v)) {
        values[i] = nullptr;
        continue;
      }
      if (auto b = std::get_if<Blob>(&v)) {
        values[i] = b->bytes.data();
        lengths[i] = int(b->bytes.size());
        formats[i] = 1;
        continue;
      }
      if (auto p = std::get_if<std::int64_t>(&v))
        text[i] = std::to_string(*p);
      else if (auto p = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *p);
        text[i] = buf;
      } else
        text[i] = std::get<std::string>(v);
      values[i] = text[i].c_str();
    }
    const auto& name = prepare(sql, int(params.size()));
    sent(PQsendQueryPrepared(conn_, name.c_str(), int(params.size()), values.data(), lengths.data(),
                             formats.data(), 0),
         sql);
    ResultPtr r{await_result(sql)};
    check(r.r, sql);
    return std::exchange(r.r, nullptr);
  }

  std::int64_t run(std::string_view sql, const Params& params, Rows* rows) {
    ResultPtr r{execute(sql, params)};
    if (rows) {
      int nrows = PQntuples(r.r), ncols = PQnfields(r.r);
      rows->reserve(nrows);
      for (int i = 0; i < nrows; ++i) {
        std::vector<Value> cols;
        cols.reserve(ncols);
        for (int c = 0; c < ncols; ++c) {
          if (PQgetisnull(r.r, i, c)) {
            cols.emplace_back();
            continue;
          }
          const char* s = PQgetvalue(r.r, i, c);
          int len = PQgetlength(r.r, i, c);
          switch (PQftype(r.r, c)) {
            case kInt2:
            case kInt4:
            case kInt8: {
              std::int64_t n = 0;
              std::from_chars(s, s + len, n);
              cols.emplace_back(n);
              break;
            }
            case kFloat4:
            case kFloat8:
            case kNumeric:
              cols.emplace_back(std::strtod(s, nullptr));
              break;
            case kBool:
              cols.emplace_back(std::int64_t{s[0] == 't'});
              break;
            case kBytea: {  // text format: "\x" and two hex digits a byte
              auto bytes = core::from_hex(std::string_view(s, size_t(len)).substr(2));
              if (!bytes) throw DbError("PostgreSQL: a bytea value is not in hex format");
              cols.emplace_back(Blob{std::move(*bytes)});
              break;
            }
            default:
              cols.emplace_back(std::string(s, size_t(len)));
          }
        }
        rows->emplace_back(std::move(cols));
      }
    }
    const char* affected = PQcmdTuples(r.r);
    return affected && *affected ? std::atoll(affected) : 0;
  }

  PGconn* conn_;
  std::chrono::milliseconds answer_within_;
  bool hung_ = false;
  bool bulk_ = false;
  std::vector<std::string> dropped_;  // CREATE INDEX statements to run again
  std::unordered_map<std::string, std::string> names_;
  std::unordered_map<std::string, std::string> sequences_;  // of the tables copy_rows() filled
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, int size, std::chrono::milliseconds answer_within)
      : url_(std::move(url)), size_(size), answer_within_(answer_within) {
    idle_.push_back(std::make_unique<PgTx>(url_, answer_within_));  // fail early when unreachable
  }
  Engine engine() const override { return Engine::postgres; }
  std::string describe() const override {
    auto at = url_.find('@');
    return at == std::string::npos ? url_ : "postgresql://…" + url_.substr(at);
  }

  Lease acquire(bool writer) override {
    if (Tx* shared = writer ? nullptr : shared_read_of(this))
      return Lease(shared, Releaser{this, false});
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return busy_ < size_; });
    ++busy_;
    writer ? ++writers_busy_ : ++readers_busy_;
    std::unique_ptr<Tx> idle;
    if (!idle_.empty()) {
      idle = std::move(idle_.back());
      idle_.pop_back();
    }
    lock.unlock();
    if (idle && static_cast<PgTx&>(*idle).alive())
      return Lease(idle.release(), Releaser{this, writer});
    idle.reset();  // its server went away: a new connection replaces it
    try {
      return Lease(new PgTx(url_, answer_within_), Releaser{this, writer});
    } catch (...) {
      std::lock_guard again(mu_);
      --busy_;
      writer ? --writers_busy_ : --readers_busy_;
      cv_.notify_one();
      throw;
    }
  }
  PoolStats stats() const override {
    std::lock_guard lock(mu_);
    return {size_, readers_busy_, size_, writers_busy_};
  }
  core::Status backup_to(const std::string&) override {
    return core::fail(core::Error::invalid(
        "backup of a PostgreSQL database is made with pg_dump: pg_dump -Fc -f qorgan.dump URL"));
  }

 protected:
  void begin(Tx& tx) override { tx.script("BEGIN"); }
  void commit(Tx& tx) override {
    static_cast<PgTx&>(tx).end_transaction();
    tx.script("COMMIT");
  }
  void rollback(Tx& tx) override {
    static_cast<PgTx&>(tx).end_transaction();
    try {
      tx.script("ROLLBACK");
    } catch (const DbError&) {
    } catch (const core::Outage&) {  // the server ended the transaction with the connection
    }
  }
  void release(Tx* tx, bool writer) override {
    if (!writer && tx == shared_read_of(this)) return;  // in_snapshot ends it
    std::lock_guard lock(mu_);
    --busy_;
    writer ? --writers_busy_ : --readers_busy_;
    auto* pg = static_cast<PgTx*>(tx);
    if (pg->broken())
      delete pg;
    else
      idle_.emplace_back(pg);
    cv_.notify_one();
  }

 private:
  std::string url_;
  int size_;
  std::chrono::milliseconds answer_within_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int busy_ = 0, readers_busy_ = 0, writers_busy_ = 0;
  std::vector<std::unique_ptr<Tx>> idle_;
};

}  // namespace

bool each_row_postgres(Tx& tx, std::string_view sql, const Params& params,
                       const std::function<void(const RowCursor&)>& f) {
  auto* pg = dynamic_cast<PgTx*>(&tx);
  if (!pg) return false;
  pg->each(sql, params, f);
  return true;
}

core::Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size,
                                                      std::chrono::milliseconds answer_within) {
  try {
    return std::unique_ptr<Database>(new PgDatabase(url, std::max(pool_size, 2), answer_within));
  } catch (const std::exception& e) {
    return core::fail(core::Error{core::ErrorCode::unavailable, e.what(), {}});
  }
}

}  // namespace qorgan::storage
