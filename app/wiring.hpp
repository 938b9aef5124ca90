#pragma once
// The one place that knows every module: opens the database, builds the services and mounts
// their routes.
#include <memory>

#include "app/config.hpp"
#include "auth/accounts.hpp"
#include "auth/guard.hpp"
#ifdef QORGAN_WITH_CONSOLE
#include "console/console.hpp"
#endif
#ifdef QORGAN_WITH_EVAC_WEB
#include "evac/web/evac_service.hpp"
#endif
#include "activation/activations.hpp"
#include "activation/callup.hpp"
#include "activation/muster_points.hpp"
#include "activation/overdue.hpp"
#include "activation/plans.hpp"
#include "activation/readiness.hpp"
#include "alerts/alerts.hpp"
#include "alerts/fan_out.hpp"
#include "alerts/subscriptions.hpp"
#include "core/periodic_worker.hpp"
#include "guard/duties.hpp"
#include "guard/roster_runner.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "notify/bulk.hpp"
#include "notify/outbox.hpp"
#include "notify/sender.hpp"
#include "obligations/obligations.hpp"
#include "portal/pages.hpp"
#include "portal/portal.hpp"
#include "registry/registry.hpp"
#include "requisition/owner_desk.hpp"
#include "requisition/requisitions.hpp"
#include "storage/database.hpp"
#include "storage/peers.hpp"
#include "storage/reclaim.hpp"

namespace qorgan::app {

struct App {
  Config config;
  std::unique_ptr<storage::Database> db;
  // A server's, on PostgreSQL: attached to db, destroyed before it.
  std::unique_ptr<storage::Reclaimer> reclaimer;
  // The other server processes on the database (PostgreSQL): page-cache purges, ended sessions,
  // each evacuation plan run once. Before the services, which use it until they are gone.
  std::unique_ptr<storage::Peers> peers;
  std::unique_ptr<auth::Accounts> accounts;
  std::unique_ptr<auth::Guard> guard;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<activation::Plans> activation_plans;
  std::unique_ptr<activation::Activations> activations;
  std::unique_ptr<activation::ReadinessService> readiness;
  // Applies passed activation deadlines every config.deadline_sweep_seconds (started by
  // start_background; each activation is swept once, also with several servers).
  std::unique_ptr<activation::OverdueSweep> overdue;
  // Company protection duties; the deadline sweep also reminds of overdue findings (declared
  // before the sweep, so that it outlives it).
  std::unique_ptr<obligations::Obligations> obligations;
  std::unique_ptr<core::PeriodicWorker> deadlines;
  std::unique_ptr<activation::Callup> callup;
  std::unique_ptr<activation::MusterPoints> muster_points;
  // Public alerts; their expiry sweep runs every config.alerts_expiry_sweep_seconds (started by
  // start_background).
  std::unique_ptr<alerts::Alerts> alerts;
  std::unique_ptr<core::PeriodicWorker> alert_expiry;
  // Requisition of property and its compensation; the owner's desk (no account) over it.
  std::unique_ptr<requisition::Requisitions> requisitions;
  std::unique_ptr<requisition::OwnerDesk> owner_desk;
  // Guard posts and duty rosters; the roster runner (started by start_background, stopped, the
  // running roster requeued, when App is destroyed).
  std::unique_ptr<guard::Duties> guard_duties;
  std::unique_ptr<guard::RosterRunner> guard_runner;
  // The public portal: its services (the scheduler and view counter run from start_background
  // until App is destroyed, pending views then written) and its pages (templates, page cache).
  std::unique_ptr<portal::Portal> portal;
  std::unique_ptr<portal::Pages> portal_pages;
#ifdef QORGAN_WITH_EVAC_WEB
  // Evacuation planning: networks, plans and the job runner (started by start_background,
  // stopped, the running plan requeued, when App is destroyed).
  std::unique_ptr<evac::web::Service> evac;
#endif
#ifdef QORGAN_WITH_CONSOLE
  // The staff console; made by mount_all (serving needs it, the operator commands do not).
  std::unique_ptr<console::Console> console;
#endif
  // The outbox (read, retried and cancelled over the API and the console) and its sender, run
  // by start_background when config.notify_sender is set and this process holds the sender
  // lock (see sender_lock).
  // How the outbox's bulk messages (an alert's fan-out) become the ones sent and shown.
  notify::Resolvers resolvers;
  std::unique_ptr<notify::Outbox> outbox;
  std::unique_ptr<notify::Sender> sender;
  // Public alert subscribers, and the worker that fans approved alerts out to them (started by
  // start_background; it stops between two batches when App is destroyed).
  std::unique_ptr<alerts::Subscriptions> alert_subscriptions;
  std::unique_ptr<alerts::FanOutWorker> alert_fan_out;
  // Appends signed audit checkpoints to config.audit_checkpoint_file (started by
  // start_background when the file is set).
  std::unique_ptr<core::PeriodicWorker> audit_checkpoints;
  http::Metrics metrics;
  http::Router router;
};

// Applies pending migrations; when one of them introduces the keyed audit chain, re-hashes the
// chain written before it (auth::key_legacy_chain). The audit key must be set.
core::Result<std::vector<int>> migrate_database(storage::Database& db);
// Opens the database (migrating it when `migrate` is set) and builds the services.
// `serving`: statements wait for PostgreSQL at most config.db_answer_timeout_seconds; the
// operator's commands (and migrations, also those `serve` applies) wait as long as they need.
core::Result<std::unique_ptr<App>> open_app(const Config& config, bool migrate,
                                            bool serving = false);
// The lock that lets one sender work the outbox: on PostgreSQL an advisory lock among the
// servers (peers), on SQLite an exclusive lock on the file `<database>.notify-lock`, so that
// `qorgan notify run` and `qorgan serve` never send side by side. The function returns whether
// this process holds it (taking it when free); it is kept until the function is destroyed.
std::function<bool()> sender_lock(App& app);
// Mounts every route, including /healthz, /readyz and /metrics.
void mount_all(App& app);
// Starts the background work of serving: the portal's scheduled publishing and view counter,
// the evacuation plan runner, the activation deadline sweep. They stop (views flushed, a running
// plan requeued) when App is destroyed.
void start_background(App& app);

}  // namespace qorgan::app
