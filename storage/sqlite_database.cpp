// SQLite engine: WAL, synchronous=FULL (an acknowledged write survives a crash), foreign keys,
// one writer connection and a pool of readers, each with a cache of prepared statements.
//
// Group commit: the one writer connection is passed from writer to writer, and a writer that
// finishes while others wait hands the open transaction on instead of committing it (each
// later writer inside a savepoint of its own, so that its failure rolls back only its changes).
// The last writer of the group commits for all of them, and each waits for that commit before
// write() returns: one fsync for many writes, and still no write acknowledged before it is on
// disk. A group that fails to commit fails every writer in it.
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/outage.hpp"
#include "core/private_file.hpp"
#include "storage/engines.hpp"
#include "storage/rollback_journal.hpp"
#include "storage/row_cursor.hpp"
#include "storage/snapshot.hpp"
#include "storage/write_later.hpp"

namespace qorgan::storage {
namespace {

void base64_to_blob(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  std::string_view text(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])),
                        size_t(sqlite3_value_bytes(argv[0])));
  auto bytes = core::base64_decode(text);
  if (!bytes) {
    sqlite3_result_error(ctx, "base64_to_blob: the text is not base64", -1);
    return;
  }
  sqlite3_result_blob(ctx, bytes->data(), int(bytes->size()), SQLITE_TRANSIENT);
}

// SQLite's allocator without its statistics, set before SQLite first starts: with them every
// allocation and free of SQLite's (a page of the cache, a statement's values) takes one mutex
// of the whole process, about a twentieth of an import's writing thread. Nothing here reads
// them (sqlite3_memory_used, a soft heap limit). Fails harmlessly if SQLite already started.
void configure_sqlite() {
  static const bool once = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)once;
}

