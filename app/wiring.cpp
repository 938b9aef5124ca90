#include "app/wiring.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include "activation/routes.hpp"
#include "alerts/cap.hpp"
#include "alerts/routes.hpp"
#include "alerts/sms.hpp"
#include "alerts/subscriber_message.hpp"
#include "alerts/subscription_routes.hpp"
#include "auth/audit.hpp"
#include "auth/audit_seal.hpp"
#include "auth/routes.hpp"
#include "console/i18n.hpp"
#include "core/time.hpp"
#include "guard/routes.hpp"
#include "notify/routes.hpp"
#include "obligations/routes.hpp"
#include "portal/media.hpp"
#include "portal/routes.hpp"
#include "registry/list_text.hpp"
#include "registry/name_key_store.hpp"
#include "registry/routes.hpp"
#include "requisition/routes.hpp"
#ifdef QORGAN_WITH_EVAC_WEB
#include "evac/web/routes.hpp"
#endif
#include "storage/migrations.hpp"

namespace qorgan::app {

core::Result<std::vector<int>> migrate_database(storage::Database& db) {
  auto done = storage::migrate(db);
  if (!done) return done;
  if (std::ranges::count(*done, registry::kNameKeyMigration) != 0 ||
      std::ranges::count(*done, registry::kPlaceNameKeyMigration) != 0) {
    auto n = registry::fill_name_keys(db);
    if (n > 0)
      std::fprintf(stderr, "qorgan: %lld names can now be searched in either script\n",
                   static_cast<long long>(n));
  }
  if (std::ranges::count(*done, registry::person_store::kBinaryListTextMigration) > 0 ||
      std::ranges::count(*done, registry::person_store::kPlainListTextMigration) > 0 ||
      std::ranges::count(*done, registry::person_store::kIdListTextMigration) > 0) {
    // The rows not rewritten read as before; the next person's write rewrites theirs.
    if (auto n = registry::person_store::rewrite_list_texts(db); !n)
      std::fprintf(stderr, "qorgan: warning: people's list texts: %s\n", n.error().message.c_str());
    else if (*n > 0)
      std::fprintf(stderr, "qorgan: %lld people's list texts rewritten\n",
                   static_cast<long long>(*n));
  }
  if (std::ranges::count(*done, portal::kStandardSlugsMigration) > 0) {
    portal::Portal portal(db);
    if (auto n = portal.articles.adopt_standard_slugs(); !n)
      std::fprintf(stderr, "qorgan: warning: article addresses: %s\n", n.error().message.c_str());
    else if (*n > 0)
      std::fprintf(stderr,
                   "qorgan: %d article address(es) now romanised by BGN/PCGN; the old ones "
                   "redirect\n",
                   *n);
  }
  // A chain that cannot be re-hashed stays as it was; `audit verify` shows where it breaks.
  if (std::ranges::count(*done, auth::kKeyedAuditMigration) > 0) {
    if (auto n = auth::key_legacy_chain(db); !n)
      std::fprintf(stderr, "qorgan: warning: %s\n", n.error().message.c_str());
    else if (*n > 0)
      std::fprintf(stderr, "qorgan: the audit log's %lld entries are now keyed\n",
                   static_cast<long long>(*n));
  }
  if (std::ranges::count(*done, portal::kKeyedMediaMigration) > 0) {
    auto n = portal::key_legacy_media(db);
    if (!n) return core::fail(n.error());
    if (*n > 0)
      std::fprintf(stderr, "qorgan: %lld articles now show their images at keyed addresses\n",
                   static_cast<long long>(*n));
  }
  return done;
}

namespace {

// The portal's page templates, with the active alerts as banners on every page.
void load_portal_pages(App& app) {
  app.portal_pages = portal::Pages::load(*app.portal, find_web_dir(app.config));
  app.portal_pages->set_alert_source([alerts = app.alerts.get()](const std::string& lang) {
    std::vector<portal::AlertBanner> out;
    for (const auto& a : alerts->public_active(core::now_us())) {
      auto text = a.texts.find(lang);
      for (const char* other : {"ru", "kk", "en"})
        if (text == a.texts.end()) text = a.texts.find(other);
      if (text == a.texts.end()) continue;
      out.push_back({text->first, alerts::status_mark(a.status, text->first), text->second.headline,
                     text->second.instruction, alerts::page_path(a, lang), a.severity, a.expires});
    }
    return out;
  });
}

}  // namespace

core::Result<std::unique_ptr<App>> open_app(const Config& config, bool migrate, bool serving) {
  constexpr std::chrono::hours kOperatorWait{1};
  auto app = std::make_unique<App>();
  app->config = config;
  auto key = load_master_key(config);
  if (!key) return core::fail(key.error());
  auth::use_audit_key(*key);
  if (migrate) {
    auto db = storage::open_database(config.db, 2, kOperatorWait);
    if (!db) return core::fail(db.error());
    auto done = migrate_database(**db);
    if (!done) return core::fail(done.error());
  }
  auto db = storage::open_database(
      config.db, std::max(config.threads, 2),
      serving ? std::chrono::milliseconds(std::chrono::seconds(config.db_answer_timeout_seconds))
              : std::chrono::milliseconds(kOperatorWait));
  if (!db) return core::fail(db.error());
  app->db = std::move(*db);
  if (!migrate && !storage::schema_current(*app->db)) {
    return core::fail(core::Error{
        core::ErrorCode::unavailable,
        "the database schema is not current: run 'qorgan migrate --db " + config.db + "'",
        {}});
  }
  // Entries that a process which died between its commit and their chaining left unchained.
  if (serving) {
    try {
      if (auto n = auth::seal_audit(*app->db); n > 0)
        std::fprintf(stderr, "qorgan: %lld audit entries left unchained are now chained\n",
                     static_cast<long long>(n));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "qorgan: warning: audit entries left unchained: %s\n", e.what());
    }
  }
  auto peers = storage::open_peers(*app->db, config.db);
  if (!peers) return core::fail(peers.error());
  app->peers = std::move(*peers);
  auth::SessionSettings s;
  s.idle = std::chrono::minutes(config.session_idle_minutes);
  s.absolute = std::chrono::hours(config.session_absolute_hours);
  app->accounts = std::make_unique<auth::Accounts>(*app->db, s);
  app->accounts->connect(*app->peers);
  // Every API route's problems in the caller's language, with the console's words: one
  // catalogue of service messages for pages and API alike.
  app->guard =
      std::make_unique<auth::Guard>(*app->accounts, config.secure_cookies, &console::catalogue());
  app->registry = std::make_unique<registry::Registry>(*app->db, *key);
  // A server's statements may not wait for the vacuum after a large import not kept.
  if (serving && app->db->engine() == storage::Engine::postgres)
    app->reclaimer = std::make_unique<storage::Reclaimer>(*app->db, config.db);
  app->activation_plans = std::make_unique<activation::Plans>(*app->db, *app->registry);
  app->activations = std::make_unique<activation::Activations>(*app->db, *app->registry,
                                                               *app->activation_plans, *key);
  app->readiness = std::make_unique<activation::ReadinessService>(*app->db, *app->registry);
  app->overdue = std::make_unique<activation::OverdueSweep>(*app->db, *app->registry);
  app->activations->set_time_zone(config.time_zone);
  if (!config.base_url.empty()) app->activations->set_origin(config.base_url);
  app->callup = std::make_unique<activation::Callup>(*app->db, *app->registry, *app->activations);
  app->muster_points =
      std::make_unique<activation::MusterPoints>(*app->db, *app->registry, *app->activations);
  app->alerts = std::make_unique<alerts::Alerts>(*app->db, *app->registry, *key);
  app->alerts->configure({.sender = config.alerts_sender,
                          .origin = config.base_url,
                          .test_channel = config.alerts_test_channel});
  app->requisitions = std::make_unique<requisition::Requisitions>(*app->db, *app->registry, *key,
                                                                  config.requisition);
  if (!config.base_url.empty()) app->requisitions->set_origin(config.base_url);
  app->owner_desk = std::make_unique<requisition::OwnerDesk>(*app->requisitions);
  app->obligations = std::make_unique<obligations::Obligations>(
      *app->db, *app->registry, config.time_zone, config.obligation_levels);
  {
    guard::DutySettings duty = config.guard;
    duty.zone = config.time_zone;
    app->guard_duties =
        std::make_unique<guard::Duties>(*app->db, *app->registry, *key, std::move(duty));
    app->guard_runner =
        std::make_unique<guard::RosterRunner>(*app->db, *app->guard_duties, *app->peers);
    app->guard_duties->on_queued([runner = app->guard_runner.get()] { runner->wake(); });
  }
  app->portal = std::make_unique<portal::Portal>(*app->db);
  app->portal->settings.set_time_zone(config.time_zone);
  app->portal->changes.connect(*app->peers);
  // Alerts show as banners on every portal page; a published, cancelled or expired alert purges
  // the page caches of this and (through the portal's Changes) every other server process.
  app->alerts->on_public_change([portal = app->portal.get()] { portal->changes.changed(); });
  // Only a serving process renders portal pages: a command would parse every template for
  // nothing before its own work (about a tenth of the CPU of a command that opens the database).
  if (serving) load_portal_pages(*app);
  app->outbox = std::make_unique<notify::Outbox>(*app->db);
  app->sender = std::make_unique<notify::Sender>(*app->db, config.notify);
  app->sender->on_sent(activation::kMessagePrefix, [](storage::Tx& tx, const notify::Message& m) {
    activation::record_delivery(tx, m.reference, m.sent_at.value_or(m.updated_at));
  });
  {
    auto base = config.base_url.empty() ? "http://" + config.listen : config.base_url;
    alerts::SubscriptionSettings subs;
    subs.base_url = base;
    subs.per_client = config.alerts_subscribe_per_client;
    app->alert_subscriptions =
        std::make_unique<alerts::Subscriptions>(*app->db, app->registry->regions, *key, subs);
    auto fan = config.alerts;
    fan.base_url = base;
    app->alert_fan_out = std::make_unique<alerts::FanOutWorker>(*app->db, *key, fan);
    app->resolvers.add(alerts::kSubscriberSource, app->alert_fan_out->resolver());
    app->outbox->resolve_with(&app->resolvers);
    app->sender->resolve_with(&app->resolvers);
  }
#ifdef QORGAN_WITH_EVAC_WEB
  app->evac = std::make_unique<evac::web::Service>(*app->db, *app->registry, *app->peers);
  app->evac->set_time_zone(config.time_zone);
  app->evac->set_queue_limits({app->config.evac_queue_per_account, app->config.evac_queue_total});
  app->evac->set_expanded_limit(std::uint64_t(app->config.osm_expanded_limit_mb) << 20);
  // Rosters measure travel along a stored road network when a run names one.
  app->guard_duties->use_road_networks(
      [planning = app->evac.get()](
          const auth::Principal& who,
          std::int64_t id) -> core::Result<std::shared_ptr<const evac::Network>> {
        if (auto seen = planning->get_network(who, id); !seen) return core::fail(seen.error());
        auto loaded = planning->networks().get(id);
        if (!loaded) return core::fail(loaded.error());
        return std::shared_ptr<const evac::Network>(*loaded, &(*loaded)->data.network);
      });
#endif
  return app;
}

