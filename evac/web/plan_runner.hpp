#pragma once
// The job runner: one background worker thread takes queued plans oldest first and runs each
// with its planner (the planners use up to two threads of their own). While a plan runs, the
// worker writes its progress to the plan's row at most four times a second and watches for a
// cancel (from this server, or the row's status changed by another); the finished plan's
// results are stored with an audit entry in one transaction.
//
// Start-up: plans left `running` by a server that is gone (it died while running them) are
// marked failed, "interrupted by a restart"; queued plans are then run. Shutdown: the running
// plan is stopped and put back in the queue, so that it runs again after the restart.
//
// Several servers on one database each run a runner; each plan runs once. A runner holds the
// plan's lock (storage::Peers::try_hold) from before it claims the plan (queued → running, one
// conditional UPDATE) until the outcome is stored, and a plan is `running` only while a live
// server holds its lock (the database drops a dead server's locks). So a runner fails only the
// running plans whose lock it can take: at start-up, and on PostgreSQL every idle tick, so that
// a plan of a server that died is failed within seconds by the others.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "auth/principal.hpp"
#include "core/periodic_worker.hpp"
#include "evac/plan/planner.hpp"
#include "evac/web/network_cache.hpp"
#include "storage/database.hpp"
#include "storage/peers.hpp"

namespace qorgan::evac::web {

inline constexpr Term kInterruptedText = term("interrupted by a restart");
inline constexpr const char* kInterrupted = "interrupted by a restart";

class PlanRunner {
 public:
  PlanRunner(storage::Database& db, NetworkCache& networks, storage::Peers& peers)
      : db_(db),
        networks_(networks),
        peers_(peers),
        // Looks for queued plans every two seconds when idle (another server may queue them),
        // and at once when this one queues one.
        worker_("evac-runner", std::chrono::seconds(2), [this] { tick(); }) {}
  ~PlanRunner() { stop(); }
  PlanRunner(const PlanRunner&) = delete;
  PlanRunner& operator=(const PlanRunner&) = delete;

  // Marks plans left running as failed, then starts the worker (idempotent).
  void start();
  // Stops the running plan (back to the queue) and joins the worker.
  void stop();
  // A plan was queued.
  void wake();
  // The plan was cancelled or deleted: stop it if it is running here.
  void cancel(std::int64_t plan_id);

  // Plans left running by no live server → failed ("interrupted by a restart"); returns how
  // many.
  int recover();
  // Runs every queued plan now, in the calling thread (the worker's task; the demo loader and
  // tests call it without starting the worker); returns how many ran.
  int run_queued();

  // Who the runner's audit entries name.
  static auth::Actor actor(std::int64_t plan_id);

 private:
  void tick();
  bool run_next();
  void run(std::int64_t id);
  // Marks a running plan failed with `why` and its audit entry (nothing if no longer running).
  void fail_running(std::int64_t id, const auth::Actor& who, const Error& why);
  // Validates a finished plan and stores its outputs; may throw std::bad_alloc.
  void store_results(std::int64_t id, const auth::Actor& who, const core::Json& input,
                     const Problem& problem, const Plan& plan);

  storage::Database& db_;
  NetworkCache& networks_;
  storage::Peers& peers_;
  std::mutex mu_;
  // The plan running now and its controls (the planner's, and the optimum's when compared).
  std::int64_t current_ = 0;
  std::vector<RunControl*> controls_;
  std::atomic<bool> shutting_down_{false};
  core::PeriodicWorker worker_;  // last: stopped before the members its task uses go
};

}  // namespace qorgan::evac::web