class SqliteTx final : public Tx {
 public:
  SqliteTx(const std::string& path, bool writer, std::chrono::milliseconds lock_wait) {
    configure_sqlite();
    int flags = writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DbError("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    // base64_to_blob(text): for the migration that turned base64 text columns into BLOBs (SQLite
    // has no base64 decoder of its own).
    sqlite3_create_function(db_, "base64_to_blob", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                            &base64_to_blob, nullptr, nullptr);
    script("PRAGMA busy_timeout=" + std::to_string(lock_wait.count()) +
           "; PRAGMA foreign_keys=ON;");
    // A larger page cache for the one writer keeps big imports from re-reading index pages.
    if (writer) {
      script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
      // Sub-journals in memory: each write of a group runs in a savepoint, which keeps every page
      // it changes (~15 for a check-in) in the sub-journal, and past 64 KiB SQLite moved that to a
      // temporary file: a file created per group and a pwrite() per page, a fifth of the writer
      // thread's CPU under the check-in benchmark. Unlike SQLITE_CONFIG_STMTJRNL_SPILL (tried:
      // imports of 400,000 people then failed "database or disk is full") this never spills; a
      // statement journal holds one statement's pages, so an import of 1,000,000 people peaked
      // 20 MB higher (616 against 596 MB).
      script(kWriterSettings);
    } else {
      script(kReaderMap);
    }
  }
  ~SqliteTx() override {
    for (auto& [_, s] : stmts_) sqlite3_finalize(s.stmt);
    sqlite3_close(db_);
  }

  Rows query(std::string_view sql, const Params& params) override {
    Rows rows;
    run(sql, params, &rows);
    return rows;
  }
  std::int64_t exec(std::string_view sql, const Params& params) override {
    run(sql, params, nullptr);
    return sqlite3_changes64(db_);
  }
  void script(std::string_view sql) override {
    char* err = nullptr;
    std::string s(sql);
    if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_BUSY) throw core::Busy("SQLite: " + msg);
      throw DbError("SQLite: " + msg);
    }
  }
  void lock(std::int64_t) override {}  // one writer connection: writers are already serial
  Engine engine() const override { return Engine::sqlite; }

  // A large load into a table with random-order indexes (names, the IIN's blind index) otherwise
  // spends its time on B-tree inserts that miss the cache and spill pages to the WAL. UNIQUE
  // indexes stay (they are the duplicate check) and get the bigger cache.
  void begin_bulk_load(const std::vector<std::string>& tables) override {
    if (bulk_) return;
    bulk_ = true;
    script(kBulkCache);
    for (const auto& table : tables)
      for (const auto& r : query(
               "SELECT s.name, s.sql FROM sqlite_schema s JOIN pragma_index_list(s.tbl_name) l "
               "ON l.name = s.name WHERE s.type = 'index' AND s.tbl_name = $1 AND NOT l.\"unique\" "
               "AND s.sql IS NOT NULL ORDER BY s.name",  // sql is NULL for constraint indexes
               {table})) {
        std::string name = r.str(0);
        for (size_t at = 0; (at = name.find('"', at)) != std::string::npos; at += 2)
          name.insert(at, 1, '"');
        script("DROP INDEX \"" + name + "\"");
        dropped_.push_back(r.str(1));
      }
  }
  // With temporary files in memory (temp_store=MEMORY, the writer's setting for its
  // sub-journals) SQLite's sorter never spills: a rebuild held all of an index's entries, each an
  // allocation of its own, on top of the cache (the people list's index: 240 MB at a million
  // people). With files it sorts runs of the cache's size (16 MB here), writes each to a
  // temporary file and merges them, so the memory stays the same whatever the table's size. The
  // setting can change inside the transaction because the writer never opens its temporary
  // database (no TEMP tables); the writer's settings are back before the next statement.
  void finish_bulk_load() override {
    if (!dropped_.empty()) script(kRebuildSettings);
    for (const auto& sql : dropped_) script(sql);
    if (!dropped_.empty()) script(kWriterSettings);
    dropped_.clear();
  }
  std::vector<std::int64_t> insert_rows(std::string_view into, size_t width,
                                        const Params& values) override {
    std::string sql = "INSERT INTO " + std::string(into) + " VALUES (";
    for (size_t i = 1; i <= width; ++i) sql += (i > 1 ? ", $" : "$") + std::to_string(i);
    sql += ")";
    auto& p = prepare(sql);
    std::vector<std::int64_t> ids;
    size_t rows = width ? values.size() / width : 0;
    ids.reserve(rows);
    for (size_t r = 0; r < rows; ++r) {
      step(p, values.data() + r * width, width, nullptr);
      ids.push_back(sqlite3_last_insert_rowid(db_));
    }
    return ids;
  }
  // each_row(): the columns are read from the statement itself.
  void each(std::string_view sql, const Params& params,
            const std::function<void(const RowCursor&)>& f) {
    // A text column is taken as one sqlite3_column_value() and read through it: each
    // sqlite3_column_* call looks the column up and checks the statement's state again, and
    // asking for the text and then its length did that twice (a list page reads some 700 texts).
    // The connection is NOMUTEX and used by one thread, as the value's functions require.
    struct Cursor final : RowCursor {
      sqlite3_stmt* st = nullptr;
      bool null(int i) const override { return sqlite3_column_type(st, i) == SQLITE_NULL; }
      std::int64_t i64(int i) const override { return sqlite3_column_int64(st, i); }
      std::string_view text(int i) const override {
        sqlite3_value* v = sqlite3_column_value(st, i);
        const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
        return t ? std::string_view(t, size_t(sqlite3_value_bytes(v))) : std::string_view();
      }
      std::optional<std::string_view> opt_view(int i) const override {
        // No text is NULL, or text SQLite could not give (out of memory), which text() reads as
        // empty too.
        sqlite3_value* v = sqlite3_column_value(st, i);
        const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
        if (t) return std::string_view(t, size_t(sqlite3_value_bytes(v)));
        if (sqlite3_value_type(v) == SQLITE_NULL) return std::nullopt;
        return std::string_view();
      }
    } cursor;
    auto& p = prepare(sql);
    cursor.st = p.stmt;
    step(p, params.data(), params.size(), nullptr, [&] { f(cursor); });
  }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  bool bulk() const { return bulk_; }
  std::string last_error() const { return sqlite3_errmsg(db_); }

  // Called when the transaction ends either way: the next one starts with the normal settings.
  void end_transaction() {
    if (!bulk_) return;
    bulk_ = false;
    dropped_.clear();
    script(kWriterSettings);
  }

 private:
  struct Prepared {
    sqlite3_stmt* stmt;
    std::vector<int> param_of_slot;  // slot (1-based) -> index into Params
  };

  Prepared& prepare(std::string_view sql) {
    auto it = stmts_.find(sql);
    if (it != stmts_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
      throw DbError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_) +
                    " in: " + std::string(sql.substr(0, 200)));
    Prepared p{stmt, {}};
    int n = sqlite3_bind_parameter_count(stmt);
    p.param_of_slot.resize(n + 1, -1);
    for (int slot = 1; slot <= n; ++slot) {
      const char* name = sqlite3_bind_parameter_name(stmt, slot);
      int idx = 0;
      if (name && name[0] == '$') std::from_chars(name + 1, name + std::strlen(name), idx);
      if (idx < 1) throw DbError("SQL parameters must be $1, $2, …: " + std::string(sql));
      p.param_of_slot[slot] = idx - 1;
    }
    return stmts_.emplace(std::string(sql), p).first->second;
  }

  void run(std::string_view sql, const Params& params, Rows* rows) {
    step(prepare(sql), params.data(), params.size(), rows);
  }

  // Binds `count` parameters from `params` and runs the statement to its end.
  // With `each`, it is called on each row instead (rows is then null).
  void step(Prepared& p, const Value* params, size_t count, Rows* rows,
            const std::function<void()>& each = {}) {
    sqlite3_stmt* st = p.stmt;
    // The cached statement is still being stepped by an each_row caller further up (the same SQL
    // read from its callback on the connection an in_snapshot shares): resetting it would cut
    // that caller's rows short, so this run gets a statement of its own.
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> own(nullptr, sqlite3_finalize);
    if (sqlite3_stmt_busy(st)) {
      sqlite3_stmt* fresh = nullptr;
      if (sqlite3_prepare_v3(db_, sqlite3_sql(st), -1, 0, &fresh, nullptr) != SQLITE_OK)
        throw DbError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_));
      own.reset(fresh);
      st = fresh;
    }
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{st};
    for (size_t slot = 1; slot < p.param_of_slot.size(); ++slot) {
      size_t idx = size_t(p.param_of_slot[slot]);
      if (idx >= count) throw DbError("missing SQL parameter $" + std::to_string(idx + 1));
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              sqlite3_bind_null(st, int(slot));
            else if constexpr (std::is_same_v<T, std::int64_t>)
              sqlite3_bind_int64(st, int(slot), v);
            else if constexpr (std::is_same_v<T, double>)
              sqlite3_bind_double(st, int(slot), v);
            else if constexpr (std::is_same_v<T, Blob>)
              sqlite3_bind_blob(st, int(slot), v.bytes.data(), int(v.bytes.size()), SQLITE_STATIC);
            else  // `params` outlives the statement's use: `reset` clears the bindings
              sqlite3_bind_text(st, int(slot), v.data(), int(v.size()), SQLITE_STATIC);
          },
          params[idx].get());
    }
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        std::string msg = sqlite3_errmsg(db_);
        if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(msg);
        // Another process holds the file's write lock past busy_timeout.
        if ((rc & 0xff) == SQLITE_BUSY) throw core::Busy("SQLite: " + msg);
        throw DbError("SQLite: " + msg);
      }
      if (each) each();
      if (!rows) continue;
      int n = sqlite3_column_count(st);
      std::vector<Value> cols;
      cols.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL:
            cols.emplace_back();
            break;
          case SQLITE_INTEGER:
            cols.emplace_back(std::int64_t(sqlite3_column_int64(st, c)));
            break;
          case SQLITE_FLOAT:
            cols.emplace_back(sqlite3_column_double(st, c));
            break;
          case SQLITE_BLOB: {
            const auto* b = static_cast<const char*>(sqlite3_column_blob(st, c));
            cols.emplace_back(Blob{std::string(b ? b : "", size_t(sqlite3_column_bytes(st, c)))});
            break;
          }
          default:
            cols.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c)),
                                          size_t(sqlite3_column_bytes(st, c))));
        }
      }
      rows->emplace_back(std::move(cols));
    }
  }

  // 64 MB for the one writer; 256 MB while a bulk load's rows go in keeps the blind index of a
  // million people (about 80 MB) in memory; 16 MB and temporary files while its indexes are
  // rebuilt (finish_bulk_load).
  static constexpr const char* kBulkCache = "PRAGMA cache_size=-262144";
  static constexpr const char* kRebuildSettings =
      "PRAGMA cache_size=-16384; PRAGMA temp_store=FILE";
  static constexpr const char* kWriterSettings =
      "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY";
  // Readers see the file's pages in place instead of copying each through a read() call.
  static constexpr const char* kReaderMap = "PRAGMA mmap_size=1073741824";

  // Found by the SQL text itself: a statement run once a row (an import's insert) would
  // otherwise copy its text into a key for every lookup.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> stmts_;
  bool bulk_ = false;
  std::vector<std::string> dropped_;  // CREATE INDEX statements to run again
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int readers, std::chrono::milliseconds answer_within)
      : path_(std::move(path)),
        lock_wait_(std::clamp<std::chrono::milliseconds>(
            answer_within * 2 / 3, std::chrono::milliseconds(1), std::chrono::milliseconds(10000))),
        readers_total_(readers) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    // The database holds personal data: owner-only. SQLite gives the -wal and -shm files it
    // creates the database file's mode; ones left by an older run are tightened too.
    if (path_ != ":memory:" && !path_.starts_with("file:")) {
      if (auto s = core::make_private(path_); !s) throw DbError(s.error().message);
      for (const char* suffix : {"-wal", "-shm", "-journal"})
        if (auto s = core::make_private(path_ + suffix, core::IfMissing::skip); !s)
          throw DbError(s.error().message);
    }
    writer_ = std::make_unique<SqliteTx>(path_, true, lock_wait_);
    // Started here rather than by the first queued write, whose thread it would take its
    // scheduling from (the heavy pool's threads run at a lower priority).
    queue_thread_ = std::thread([this] { run_queue(); });
  }
  // The writes still queued run before the database closes.
  ~SqliteDatabase() override {
    {
      std::lock_guard lock(queue_mu_);
      queue_closing_ = true;
    }
    queue_cv_.notify_one();
    if (queue_thread_.joinable()) queue_thread_.join();
  }
  Engine engine() const override { return Engine::sqlite; }

  // write_later(): the write waits in a queue for the queue's thread.
  void queue(QueuedWrite write) {
    {
      std::lock_guard lock(queue_mu_);
      queued_.push_back(std::move(write));
    }
    queue_cv_.notify_one();
  }
  std::string describe() const override { return "sqlite:" + path_; }

  // begin_rollback_journal(), end_rollback_journal(): the writer changes the file's journal mode
  // between transactions. SQLite leaves WAL mode only when no other connection has the file open,
  // so this process's idle readers are closed first. In rollback-journal mode a commit is the
  // journal's deletion, durable only once its directory is synced: synchronous=EXTRA.
  bool set_journal(bool rollback) {
    std::unique_lock lock(mu_);
    take_writer(lock);
    if (group_open_) {
      lock.unlock();
      end_group(true);
      lock.lock();
    }
    bool changed = false;
    if (!rollback || readers_busy_ == 0) {
      if (rollback) idle_.clear();
      lock.unlock();
      try {
        auto mode =
            writer_->query(rollback ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL", {});
        changed = !mode.empty() && mode[0].str(0) == (rollback ? "delete" : "wal");
        if (changed)
          writer_->script(rollback ? "PRAGMA synchronous=EXTRA" : "PRAGMA synchronous=FULL");
      } catch (const DbError&) {
      } catch (const core::Busy&) {  // another process holds the file: the mode stays
      }
      lock.lock();
    }
    writer_busy_ = false;
    lock.unlock();
    cv_.notify_one();
    return changed;
  }

  Lease acquire(bool writer) override {
    if (writer) {
      std::unique_lock lock(mu_);
      take_writer(lock);
      // A direct writer (a backup) runs outside any transaction: an open group ends first.
      if (group_open_) {
        lock.unlock();
        end_group(true);
      }
      return Lease(writer_.get(), Releaser{this, true});
    }
    if (Tx* shared = shared_read_of(this)) return Lease(shared, Releaser{this, false});
    // A read lease is one read transaction: its queries see one snapshot, and SQLite takes its
    // file locks and WAL read mark once rather than for every statement.
    std::unique_lock lock(mu_);
    ++readers_busy_;
    std::unique_ptr<Tx> tx;
    if (!idle_.empty()) {
      tx = std::move(idle_.back());
      idle_.pop_back();
    }
    lock.unlock();
    try {
      if (!tx) tx = std::make_unique<SqliteTx>(path_, false, lock_wait_);
      tx->exec("BEGIN");  // exec, not script: the statement is prepared once per connection
    } catch (...) {
      std::lock_guard again(mu_);
      --readers_busy_;
      throw;
    }
    return Lease(tx.release(), Releaser{this, false});
  }

  PoolStats stats() const override {
    std::lock_guard lock(mu_);
    return {readers_total_, readers_busy_, 1, writer_busy_ ? 1 : 0};
  }
  core::Status backup_to(const std::string& path) override {
    if (std::filesystem::exists(path))
      return core::fail(core::Error::conflict("refusing to overwrite existing file " + path));
    // VACUUM INTO accepts an empty file, so the copy is created owner-only before it is written.
    if (auto s = core::make_private(path); !s) return s;
    auto lease = acquire(true);
    try {
      lease->exec("VACUUM INTO $1", {path});
    } catch (const DbError& e) {
      return core::fail(core::Error::internal(std::string("backup failed: ") + e.what()));
    }
    return {};
  }

 protected:
  Lease begin_write() override {
    std::unique_lock lock(mu_);
    take_writer(lock);
    const bool joining = group_open_;
    lock.unlock();
    Lease lease(writer_.get(), Releaser{this, true});
    try {
      lease->exec(joining ? "SAVEPOINT group_member" : "BEGIN IMMEDIATE");
    } catch (const DbError&) {
      if (joining) end_group(true);  // the writers before this one still wait for their commit
      throw;
    }
    joined_ = joining;
    if (!joining) {
      std::lock_guard again(mu_);
      group_open_ = true;
      group_size_ = 0;
    }
    return lease;
  }

  void end_write(Lease& lease, bool keep) override {
    auto& tx = *writer_;
    if (!joined_) {
      if (!keep) return end_group(false);  // the first writer: nobody else's changes are in it
    } else {
      try {
        tx.exec(keep ? "RELEASE group_member" : "ROLLBACK TO group_member", {});
        if (!keep) tx.exec("RELEASE group_member", {});
      } catch (const DbError&) {
        // SQLite may have rolled the whole transaction back on an error (a full disk): the
        // check below fails the group.
      }
    }
    const bool bulk = tx.bulk();
    try {
      tx.end_transaction();
    } catch (const DbError&) {
    }
    std::unique_lock lock(mu_);
    if (!tx.in_transaction()) {
      auto outcome = group_outcome_;
      lock.unlock();
      end_group(false, "SQLite rolled the transaction back: " + tx.last_error());
      if (keep) throw DbError(outcome->error);
      return;
    }
    if (writers_waiting_ == 0 || bulk || group_size_ + 1 >= kMaxGroup) {
      auto outcome = group_outcome_;
      lock.unlock();
      end_group(true);
      if (keep && !outcome->error.empty()) throw DbError(outcome->error);
      return;
    }
    ++group_size_;
    auto outcome = group_outcome_;
    writer_busy_ = false;
    lock.unlock();
    cv_.notify_one();       // after the unlock: the writer woken takes mu_ at once
    (void)lease.release();  // the next writer holds the connection now
    if (!keep) return;
    // Not on mu_: woken all at once, the group's writers would queue for it behind each other
    // and the next group's writers.
    if (auto error = outcome->wait(); !error.empty()) throw DbError(error);
  }

  // Not used: begin_write and end_write above replace the default transaction steps.
  void begin(Tx&) override {}
  void commit(Tx&) override {}
  void rollback(Tx&) override {}

  void release(Tx* tx, bool writer) override {
    if (!writer && tx == shared_read_of(this)) return;  // in_snapshot ends it
    bool ended = true;
    if (!writer) {
      try {
        tx->exec("COMMIT");  // ends the read transaction; nothing was written
      } catch (const DbError&) {
        ended = false;
      }
    }
    std::lock_guard lock(mu_);
    if (writer) {
      writer_busy_ = false;
      cv_.notify_one();
      return;
    }
    --readers_busy_;
    // More reads than readers_total_ run at once when handlers nest a read in another or other
    // pools read beside the handlers. A connection closed then is opened again at the next such
    // peak, and a new one first parses the whole schema and prepares every statement again: the
    // most of a point read's cost under load. So connections are kept up to a bound well above
    // the peaks (three file descriptors each).
    if (ended && int(idle_.size()) < kMaxIdleReaders)
      idle_.emplace_back(tx);
    else
      delete tx;
  }

 private:
  // How a group ended, for its writers waiting on it. Waited for with a condition variable,
  // not std::atomic::wait: libstdc++'s spins through sched_yield before it sleeps, and on busy
  // cores those yields switched threads for nothing (15 % of the server's samples under the
  // check-in benchmark, 12 % in sched_yield).
  struct GroupOutcome {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;  // guarded by mu, as is `error` once done is set
    std::string error;  // empty: committed
    // The ends of the group's queued writes (write_later), called when it ends.
    std::vector<std::function<void(std::exception_ptr)>> ends;

    // Returns the group's error (empty: committed) once it has ended.
    std::string wait() {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return done; });
      return error;
    }
    void end(std::string failure) {
      std::vector<std::function<void(std::exception_ptr)>> waiting;
      {
        std::lock_guard lock(mu);
        error = std::move(failure);
        done = true;
        waiting.swap(ends);
      }
      cv.notify_all();
      std::exception_ptr e = error.empty() ? nullptr : std::make_exception_ptr(DbError(error));
      for (auto& f : waiting) f(e);
    }
  };
  // At most this many writers share one commit, so that the first of them waits boundedly.
  static constexpr int kMaxGroup = 64;
  static constexpr int kMaxIdleReaders = 256;

  void run_queue() {
    std::unique_lock lock(queue_mu_);
    for (;;) {
      queue_cv_.wait(lock, [&] { return queue_closing_ || !queued_.empty(); });
      if (queued_.empty()) return;
      lock.unlock();
      run_queued_group();
      lock.lock();
    }
  }

  // Takes the writer connection like any writer and runs the queued writes, each in a savepoint,
  // until the queue is empty or the group full; then commits, or hands the open group on to a
  // writer waiting in write() as end_write does. No thread waits for the commit: the ends of the
  // kept writes are called by whoever ends the group.
  void run_queued_group() {
    std::unique_lock lock(mu_);
    take_writer(lock);
    const bool joining = group_open_;
    int room = kMaxGroup - (joining ? group_size_ : 0);
    lock.unlock();
    auto& tx = *writer_;
    if (!joining) {
      try {
        tx.exec("BEGIN IMMEDIATE", {});
      } catch (...) {  // the file is locked by another process: the first write fails
        auto error = std::current_exception();
        auto write = next_queued();
        give_back_writer();
        if (write) write->end(error);
        return;
      }
      std::lock_guard again(mu_);
      group_open_ = true;
      group_size_ = 0;
    }
    std::vector<std::function<void(std::exception_ptr)>> kept;
    int taken = 0;
    std::string rolled_back;  // SQLite ended the whole transaction (a full disk)
    while (taken < room && rolled_back.empty()) {
      auto write = next_queued();
      if (!write) break;
      ++taken;
      std::exception_ptr error;
      bool keep = false;
      try {
        tx.exec("SAVEPOINT queued_write", {});
        keep = write->run(tx);
      } catch (...) {
        error = std::current_exception();
      }
      try {
        if (!keep) tx.exec("ROLLBACK TO queued_write", {});
        tx.exec("RELEASE queued_write", {});
      } catch (const DbError&) {
      }
      if (!tx.in_transaction()) {
        rolled_back = "SQLite rolled the transaction back: " + tx.last_error();
        if (keep) error = std::make_exception_ptr(DbError(rolled_back));
        keep = false;
      }
      if (keep)
        kept.push_back(std::move(write->end));
      else
        write->end(error);
    }
    const bool bulk = tx.bulk();
    try {
      tx.end_transaction();
    } catch (const DbError&) {
    }
    lock.lock();
    {
      std::lock_guard outcome(group_outcome_->mu);
      for (auto& end : kept) group_outcome_->ends.push_back(std::move(end));
    }
    if (!rolled_back.empty() || !tx.in_transaction()) {
      lock.unlock();
      end_group(false, rolled_back.empty() ? "SQLite rolled the transaction back" : rolled_back);
      return give_back_writer();
    }
    group_size_ += taken;
    if (writers_waiting_ == 0 || bulk || group_size_ + 1 >= kMaxGroup) {
      lock.unlock();
      end_group(true);
      return give_back_writer();
    }
    writer_busy_ = false;  // the writer waiting in write() joins the group
    lock.unlock();
    cv_.notify_one();
  }

  std::optional<QueuedWrite> next_queued() {
    std::lock_guard lock(queue_mu_);
    if (queued_.empty()) return std::nullopt;
    auto write = std::move(queued_.front());
    queued_.pop_front();
    return write;
  }

  void give_back_writer() {
    {
      std::lock_guard lock(mu_);
      writer_busy_ = false;
    }
    cv_.notify_one();
  }

  // Contract: `lock` holds mu_. Returns with the writer connection taken.
  void take_writer(std::unique_lock<std::mutex>& lock) {
    ++writers_waiting_;
    cv_.wait(lock, [&] { return !writer_busy_; });
    --writers_waiting_;
    writer_busy_ = true;
  }

  // Contract: the caller holds the writer connection and mu_ is not held. Commits (`commit`) or
  // rolls back the group's transaction and tells every writer of it waiting on the outcome;
  // `failure` fails the group without trying to commit.
  void end_group(bool commit, std::string failure = {}) {
    auto& tx = *writer_;
    if (commit && failure.empty()) {
      try {
        tx.exec("COMMIT", {});
      } catch (const DbError& e) {
        failure = e.what();
      }
    }
    if (tx.in_transaction()) {
      try {
        tx.exec("ROLLBACK", {});
      } catch (const DbError&) {
      }
    }
    try {
      tx.end_transaction();
    } catch (const DbError&) {
    }
    std::shared_ptr<GroupOutcome> ended = std::make_shared<GroupOutcome>();
    {
      std::lock_guard lock(mu_);
      std::swap(ended, group_outcome_);
      group_open_ = false;
      group_size_ = 0;
    }
    ended->end(std::move(failure));
  }

  std::string path_;
  std::chrono::milliseconds lock_wait_;  // busy_timeout
  int readers_total_;
  std::unique_ptr<SqliteTx> writer_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool writer_busy_ = false;
  int writers_waiting_ = 0;
  bool group_open_ = false;
  int group_size_ = 0;   // writers of the open group that handed the connection on
  bool joined_ = false;  // the writer holding the connection opened a savepoint in a group
  std::shared_ptr<GroupOutcome> group_outcome_ = std::make_shared<GroupOutcome>();
  int readers_busy_ = 0;
  std::vector<std::unique_ptr<Tx>> idle_;
  // Writes queued by write_later, and the thread that runs them.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<QueuedWrite> queued_;
  bool queue_closing_ = false;
  std::thread queue_thread_;
};

}  // namespace

