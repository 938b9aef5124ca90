#include "evac/web/plan_runner.hpp"

#include <malloc.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <new>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "auth/audit.hpp"
#include "core/time.hpp"
#include "evac/io/error_json.hpp"
#include "evac/io/plan_csv.hpp"
#include "evac/io/plan_geojson.hpp"
#include "evac/io/plan_json.hpp"
#include "evac/plan/validator.hpp"
#include "evac/web/evac_store.hpp"
#include "evac/web/plan_input.hpp"

namespace qorgan::evac::web {

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);  // progress writes: at most 4 a second
constexpr auto kStopGrace = std::chrono::seconds(5);    // a shutdown waits this long for a planner
// A plan's lock among the servers on one database: this prefix and the plan's id.
constexpr std::int64_t kPlanLocks = std::int64_t{0x65766163} << 32;  // "evac"

void log_line(std::int64_t id, const std::string& what) {
  std::fprintf(stderr, "{\"level\":\"info\",\"evac_plan\":%lld,\"msg\":%s}\n",
               static_cast<long long>(id), core::Json(what).dump().c_str());
}

core::Json summary_of(const Problem& problem, const Plan& plan, const ValidationReport& report) {
  const double step = problem.network.step_seconds;
  core::Json s{{"evacuated", report.evacuated},
               {"unroutable", report.unroutable},
               {"egress_time", report.egress_time},
               {"egress_seconds", report.egress_time * step},
               {"mean_evacuation_seconds", report.mean_evacuation_time * step},
               {"step_seconds", step},
               {"optimum", nullptr},
               {"egress_over_optimum", nullptr},
               {"run_seconds", plan.run_seconds}};
  if (plan.optimum) {
    s["optimum"] = *plan.optimum;
    if (*plan.optimum > 0)
      s["egress_over_optimum"] =
          static_cast<double>(report.egress_time) / static_cast<double>(*plan.optimum);
  }
  // The gap users see even where the exact planner is too slow: a provable lower bound on the
  // egress (the optimum itself when it was computed).
  const std::optional<Time> bound = plan.optimum ? plan.optimum : plan.lower_bound;
  if (bound) {
    s["lower_bound"] = *bound;
    s["lower_bound_seconds"] = *bound * step;
    if (*bound > 0)
      s["egress_over_lower_bound"] =
          static_cast<double>(report.egress_time) / static_cast<double>(*bound);
  }
  return s;
}

// The parts column of a failed plan (none for an untranslated error).
std::optional<std::string> parts_text(const Error& e) {
  if (e.parts.empty()) return std::nullopt;
  return io::parts_to_json(e.parts).dump();
}

}  // namespace

auth::Actor PlanRunner::actor(std::int64_t plan_id) {
  return {std::nullopt, "system:evac-runner", "evac-plan-" + std::to_string(plan_id)};
}

void PlanRunner::start() {
  if (worker_.running()) return;
  shutting_down_ = false;
  try {
    recover();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qorgan: evac: cannot recover interrupted plans: %s\n", e.what());
  }
  worker_.start();
  worker_.wake();  // plans queued before the start run now
}

void PlanRunner::stop() {
  {
    std::lock_guard lock(mu_);
    shutting_down_ = true;
    for (auto* c : controls_) c->cancel();
  }
  worker_.stop();
}

void PlanRunner::wake() {
  worker_.wake();
}

void PlanRunner::cancel(std::int64_t plan_id) {
  std::lock_guard lock(mu_);
  if (current_ == plan_id)
    for (auto* c : controls_) c->cancel();
}

int PlanRunner::recover() {
  int n = 0;
  for (auto id : db_.read([](storage::Tx& tx) { return evac_store::running_plans(tx); })) {
    // Held: a live server runs it (this one included).
    auto hold = peers_.try_hold(kPlanLocks + id);
    if (!hold) continue;
    auto failed = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      if (!evac_store::fail_running(tx, id, kInterrupted, parts_text(Error(part(kInterruptedText))),
                                    core::now_us()))
        return false;
      auth::audit(tx, actor(id), "evac_plan.fail", "evac_plan", std::to_string(id),
                  {{"status", kRunning}}, {{"status", kFailed}, {"error", kInterrupted}});
      return true;
    });
    if (failed && *failed) {
      log_line(id, kInterrupted);
      ++n;
    }
  }
  return n;
}

void PlanRunner::tick() {
  // A SQLite database has this server alone, whose start-up recovered what there was.
  if (peers_.shared()) recover();
  run_queued();
}

int PlanRunner::run_queued() {
  int n = 0;
  while (!shutting_down_ && run_next()) ++n;
  return n;
}

