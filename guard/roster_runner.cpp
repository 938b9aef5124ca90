#include "guard/roster_runner.hpp"

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include "auth/audit.hpp"
#include "core/time.hpp"
#include "guard/duty_store.hpp"

namespace qorgan::guard {

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);
constexpr const char* kInterrupted = "interrupted by a restart";
// A run's lock among the servers on one database: this prefix and the run's id.
constexpr std::int64_t kRunLocks = std::int64_t{0x67726473} << 32;  // "grds"

void log_line(std::int64_t id, const std::string& what) {
  std::fprintf(stderr, "{\"level\":\"info\",\"guard_roster\":%lld,\"msg\":%s}\n",
               static_cast<long long>(id), core::Json(what).dump().c_str());
}

}  // namespace

auth::Actor RosterRunner::actor(std::int64_t id) {
  return {std::nullopt, "system:guard-runner", "guard-roster-" + std::to_string(id)};
}

void RosterRunner::start() {
  if (worker_.running()) return;
  shutting_down_ = false;
  try {
    recover();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qorgan: guard: cannot recover interrupted rosters: %s\n", e.what());
  }
  worker_.start();
  worker_.wake();
}

void RosterRunner::stop() {
  shutting_down_ = true;
  worker_.stop();
}

int RosterRunner::recover() {
  int n = 0;
  for (auto id : db_.read([](storage::Tx& tx) { return duty_store::running_rosters(tx); })) {
    auto hold = peers_.try_hold(kRunLocks + id);
    if (!hold) continue;
    auto failed = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      if (!duty_store::fail_running(tx, id, kInterrupted, core::now_us())) return false;
      auth::audit(tx, actor(id), "guard_roster.fail", "guard_roster", std::to_string(id),
                  {{"status", kRunning}}, {{"status", kFailed}, {"error", kInterrupted}});
      return true;
    });
    if (failed && *failed) ++n;
  }
  return n;
}

void RosterRunner::tick() {
  if (peers_.shared()) recover();
  run_queued();
}

int RosterRunner::run_queued() {
  int n = 0;
  while (!shutting_down_ && run_next()) ++n;
  return n;
}

bool RosterRunner::run_next() {
  std::int64_t id = 0;
  std::unique_ptr<storage::Peers::Hold> hold;
  for (auto queued : db_.read([](storage::Tx& tx) { return duty_store::queued_rosters(tx, 20); })) {
    hold = peers_.try_hold(kRunLocks + queued);
    if (!hold) continue;
    auto claimed = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      return duty_store::claim(tx, queued, core::now_us());
    });
    if (claimed && *claimed) {
      id = queued;
      break;
    }
    hold.reset();
  }
  if (!id) return false;
  log_line(id, "running");
  try {
    run(id);
  } catch (const std::exception& e) {
    fail_running(id, std::string("internal error: ") + e.what());
  }
  return true;
}

void RosterRunner::fail_running(std::int64_t id, const std::string& why) {
  log_line(id, "failed: " + why);
  db_.write([&](storage::Tx& tx) -> core::Status {
    if (duty_store::fail_running(tx, id, why, core::now_us()))
      auth::audit(tx, actor(id), "guard_roster.fail", "guard_roster", std::to_string(id),
                  {{"status", kRunning}}, {{"status", kFailed}, {"error", why}});
    return {};
  });
}

void RosterRunner::run(std::int64_t id) {
  auto row = db_.read([&](storage::Tx& tx) { return duty_store::roster(tx, id); });
  if (!row) return;
  struct Job {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::atomic<bool> cancel{false};
    std::optional<core::Result<Generated>> outcome;
    std::string crash;
  };
  Job job;
  const RosterRun run = *row;
  std::thread thread([&job, this, &run] {
    std::optional<core::Result<Generated>> out;
    std::string crash;
    try {
      out = duties_.generate(run, &job.cancel);
    } catch (const std::exception& e) {
      crash = e.what();
    }
    std::lock_guard lock(job.mu);
    job.outcome = std::move(out);
    job.crash = crash;
    job.done = true;
    job.cv.notify_all();
  });
  // The solver reads `job` and `run`: whatever happens here, it stops before they go.
  struct Joined {
    Job& job;
    std::thread& thread;
    ~Joined() {
      if (!thread.joinable()) return;
      job.cancel = true;
      thread.join();
    }
  } joined{job, thread};
  db_.write([&](storage::Tx& tx) -> core::Result<bool> {
    return duty_store::set_progress(tx, id, 0.1, core::now_us());
  });
  while (true) {
    {
      std::unique_lock lock(job.mu);
      if (job.cv.wait_for(lock, kTick, [&] { return job.done; })) break;
    }
    if (shutting_down_) {
      job.cancel = true;
      db_.write([&](storage::Tx& tx) -> core::Status {
        duty_store::requeue(tx, id, core::now_us());
        return {};
      });
      break;
    }
    auto status = db_.read([&](storage::Tx& tx) { return duty_store::status_of(tx, id); });
    if (status != std::optional<std::string>(kRunning)) {
      log_line(id, "cancelled");
      job.cancel = true;
      break;
    }
  }
  // A stopped solver returns within moments; its result, if any, is dropped.
  thread.join();
  if (job.cancel) {
    log_line(id, "stopped");
    return;
  }
  if (!job.crash.empty()) return fail_running(id, "internal error: " + job.crash);
  if (!job.outcome) return fail_running(id, "the solver returned nothing");
  auto& outcome = *job.outcome;
  if (!outcome) return fail_running(id, outcome.error().message);
  if (!outcome->violations.empty())
    return fail_running(id, "the solver's roster broke a rule: " + outcome->violations.front());
  db_.write([&](storage::Tx& tx) -> core::Result<bool> {
    return duty_store::set_progress(tx, id, 0.9, core::now_us());
  });
  if (duties_.store(id, actor(id), *outcome)) log_line(id, "done");
}

}  // namespace qorgan::guard