void each_row(Tx& tx, std::string_view sql, const Params& params,
              const std::function<void(const RowCursor&)>& f) {
  if (auto* sqlite = dynamic_cast<SqliteTx*>(&tx)) return sqlite->each(sql, params, f);
  if (each_row_postgres(tx, sql, params, f)) return;
  throw DbError("each_row: a connection of neither engine");
}

bool queue_write_sqlite(Database& db, QueuedWrite& write) {
  auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
  if (!sqlite) return false;
  sqlite->queue(std::move(write));
  return true;
}

bool begin_rollback_journal(Database& db) {
  auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
  return sqlite && sqlite->set_journal(true);
}

bool end_rollback_journal(Database& db) {
  auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
  return sqlite && sqlite->set_journal(false);
}

core::Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int readers,
                                                    std::chrono::milliseconds answer_within) {
  try {
    return std::unique_ptr<Database>(new SqliteDatabase(path, readers, answer_within));
  } catch (const core::Busy&) {
    // Another process holds the whole file: a command-line import writes through a rollback
    // journal (begin_rollback_journal) and keeps it until its commit.
    return core::fail(core::Error{
        core::ErrorCode::unavailable,
        "the SQLite database " + path +
            " is held by another process that is writing to it (a command-line import, for "
            "example): run this again when that process has finished",
        {}});
  } catch (const std::exception& e) {
    return core::fail(core::Error{core::ErrorCode::unavailable, e.what(), {}});
  }
}

}  // namespace qorgan::storage
