#pragma once
// Settings, from (highest first) command-line flags, environment variables (QORGAN_*), the
// qorgan.toml file, and defaults.
#include <optional>
#include <string>
#include <vector>

#include "alerts/fan_out.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "guard/duty_settings.hpp"
#include "notify/sender.hpp"
#include "obligations/rules.hpp"
#include "requisition/rules.hpp"

namespace qorgan::app {

struct Config {
  std::string db = "sqlite:var/qorgan.db";
  std::string listen = "127.0.0.1:8080";
  // Where the public reaches the site ("https://portal.example.kz"): absolute URLs in feeds,
  // the sitemap and pages. Empty: http:// and the address the server listens on.
  std::string base_url;
  // Handler threads. Handlers block while SQLite commits (and a commit is shared by the writes
  // waiting for it), so more threads than cores keep the disk's fsyncs full rather than idle.
  int threads = 16;
  // Threads that accept, read and write connections (0: one per core).
  int io_threads = 0;
  // Evacuation plans that may wait (queued or running): per account and in all (beyond: 429).
  int evac_queue_per_account = 3;
  int evac_queue_total = 20;
  std::size_t body_limit_mb = 64;
  // Connections: 0 sizes the limit from the open-file limit (up to 16,384). The per-address
  // cap is 0 (off) behind a reverse proxy, where every client has the proxy's address.
  int max_connections = 0;
  int max_connections_per_address = 256;
  // Reverse proxies (addresses or networks) whose X-Forwarded-For names the client.
  std::vector<std::string> trusted_proxies;
  int idle_timeout_seconds = 60;      // a keep-alive connection waiting for its next request
  int busy_idle_timeout_seconds = 5;  // the same past 3/4 of max_connections
  // Heavy requests (image uploads, OSM imports, printable orders, plan exports, CSV imports) run
  // on their own threads (0: half the cores, at least one), with this many more waiting at most;
  // beyond that, 503 with Retry-After.
  int heavy_threads = 0;
  int heavy_queue = 8;
  // An uploaded OpenStreetMap file may expand (gzip, bzip2, PBF blobs) to at most this much.
  int osm_expanded_limit_mb = 512;
  // How long `qorgan serve` lets a statement wait for PostgreSQL's answer before it answers 503
  // and drops the connection (a server that accepts connections but has stopped answering).
  int db_answer_timeout_seconds = 15;
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  bool secure_cookies = false;
  bool access_log = true;
  // The key that encrypts national IDs at rest. Hex in QORGAN_MASTER_KEY, or a file; the
  // default file is created on first use next to a SQLite database (never committed).
  std::string master_key_file;
  // Where the server appends a signed checkpoint of the audit log every
  // `audit_checkpoint_minutes` when the log has grown (off when empty). Put it where the
  // database is not: another disk, a mounted share, a file that is shipped elsewhere.
  std::string audit_checkpoint_file;
  int audit_checkpoint_minutes = 60;
  // How often `serve` applies passed activation deadlines (overdue people, commanders told).
  int deadline_sweep_seconds = 30;
  // Public alerts ([alerts] in qorgan.toml): the CAP <sender> and whether exercise and test
  // alerts reach the public channels (a test channel: off in production).
  std::string alerts_sender = "alerts@qorgan.local";
  bool alerts_test_channel = false;
  // How often `serve` marks alerts whose expiry has come as expired.
  int alerts_expiry_sweep_seconds = 10;
  std::string osm_dir;
  std::string web_dir;  // templates and static files; found next to the binary by default
  // The IANA zone in which the console shows times (labelled, e.g. "UTC+5").
  std::string time_zone = "Asia/Almaty";
  // The outbox's sender ([notify] in qorgan.toml): whether `serve` runs it, and its settings
  // (channels, retries, rates). Secrets come from the environment or files, never the toml.
  bool notify_sender = true;
  notify::SenderSettings notify;  // templates and static files; found next to the binary by default
  // The compensation rules of requisitioned property ([requisition] in qorgan.toml).
  requisition::Rules requisition;
  // Company protection duties' levels set here instead of in the duties table
  // ([obligations.levels] in qorgan.toml: `code = [class 1, class 2, class 3]`, -1: not
  // applicable).
  obligations::LevelOverrides obligation_levels;
  // Guard rosters' default rules, per region where one has its own, and request limits ([guard]).
  guard::DutySettings guard;
  // Public alerts ([alerts] in qorgan.toml): the fan-out's batches, SMS segment cap and test
  // recipients (base_url is filled in from the top-level base_url), and how many subscription
  // requests one client address may make in ten minutes.
  alerts::FanOutSettings alerts;
  int alerts_subscribe_per_client = 20;
};

// Reads qorgan.toml (or `path`), then the environment. Errors name the file and the key.
core::Result<Config> load_config(const std::optional<std::string>& path);
// Empty when `url` is a usable base URL (http:// or https://), else what is wrong with it.
std::string base_url_problem(const std::string& url);
core::Result<core::MasterKey> load_master_key(const Config& config);
// The folder holding web/templates and web/static.
std::string find_web_dir(const Config& config);

}  // namespace qorgan::app
