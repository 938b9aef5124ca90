#pragma once
// The roster job runner: one background worker takes queued roster runs oldest first. Each run
// is solved on a thread of its own while the worker writes its progress to the run's row and
// watches for a cancel (through any server: the row's status changes); on a cancel, or at
// shutdown, it tells the solver to stop (SolveOptions::cancel), which it does within moments,
// and waits for it, so the worker is free for the next run at once and no solver outlives its
// run. The finished roster is checked by the independent checker and stored with its audit
// entry in one transaction.
//
// Several servers on one database: a runner holds the run's lock (storage::Peers::try_hold)
// from before it claims the run until the outcome is stored, so each run runs once; at start-up
// (and on PostgreSQL every idle tick) runs left `running` whose lock is free are failed
// ("interrupted by a restart"). Shutdown puts the running run back in the queue.
#include <atomic>
#include <cstdint>

#include "auth/principal.hpp"
#include "core/periodic_worker.hpp"
#include "guard/duties.hpp"
#include "storage/database.hpp"
#include "storage/peers.hpp"

namespace qorgan::guard {

class RosterRunner {
 public:
  RosterRunner(storage::Database& db, Duties& duties, storage::Peers& peers)
      : db_(db),
        duties_(duties),
        peers_(peers),
        worker_("guard-runner", std::chrono::seconds(2), [this] { tick(); }) {}
  ~RosterRunner() { stop(); }
  RosterRunner(const RosterRunner&) = delete;
  RosterRunner& operator=(const RosterRunner&) = delete;

  void start();
  void stop();
  void wake() { worker_.wake(); }
  // Runs left running by no live server → failed; returns how many.
  int recover();
  // Runs every queued run now, in the calling thread (the CLI and the demo loader); returns how
  // many ran.
  int run_queued();
  static auth::Actor actor(std::int64_t id);

 private:
  void tick();
  bool run_next();
  void run(std::int64_t id);
  void fail_running(std::int64_t id, const std::string& why);

  storage::Database& db_;
  Duties& duties_;
  storage::Peers& peers_;
  std::atomic<bool> shutting_down_{false};
  core::PeriodicWorker worker_;  // last: stopped before the members its task uses go
};

}  // namespace qorgan::guard