bool PlanRunner::run_next() {
  std::int64_t id = 0;
  std::unique_ptr<storage::Peers::Hold> hold;
  for (auto queued : db_.read([](storage::Tx& tx) { return evac_store::queued_plans(tx, 20); })) {
    hold = peers_.try_hold(kPlanLocks + queued);
    if (!hold) continue;  // another server is claiming it
    auto claimed = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      return evac_store::claim(tx, queued, core::now_us());
    });
    if (claimed && *claimed) {
      id = queued;
      break;
    }
    hold.reset();  // taken and finished, or cancelled, meanwhile
  }
  if (!id) return false;
  log_line(id, "running");  // which server runs it, when several share the database
  try {
    run(id);
  } catch (const std::exception& e) {
    const std::string why = std::string("internal error: ") + e.what();
    log_line(id, why);
    db_.write([&](storage::Tx& tx) -> core::Status {
      if (evac_store::fail_running(tx, id, why, std::nullopt, core::now_us()))
        auth::audit(tx, actor(id), "evac_plan.fail", "evac_plan", std::to_string(id),
                    {{"status", kRunning}}, {{"status", kFailed}, {"error", why}});
      return {};
    });
  }
  return true;
}

void PlanRunner::fail_running(std::int64_t id, const auth::Actor& who, const Error& why) {
  log_line(id, "failed: " + why.message);
  db_.write([&](storage::Tx& tx) -> core::Status {
    if (evac_store::fail_running(tx, id, why.message, parts_text(why), core::now_us()))
      auth::audit(tx, who, "evac_plan.fail", "evac_plan", std::to_string(id),
                  {{"status", kRunning}}, {{"status", kFailed}, {"error", why.message}});
    return {};
  });
}

void PlanRunner::run(std::int64_t id) {
  // A plan's bookings, groups and outputs can take gigabytes that glibc keeps in its heap after
  // they are freed; give them back to the system when the job ends, however it ends.
  struct TrimOnExit {
    ~TrimOnExit() { malloc_trim(0); }
  } trim;
  const auth::Actor who = actor(id);
  const auto fail_plan = [&](const Error& why) { fail_running(id, who, why); };
  // Failures of the server rather than of the plan's input: English only.
  const auto internal = [&](const std::string& why) {
    fail_running(id, who, Error::untranslated(why));
  };
  auto row = db_.read([&](storage::Tx& tx) {
    std::optional<std::pair<PlanInfo, std::string>> out;
    if (auto p = evac_store::get_plan(tx, id)) out.emplace(*p, *evac_store::plan_problem(tx, id));
    return out;
  });
  if (!row) return;  // deleted meanwhile
  const PlanInfo& info = row->first;
  auto net = networks_.get(info.network_id);
  if (!net) return internal("the road network cannot be loaded: " + net.error().message);
  core::Json doc = core::Json::parse(row->second, nullptr, false);
  if (doc.is_discarded()) return internal("the stored plan input is not valid JSON");
  auto problem = problem_from_json(doc, (*net)->data.network);
  if (!problem) return internal(problem.error().message);
  auto planner = make_planner(info.planner);
  if (!planner) return fail_plan(planner.error());
  const bool compare = info.with_optimum && info.planner != "optimal";

  // The planning thread owns its state, so that a planner that does not stop in time can be
  // left behind by a shutdown (the process is ending) without touching freed memory.
  struct Job {
    Problem problem;
    std::unique_ptr<Planner> planner;
    RunControl main, best;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::optional<Result<Plan>> outcome;
    std::string crash;
  };
  auto job = std::make_shared<Job>();
  job->problem = std::move(*problem);
  job->planner = std::move(*planner);
  {
    std::lock_guard lock(mu_);
    current_ = id;
    controls_ = {&job->main, &job->best};
    if (shutting_down_) job->main.cancel(), job->best.cancel();
  }
  const bool optimal = info.planner == "optimal";
  std::thread thread([job, compare, optimal] {
    try {
      auto plan = run_timed(*job->planner, job->problem, job->main);
      if (plan && optimal) plan->optimum = plan->egress_time;
      if (plan && compare) {
        auto optimum = make_optimal_planner()->plan(job->problem, job->best);
        if (optimum)
          plan->optimum = optimum->egress_time;
        else if (job->best.cancelled())
          plan = fail(kCancelledText);
      }
      std::lock_guard lock(job->mu);
      job->outcome = std::move(plan);
    } catch (const std::bad_alloc&) {
      std::lock_guard lock(job->mu);
      job->outcome = fail(kOutOfMemoryText);
    } catch (const std::exception& e) {
      std::lock_guard lock(job->mu);
      job->crash = e.what();
    }
    {
      std::lock_guard lock(job->mu);
      job->done = true;
    }
    job->cv.notify_all();
  });
  const auto release = [&] {
    std::lock_guard lock(mu_);
    current_ = 0;
    controls_.clear();
  };
  const auto requeue = [&] {
    db_.write([&](storage::Tx& tx) -> core::Status {
      evac_store::requeue(tx, id, core::now_us());
      return {};
    });
  };
  // Watch: write progress, and stop the planner when the plan is no longer running (cancelled
  // or deleted through any server) or the server is shutting down.
  double written = -1;
  std::optional<std::chrono::steady_clock::time_point> stop_by;
  while (true) {
    {
      std::unique_lock lock(job->mu);
      if (job->cv.wait_for(lock, kTick, [&] { return job->done; })) break;
    }
    if (shutting_down_) {
      job->main.cancel(), job->best.cancel();
      const auto now = std::chrono::steady_clock::now();
      if (!stop_by) stop_by = now + kStopGrace;
      if (now < *stop_by) continue;
      // The planner did not stop in time: leave it behind, the plan runs again after restart.
      log_line(id, "the planner did not stop within the shutdown grace time");
      release();
      thread.detach();
      requeue();
      return;
    }
    const double progress =
        compare ? 0.5 * job->main.progress() + 0.5 * job->best.progress() : job->main.progress();
    try {
      std::optional<bool> still_running;
      if (progress - written >= 0.005) {
        const double rounded = std::round(progress * 1000) / 1000;
        auto r = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
          return evac_store::set_progress(tx, id, rounded, core::now_us());
        });
        if (r) still_running = *r;
        written = progress;
      } else {
        still_running = db_.read([&](storage::Tx& tx) {
          return evac_store::status_of(tx, id) == std::optional<std::string>(kRunning);
        });
      }
      if (still_running == false) job->main.cancel(), job->best.cancel();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "qorgan: evac: progress of plan %lld: %s\n", static_cast<long long>(id),
                   e.what());
    }
  }
  thread.join();
  release();

  // A shutdown puts the plan back in the queue even if it has just finished: storing a large
  // plan takes a while, and the server is stopping.
  if (shutting_down_) return requeue();
  if (!job->crash.empty()) return internal("internal error: " + job->crash);
  if (!job->outcome) return internal("the planner returned nothing");
  const auto& outcome = job->outcome;
  const Problem* problem_ptr = &job->problem;
  if (!*outcome) {
    if (outcome->error().message == kCancelled)  // changes nothing unless it is still running
      return fail_plan(Error(part(kCancelledText)));
    return fail_plan(outcome->error());
  }
  try {
    store_results(id, who, doc, *problem_ptr, **outcome);
    return;
  } catch (const std::bad_alloc&) {
    job.reset();  // the plan itself, before the failure is written
    fail_plan(Error(part(kOutOfMemoryText)));
  }
}

