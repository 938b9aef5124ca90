#include "app/wiring.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "auth/audit.hpp"
#include "auth/routes.hpp"
#include "portal/routes.hpp"
#include "registry/routes.hpp"
#ifdef QORGAN_WITH_EVAC_WEB
#include "evac/web/routes.hpp"
#endif
#include "storage/migrations.hpp"

namespace qorgan::app {

core::Result<std::vector<int>> migrate_database(storage::Database& db) {
  auto done = storage::migrate(db);
  if (done && std::ranges::count(*done, portal::kStandardSlugsMigration) > 0) {
    portal::Portal portal(db);
    if (auto n = portal.articles.adopt_standard_slugs(); !n)
      std::fprintf(stderr, "qorgan: warning: article addresses: %s\n", n.error().message.c_str());
    else if (*n > 0)
      std::fprintf(stderr,
                   "qorgan: %d article address(es) now romanised by BGN/PCGN; the old ones "
                   "redirect\n",
                   *n);
  }
  if (!done || std::ranges::count(*done, auth::kKeyedAuditMigration) == 0) return done;
  // A chain that cannot be re-hashed stays as it was; `audit verify` shows where it breaks.
  if (auto n = auth::key_legacy_chain(db); !n)
    std::fprintf(stderr, "qorgan: warning: %s\n", n.error().message.c_str());
  else if (*n > 0)
    std::fprintf(stderr, "qorgan: the audit log's %lld entries are now keyed\n",
                 static_cast<long long>(*n));
  return done;
}

core::Result<std::unique_ptr<App>> open_app(const Config& config, bool migrate) {
  auto app = std::make_unique<App>();
  app->config = config;
  auto db = storage::open_database(config.db, std::max(config.threads, 2));
  if (!db) return core::fail(db.error());
  app->db = std::move(*db);
  auto key = load_master_key(config);
  if (!key) return core::fail(key.error());
  auth::use_audit_key(*key);
  if (migrate) {
    auto done = migrate_database(*app->db);
    if (!done) return core::fail(done.error());
  } else if (!storage::schema_current(*app->db)) {
    return core::fail(core::Error{
        core::ErrorCode::unavailable,
        "the database schema is not current: run 'qorgan migrate --db " + config.db + "'",
        {}});
  }
  auto peers = storage::open_peers(*app->db, config.db);
  if (!peers) return core::fail(peers.error());
  app->peers = std::move(*peers);
  auth::SessionSettings s;
  s.idle = std::chrono::minutes(config.session_idle_minutes);
  s.absolute = std::chrono::hours(config.session_absolute_hours);
  app->accounts = std::make_unique<auth::Accounts>(*app->db, s);
  app->accounts->connect(*app->peers);
  app->guard = std::make_unique<auth::Guard>(*app->accounts, config.secure_cookies);
  app->registry = std::make_unique<registry::Registry>(*app->db, *key);
  app->portal = std::make_unique<portal::Portal>(*app->db);
  app->portal->changes.connect(*app->peers);
  app->portal_pages = portal::Pages::load(*app->portal, find_web_dir(config));
#ifdef QORGAN_WITH_EVAC_WEB
  app->evac = std::make_unique<evac::web::Service>(*app->db, *app->registry, *app->peers);
  app->evac->set_queue_limits({app->config.evac_queue_per_account, app->config.evac_queue_total});
  app->evac->set_expanded_limit(std::uint64_t(app->config.osm_expanded_limit_mb) << 20);
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
  registry::mount_routes(r, *app.guard, *app.registry);
  // The portal's pages use literal language prefixes (/kk, /ru, /en) and "/".
  portal::mount_routes(r, *app.guard, *app.portal, *app.portal_pages);
#ifdef QORGAN_WITH_EVAC_WEB
  evac::web::mount_routes(r, *app.guard, *app.evac);
#endif
#ifdef QORGAN_WITH_CONSOLE
  evac::web::Service* evac = nullptr;
#ifdef QORGAN_WITH_EVAC_WEB
  evac = app.evac.get();
#endif
  app.console = std::make_unique<console::Console>(*app.guard, *app.registry, *app.db,
                                                   find_web_dir(app.config), evac);
  app.console->mount(r);
#endif
}

void start_background(App& app) {
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
  app.portal->start();
#ifdef QORGAN_WITH_EVAC_WEB
  app.evac->start();
#endif
}

}  // namespace qorgan::app
