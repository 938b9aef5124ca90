#include "storage/reclaim.hpp"

#include <atomic>
#include <cstdio>
#include <exception>
#include <map>

#include "core/json.hpp"
#include "core/outage.hpp"

namespace qorgan::storage {
namespace {

std::string vacuum_sql(const std::vector<std::string>& tables) {
  std::string sql = "VACUUM (INDEX_CLEANUP ON) ";
  for (size_t i = 0; i < tables.size(); ++i) sql += (i ? ", " : "") + tables[i];
  return sql;
}

// The reclaimer attached to each database that has one.
std::mutex attached_mu;
std::map<const Database*, Reclaimer*> attached;

Reclaimer* attached_to(const Database& db) {
  std::lock_guard lock(attached_mu);
  auto it = attached.find(&db);
  return it == attached.end() ? nullptr : it->second;
}

void log_line(const char* level, const std::string& what) {
  std::fprintf(stderr, "%s\n",
               core::Json{{"level", level}, {"reclaim", "vacuum"}, {"msg", what}}.dump().c_str());
}

}  // namespace

bool reclaim_rolled_back(Database& db, const std::vector<std::string>& tables) {
  if (db.engine() != Engine::postgres || tables.empty()) return true;
  if (auto* reclaimer = attached_to(db)) {
    reclaimer->request(tables);
    return true;
  }
  try {
    // A read lease runs each statement in autocommit, as VACUUM must.
    db.read([&](Tx& tx) { tx.script(vacuum_sql(tables)); });
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qorgan: the vacuum after a rolled-back load failed (%s)\n", e.what());
    return false;
  }
}

Reclaimer::Reclaimer(Database& db, std::string url) : db_(db), url_(std::move(url)) {
  thread_ = std::jthread([this](std::stop_token stop) { loop(std::move(stop)); });
  std::lock_guard lock(attached_mu);
  attached[&db_] = this;
}

Reclaimer::~Reclaimer() {
  stop();
}

void Reclaimer::request(const std::vector<std::string>& tables) {
  {
    std::lock_guard lock(mu_);
    asked_.insert(tables.begin(), tables.end());
  }
  cv_.notify_all();
}

void Reclaimer::stop() {
  {
    std::lock_guard lock(attached_mu);
    if (auto it = attached.find(&db_); it != attached.end() && it->second == this)
      attached.erase(it);
  }
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  std::lock_guard lock(mu_);
  if (!asked_.empty()) log_line("info", "stopping: the vacuum asked for is left to autovacuum");
  asked_.clear();
}

void Reclaimer::loop(std::stop_token stop) {
  std::unique_lock lock(mu_);
  int tries = 0;
  // (wait() returns its predicate also when stopped.)
  while (cv_.wait(lock, stop, [this] { return !asked_.empty(); }) && !stop.stop_requested()) {
    std::vector<std::string> tables(asked_.begin(), asked_.end());
    asked_.clear();
    lock.unlock();
    auto outcome = vacuum(tables, stop);
    lock.lock();
    if (outcome == Outcome::done || outcome == Outcome::give_up) {
      tries = 0;
      continue;
    }
    if (++tries >= kTries) {
      log_line("warning", "tried " + std::to_string(tries) + " times; left to autovacuum");
      tries = 0;
      continue;
    }
    asked_.insert(tables.begin(), tables.end());
    cv_.wait_for(lock, stop, kRetryAfter, [] { return false; });
  }
}

Reclaimer::Outcome Reclaimer::vacuum(const std::vector<std::string>& tables,
                                     const std::stop_token& stop) {
  const std::string sql = vacuum_sql(tables);
  const auto started = std::chrono::steady_clock::now();
  auto db = open_database(url_, 2, std::chrono::hours(1));
  if (!db) {
    log_line("warning", sql + ": " + db.error().message + "; again in 30 s");
    return Outcome::retry;
  }
  std::mutex mu;
  std::condition_variable_any cv;
  bool done = false;
  std::atomic<std::int64_t> pid = 0;
  std::string failed;  // the driver's words, when it did not finish
  bool busy = false;
  std::thread run([&] {
    try {
      (*db)->read([&](Tx& tx) {
        pid = tx.one("SELECT pg_backend_pid()").i64(0);
        tx.script("SET lock_timeout = " +
                  std::to_string(std::chrono::milliseconds(kLockWait).count()));
        tx.script(sql);  // autocommit, as VACUUM must
      });
    } catch (const core::Busy& e) {
      busy = true;
      failed = e.what();
    } catch (const std::exception& e) {
      failed = e.what();
    }
    std::lock_guard lock(mu);
    done = true;
    cv.notify_all();
  });
  // Once a second: whether a statement waits for the vacuum's lock, or the server stops.
  std::string cancelled;  // why, when this side cancelled it
  {
    std::unique_lock lock(mu);
    while (!done) {
      if (stop.stop_requested())  // the wait below would return at once
        cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; });
      else
        cv.wait_for(lock, stop, std::chrono::seconds(1), [&] { return done; });
      if (done || !pid) continue;
      lock.unlock();
      try {
        std::string why;
        if (stop.stop_requested())
          why = "the server is stopping";
        else if ((*db)->read([&](Tx& tx) {
                   return tx
                       .one(
                           "SELECT count(*) FROM pg_stat_activity "
                           "WHERE $1 = ANY(pg_blocking_pids(pid))",
                           {std::int64_t(pid)})
                       .i64(0);
                 }) > 0)
          why = "a statement waited for its lock";
        if (!why.empty()) {  // again each second: a cancel that came between statements is lost
          (*db)->read([&](Tx& tx) { tx.one("SELECT pg_cancel_backend($1)", {std::int64_t(pid)}); });
          cancelled = why;
        }
      } catch (const std::exception& e) {
        log_line("warning", "cannot watch the vacuum: " + std::string(e.what()));
      }
      lock.lock();
    }
  }
  run.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  if (failed.empty()) {
    log_line("info", sql + ": done in " + took);
    return Outcome::done;
  }
  if (cancelled == "the server is stopping") {
    log_line("info", sql + ": cancelled after " + took + ", " + cancelled + "; left to autovacuum");
    return Outcome::give_up;
  }
  std::string why = !cancelled.empty() ? "cancelled after " + std::string(took) + ": " + cancelled
                    : busy             ? "its lock is held by other work"
                                       : "failed after " + std::string(took) + " (" + failed + ")";
  log_line("info", sql + ": " + why + "; again in 30 s");
  return Outcome::retry;
}

}  // namespace qorgan::storage