void PlanRunner::store_results(std::int64_t id, const auth::Actor& who, const core::Json& doc,
                               const Problem& problem, const Plan& plan) {
  const Problem* problem_ptr = &problem;
  const auto report = validate(*problem_ptr, plan);
  // A planner's bug, never the input's: English only, like the validator's findings.
  if (!report.valid())
    return fail_running(
        id, who,
        Error::untranslated("the planner's plan failed validation: " +
                            (report.violations.empty() ? std::string("?") : report.violations[0])));
  core::Json plan_json = io::plan_head_json(*problem_ptr, plan, report);
  // The neighbourhoods (regions) the sources were named after, for orders in any language.
  plan_json["neighbourhoods"] = doc.value("neighbourhoods", core::Json::array());
  if (doc.contains("sources") && plan_json.contains("sources"))
    for (std::size_t i = 0; i < plan_json["sources"].size() && i < doc["sources"].size(); ++i)
      if (doc["sources"][i].contains("region_id"))
        plan_json["sources"][i]["region_id"] = doc["sources"][i]["region_id"];
  std::optional<std::string> geojson;
  if (problem_ptr->network.has_coordinates()) {
    auto g = io::plan_to_geojson(*problem_ptr, plan, report);
    if (g) geojson = g->dump();
  }
  const std::string csv = io::plan_groups_csv(*problem_ptr, plan);
  const core::Json summary = summary_of(*problem_ptr, plan, report);
  const std::string text = [&] {
    std::ostringstream out;
    io::write_plan_json(out, plan_json, *problem_ptr, plan);
    return std::move(out).str();
  }();
  db_.write([&](storage::Tx& tx) -> core::Status {
    if (!evac_store::finish(tx, id, summary, core::now_us())) return {};  // cancelled meanwhile
    evac_store::insert_results(tx, id, text, geojson, csv);
    auth::audit(tx, who, "evac_plan.finish", "evac_plan", std::to_string(id),
                {{"status", kRunning}}, {{"status", kDone}, {"summary", summary}});
    return {};
  });
}

}  // namespace qorgan::evac::web
