#pragma once
// Space that a rolled-back transaction's rows still hold. PostgreSQL writes a row in place and
// a rollback leaves it there, dead, in the table and in every index until a vacuum: a large
// load that is rolled back (a dry run, a bad row found late, a failure) leaves as many dead rows
// as it wrote, and autovacuum waits for a fifth of the table (2,000,000 dead rows at 10,000,000)
// while every index scan through them reads their pages. SQLite writes a transaction's pages to
// its WAL, which a rollback discards: its tables and file are as before, and nothing is left to
// reclaim.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::storage {

// On PostgreSQL, VACUUMs `tables` with their indexes' cleanup forced (PostgreSQL would skip the
// indexes when the dead rows fill fewer than 2 % of the pages, the common case of a load into a
// large table, leaving their entries). Where a Reclaimer is attached to `db` (a server's), hands
// the vacuum to it and returns at once. Otherwise runs it on a pooled connection outside any
// transaction and returns when it is done: the caller waits for a read of every index of
// `tables`, each statement bounded by `db`'s answer bound. Best effort: returns false, having
// said why on stderr, when the vacuum failed (an autovacuum of the same table, an outage, the
// bound); the rows it left are then the next vacuum's. On SQLite it does nothing.
bool reclaim_rolled_back(Database& db, const std::vector<std::string>& tables);

// The same vacuum for a server, whose statements are bounded by its answer bound (15 s): a
// vacuum of a large table takes longer than that and would be cut off, leaving the rows, and the
// request would wait for it. While it lives it is attached to `db`, whose reclaim_rolled_back()
// calls become request()s, which return at once. One thread runs the vacuums, one at a time
// (tables asked for meanwhile are vacuumed after the one in progress), on a connection of its
// own to `url` (db's) that waits for PostgreSQL as long as a command does (an hour). It yields to
// writers as autovacuum does: it waits for its lock at most kLockWait, and once it holds it, a
// statement that waits for it (an index dropped or built by a bulk load, an ANALYZE) has it
// cancelled within a second; a vacuum that did not finish is tried again kRetryAfter later,
// kTries times in all. Each vacuum is logged on stderr. Nothing is kept across a restart: the
// vacuums asked for and not yet done are left to autovacuum. PostgreSQL only.
class Reclaimer {
 public:
  static constexpr auto kLockWait = std::chrono::seconds(2);
  static constexpr auto kRetryAfter = std::chrono::seconds(30);
  static constexpr int kTries = 10;

  Reclaimer(Database& db, std::string url);
  ~Reclaimer();
  Reclaimer(const Reclaimer&) = delete;
  Reclaimer& operator=(const Reclaimer&) = delete;

  void request(const std::vector<std::string>& tables);
  // Detaches from the database, cancels the vacuum in progress, drops those asked for, and waits
  // for the thread. Idempotent.
  void stop();

 private:
  enum class Outcome { done, retry, give_up };
  void loop(std::stop_token stop);
  Outcome vacuum(const std::vector<std::string>& tables, const std::stop_token& stop);

  Database& db_;
  const std::string url_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::set<std::string> asked_;
  std::jthread thread_;
};

}  // namespace qorgan::storage