void mount_all(App& app) {
  auto& r = app.router;
  r.add("GET", "/healthz", [](http::Request&) { return http::Response::json({{"status", "ok"}}); });
  r.add("GET", "/readyz", [&app](http::Request&) {
    bool ok = app.db->ping();
    return http::Response::json({{"status", ok ? "ready" : "unavailable"}, {"database", ok}},
                                ok ? 200 : 503);
  });
  r.add("GET", "/metrics", [&app](http::Request&) {
    return http::Response::text(app.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  app.metrics.add_source([&app] {
    auto s = app.db->stats();
    return fmt::format(
        "# HELP qorgan_db_connections Database connections by pool and state.\n"
        "# TYPE qorgan_db_connections gauge\n"
        "qorgan_db_connections{{pool=\"read\",state=\"busy\"}} {}\n"
        "qorgan_db_connections{{pool=\"read\",state=\"size\"}} {}\n"
        "qorgan_db_connections{{pool=\"write\",state=\"busy\"}} {}\n"
        "qorgan_db_connections{{pool=\"write\",state=\"size\"}} {}\n",
        s.readers_busy, s.readers_total, s.writers_busy, s.writers_total);
  });
  auth::mount_routes(r, *app.guard, *app.db);
  notify::mount_routes(r, *app.guard, *app.outbox, [&app] { app.sender->wake(); });
  registry::mount_routes(r, *app.guard, *app.registry);
  activation::mount_plan_routes(r, *app.guard, *app.activation_plans);
  activation::mount_activation_routes(r, *app.guard, *app.activations);
  activation::mount_readiness_routes(r, *app.guard, *app.readiness);
  activation::mount_callup_routes(r, *app.guard, *app.callup);
  // The portal's pages use literal language prefixes (/kk, /ru, /en) and "/"; the call-up's
  // answer page lives under them and must come first.
  activation::mount_callup_pages(r, *app.callup);
  requisition::mount_owner_pages(r, *app.owner_desk);
  alerts::mount_subscription_routes(r, *app.guard, *app.alert_subscriptions, *app.alert_fan_out);
  alerts::mount_subscription_pages(r, *app.alert_subscriptions);
  activation::mount_muster_routes(r, *app.guard, *app.muster_points);
  alerts::mount_routes(r, *app.guard, *app.alerts);
  alerts::mount_public_routes(r, *app.alerts);
  alerts::mount_pages(r, *app.alerts, app.config.time_zone);
  requisition::mount_routes(r, *app.guard, *app.requisitions);
  guard::mount_routes(r, *app.guard, *app.guard_duties);
  requisition::mount_owner_routes(r, *app.owner_desk);
  obligations::mount_routes(r, *app.guard, *app.obligations);
  portal::mount_routes(r, *app.guard, *app.portal, *app.portal_pages);
#ifdef QORGAN_WITH_EVAC_WEB
  evac::web::mount_routes(r, *app.guard, *app.evac);
#endif
#ifdef QORGAN_WITH_CONSOLE
  evac::web::Service* evac = nullptr;
#ifdef QORGAN_WITH_EVAC_WEB
  evac = app.evac.get();
#endif
  app.console = std::make_unique<console::Console>(
      *app.guard, *app.registry, *app.db, find_web_dir(app.config), evac, app.config.time_zone);
  app.console->add_outbox(*app.outbox, app.config.time_zone);
  app.console->add_activation(*app.activation_plans, *app.activations, *app.readiness);
  app.console->add_alerts(*app.alerts);
  app.console->add_requisition(*app.requisitions);
  app.console->add_obligations(*app.obligations);
  app.console->add_guard(*app.guard_duties);
  app.console->add_alert_subscribers(*app.alert_subscriptions, *app.alert_fan_out);
  app.console->mount(r);
#endif
}

namespace {

// The sender's lock key among the advisory locks (a range of its own: "notify").
constexpr std::int64_t kSenderLock = 0x6e6f74696679;

}  // namespace

std::function<bool()> sender_lock(App& app) {
  if (app.peers->shared()) {
    auto hold = std::make_shared<std::unique_ptr<storage::Peers::Hold>>();
    return [&app, hold] {
      if (!*hold) *hold = app.peers->try_hold(kSenderLock);
      return bool(*hold);
    };
  }
  // SQLite: flock is released by the kernel when the process ends, however it ends.
  std::string path = app.config.db.substr(app.config.db.find(':') + 1) + ".notify-lock";
  auto fd = std::shared_ptr<int>(new int(-1), [](int* p) {
    if (*p >= 0) ::close(*p);
    delete p;
  });
  return [path, fd] {
    if (*fd >= 0) return true;
    int f = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (f < 0) return false;
    if (::flock(f, LOCK_EX | LOCK_NB) != 0) {
      ::close(f);
      return false;
    }
    *fd = f;
    return true;
  };
}

void start_background(App& app) {
  if (app.config.notify_sender) {
    for (const char* channel : {"email", "sms"})
      if (!app.sender->configured(channel))
        std::fprintf(stderr,
                     "qorgan: notify: %s is not configured ([notify.%s] url); its messages stay "
                     "queued\n",
                     channel, channel);
    app.sender->start(sender_lock(app));
  }
  if (!app.config.audit_checkpoint_file.empty()) {
    auto last = std::make_shared<std::int64_t>(-1);
    app.audit_checkpoints = std::make_unique<core::PeriodicWorker>(
        "audit checkpoints", std::chrono::minutes(app.config.audit_checkpoint_minutes),
        [&app, last] {
          auto c = auth::checkpoint_now(*app.db);
          if (c.seq == *last) return;
          if (auto s = auth::append_checkpoint(app.config.audit_checkpoint_file, c); !s)
            throw std::runtime_error(s.error().message);
          *last = c.seq;
        });
    app.audit_checkpoints->start();
  }
  app.guard_runner->start();
  app.deadlines = std::make_unique<core::PeriodicWorker>(
      "activation deadlines", std::chrono::seconds(app.config.deadline_sweep_seconds), [&app] {
        app.overdue->run(core::now_us());
        app.obligations->remind_overdue(core::now_us());
      });
  app.deadlines->start();
  app.alert_expiry = std::make_unique<core::PeriodicWorker>(
      "alert expiry", std::chrono::seconds(app.config.alerts_expiry_sweep_seconds),
      [&app] { app.alerts->expire(core::now_us()); });
  app.alert_expiry->start();
  app.portal->start();
  app.alert_fan_out->start();
#ifdef QORGAN_WITH_EVAC_WEB
  app.evac->start();
#endif
}

}  // namespace qorgan::app
