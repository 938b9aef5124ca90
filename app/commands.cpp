#include "app/commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "auth/audit.hpp"
#include "auth/guard_language.hpp"
#include "console/i18n.hpp"
#include "http/file_limit.hpp"
#include "http/server.hpp"
#include "storage/migrations.hpp"

namespace qorgan::app {

core::Result<Config> Globals::config() const {
  auto c = load_config(config_file);
  if (!c) return c;
  if (db) c->db = *db;
  return c;
}

std::unique_ptr<App> open_or_report(const Globals& g, bool migrate, bool serving,
                                    std::optional<int> threads) {
  auto config = g.config();
  if (!config) {
    std::fprintf(stderr, "qorgan: configuration: %s\n", config.error().message.c_str());
    return nullptr;
  }
  if (threads) config->threads = *threads;
  auto app = open_app(*config, migrate, serving);
  if (!app) {
    std::fprintf(stderr, "qorgan: %s\n", app.error().message.c_str());
    return nullptr;
  }
  return std::move(*app);
}

std::unique_ptr<storage::Database> open_database_or_report(const Globals& g) {
  auto config = g.config();
  if (!config) {
    std::fprintf(stderr, "qorgan: %s\n", config.error().message.c_str());
    return nullptr;
  }
  auto db = storage::open_database(config->db, 4, std::chrono::hours(1));  // the operator waits
  if (!db) {
    std::fprintf(stderr, "qorgan: %s\n", db.error().message.c_str());
    return nullptr;
  }
  return std::move(*db);
}

bool use_audit_key_or_report(const Globals& g) {
  auto config = g.config();
  if (!config) {
    std::fprintf(stderr, "qorgan: configuration: %s\n", config.error().message.c_str());
    return false;
  }
  auto key = load_master_key(*config);
  if (!key) {
    std::fprintf(stderr, "qorgan: %s\n", key.error().message.c_str());
    return false;
  }
  auth::use_audit_key(*key);
  return true;
}

std::optional<std::string> read_password(const std::string& prompt) {
  bool tty = ::isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt.c_str());
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool ok = bool(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!ok) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void add_serve_command(CLI::App& cli, Globals& g, int& exit_code) {
  auto* cmd = cli.add_subcommand("serve", "Serve the API, the console and the portal over HTTP");
  auto listen = std::make_shared<std::optional<std::string>>();
  auto threads = std::make_shared<std::optional<int>>();
  cmd->add_option("--listen", *listen, "Address and port, e.g. 127.0.0.1:8080");
  cmd->add_option("--threads", *threads, "Handler threads")->check(CLI::Range(1, 256));
  auto base_url = std::make_shared<std::optional<std::string>>();
  cmd->add_option("--base-url", *base_url,
                  "Where the public reaches the site, e.g. https://portal.example.kz")
      ->check(base_url_problem);
  cmd->callback([&g, &exit_code, listen, threads, base_url] {
    auto app = open_or_report(g, true, true, *threads);
    if (!app) return void(exit_code = 1);
    if (*listen) app->config.listen = **listen;
    if (*base_url) app->config.base_url = **base_url;
    http::ServerOptions opt;
    auto colon = app->config.listen.rfind(':');
    int port = -1;
    if (colon != std::string::npos) {
      auto p = std::string_view(app->config.listen).substr(colon + 1);
      std::from_chars(p.data(), p.data() + p.size(), port);
    }
    if (port < 0 || port > 65535) {
      std::fprintf(stderr, "qorgan: --listen must be HOST:PORT, got '%s'\n",
                   app->config.listen.c_str());
      return void(exit_code = 2);
    }
    opt.host = app->config.listen.substr(0, colon);
    opt.port = static_cast<unsigned short>(port);
    opt.threads = app->config.threads;
    opt.io_threads = app->config.io_threads;
    opt.body_limit = app->config.body_limit_mb * 1024 * 1024;
    opt.heavy_threads = app->config.heavy_threads;
    opt.heavy_queue = std::size_t(app->config.heavy_queue);
    opt.access_log = app->config.access_log;
    opt.speak = [](const http::Request& req, http::Response res) {
      return auth::in_language(console::catalogue(), auth::api_language(req, nullptr),
                               std::move(res));
    };
    auto files = http::raise_file_limit();
    opt.max_connections = app->config.max_connections > 0
                              ? app->config.max_connections
                              : http::default_max_connections(files.soft);
    opt.max_connections_per_address = app->config.max_connections_per_address;
    opt.trusted_proxies = *http::TrustedProxies::parse(app->config.trusted_proxies);  // checked
    opt.idle_timeout = std::chrono::seconds(app->config.idle_timeout_seconds);
    opt.busy_idle_timeout = std::chrono::seconds(app->config.busy_idle_timeout_seconds);
    std::fprintf(stderr, "qorgan: open-file limit %ld (hard %ld); up to %d connections, %s\n",
                 files.soft, files.hard, opt.max_connections,
                 opt.max_connections_per_address > 0
                     ? fmt::format("{} per address", opt.max_connections_per_address).c_str()
                     : "no cap per address");
    if (long(opt.max_connections) + http::kReservedFiles > files.soft)
      std::fprintf(stderr,
                   "qorgan: warning: max_connections %d leaves fewer than %ld of the %ld open "
                   "files for the database and logs; raise the file limit (ulimit -n, "
                   "LimitNOFILE=) or lower max_connections\n",
                   opt.max_connections, http::kReservedFiles, files.soft);
    mount_all(*app);
    start_background(*app);
    try {
      http::serve(opt, app->router, app->metrics, [&](unsigned short bound) {
        const std::string origin = !app->config.base_url.empty()
                                       ? app->config.base_url
                                       : "http://" + opt.host + ":" + std::to_string(bound);
        app->portal_pages->set_origin(origin);
        app->activations->set_origin(origin);
        std::fprintf(stderr, "qorgan: serving %s on http://%s:%u\n", app->db->describe().c_str(),
                     opt.host.c_str(), bound);
      });
    } catch (const std::exception& e) {
      std::fprintf(stderr, "qorgan: %s\n", e.what());
      return void(exit_code = 1);
    }
    std::fprintf(stderr, "qorgan: stopped\n");
  });
}

void add_migrate_command(CLI::App& cli, Globals& g, int& exit_code) {
  auto* cmd = cli.add_subcommand("migrate", "Create or upgrade the database schema");
  cmd->callback([&g, &exit_code] {
    auto db = open_database_or_report(g);
    if (!db) return void(exit_code = 1);
    if (!use_audit_key_or_report(g)) return void(exit_code = 1);
    auto done = migrate_database(*db);
    if (!done)
      return void(
          (std::fprintf(stderr, "qorgan: %s\n", done.error().message.c_str()), exit_code = 1));
    std::printf("applied %zu migration(s); schema is current\n", done->size());
  });
}

void add_user_commands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* user = cli.add_subcommand("user", "Manage accounts (passwords are read from stdin)");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "Create an account; the password is read from stdin");
  auto a = std::make_shared<auth::NewAccount>();
  auto role = std::make_shared<std::string>();
  add->add_option("--login", a->login, "Login name")->required();
  add->add_option("--role", *role,
                  "admin, hq_staff, commander, company_officer, volunteer, auditor, editor, "
                  "chief_editor, requisition_officer, appraiser, finance_officer")
      ->required();
  add->add_option("--region", a->region_code, "Scope to a region subtree (its code)");
  add->add_option("--unit", a->unit_id, "Scope to a unit and its sub-units (its id)");
  add->add_option("--organisation", a->organisation_id, "Scope to an organisation (its id)");
  add->add_option("--person", a->person_id, "The volunteer's own person record (its id)");
  add->callback([&g, &exit_code, a, role] {
    auto r = auth::parse_role(*role);
    if (!r)
      return void(
          (std::fprintf(stderr, "qorgan: unknown role '%s'\n", role->c_str()), exit_code = 2));
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto pw = read_password("Password for " + a->login + ": ");
    if (!pw) return void((std::fprintf(stderr, "qorgan: no password on stdin\n"), exit_code = 2));
    a->role = *r;
    a->password = *pw;
    auto id = app->accounts->create(auth::Actor::cli("user-add"), *a);
    if (!id) {
      std::fprintf(stderr, "qorgan: %s\n", id.error().message.c_str());
      for (const auto& f : id.error().fields)
        std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
      return void(exit_code = 1);
    }
    std::printf("created account %s (id %lld, role %s)\n", a->login.c_str(),
                static_cast<long long>(*id), role->c_str());
  });

  auto* passwd = user->add_subcommand("passwd", "Set an account's password (read from stdin)");
  auto login = std::make_shared<std::string>();
  passwd->add_option("--login", *login, "Login name")->required();
  passwd->callback([&g, &exit_code, login] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto pw = read_password("New password for " + *login + ": ");
    if (!pw) return void((std::fprintf(stderr, "qorgan: no password on stdin\n"), exit_code = 2));
    auto s = app->accounts->set_password(auth::Actor::cli("user-passwd"), *login, *pw);
    if (!s)
      return void((std::fprintf(stderr, "qorgan: %s\n", s.error().message.c_str()), exit_code = 1));
    std::printf("password changed for %s; its sessions were ended\n", login->c_str());
  });

  auto* disable = user->add_subcommand("disable", "Disable an account and end its sessions");
  auto dlogin = std::make_shared<std::string>();
  disable->add_option("--login", *dlogin, "Login name")->required();
  disable->callback([&g, &exit_code, dlogin] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    for (const auto& acc : app->accounts->list()) {
      if (acc.login != *dlogin) continue;
      auto s = app->accounts->set_disabled(auth::Actor::cli("user-disable"), acc.id, true);
      if (!s)
        return void(
            (std::fprintf(stderr, "qorgan: %s\n", s.error().message.c_str()), exit_code = 1));
      std::printf("disabled %s\n", dlogin->c_str());
      return;
    }
    std::fprintf(stderr, "qorgan: no account has login '%s'\n", dlogin->c_str());
    exit_code = 1;
  });
}

namespace {

// The checkpoints kept in `path`, one a line (blank lines skipped); errors name the line.
core::Result<std::vector<auth::Checkpoint>> read_checkpoints(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::fail(core::Error::invalid("cannot read the checkpoint file " + path));
  std::vector<auth::Checkpoint> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto c = auth::parse_checkpoint(line);
    if (!c)
      return core::fail(
          core::Error::invalid(path + ", line " + std::to_string(n) + ": " + c.error().message));
    out.push_back(std::move(*c));
  }
  if (out.empty()) return core::fail(core::Error::invalid(path + " holds no checkpoint"));
  return out;
}

}  // namespace

void add_audit_commands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* audit = cli.add_subcommand("audit", "Inspect the audit log");
  audit->require_subcommand(1);
  auto* verify =
      audit->add_subcommand("verify", "Check the keyed hash chain of the whole audit log");
  auto checkpoint_file = std::make_shared<std::string>();
  auto trusted_key = std::make_shared<std::string>();
  verify->add_option("--checkpoint", *checkpoint_file,
                     "Also check the log against the signed checkpoints kept in FILE");
  verify->add_option("--public-key", *trusted_key,
                     "The key the checkpoints must be signed with (hex; default: this "
                     "installation's, from 'qorgan audit public-key')");
  verify->callback([&g, &exit_code, checkpoint_file, trusted_key] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto rep = auth::verify_audit(*app->db);
    if (!rep.ok) {
      std::printf("audit log BROKEN at entry %lld: %s (%lld entries before it are intact)\n",
                  static_cast<long long>(rep.broken_seq), rep.reason.c_str(),
                  static_cast<long long>(rep.checked));
      exit_code = 1;
      return;
    }
    std::printf("audit log intact: %lld entries checked\n", static_cast<long long>(rep.checked));
    if (checkpoint_file->empty()) return;
    auto kept = read_checkpoints(*checkpoint_file);
    if (!kept) {
      std::fprintf(stderr, "qorgan: %s\n", kept.error().message.c_str());
      exit_code = 1;
      return;
    }
    auto cp = auth::verify_checkpoints(*app->db, *kept, *trusted_key);
    if (!cp.ok) {
      std::printf("audit log REWRITTEN: %s (%lld checkpoints before it match)\n", cp.reason.c_str(),
                  static_cast<long long>(cp.matched));
      exit_code = 1;
      return;
    }
    std::printf("checkpoints match: %lld of %lld in %s\n", static_cast<long long>(cp.matched),
                static_cast<long long>(kept->size()), checkpoint_file->c_str());
  });

  auto* checkpoint = audit->add_subcommand(
      "checkpoint", "Sign the log's current head; keep the line somewhere the database is not");
  auto out_file = std::make_shared<std::string>();
  checkpoint->add_option("--out", *out_file,
                         "Append the checkpoint to FILE instead of printing it");
  checkpoint->callback([&g, &exit_code, out_file] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto c = auth::checkpoint_now(*app->db);
    if (out_file->empty()) return void(std::printf("%s\n", auth::checkpoint_line(c).c_str()));
    if (auto s = auth::append_checkpoint(*out_file, c); !s)
      return void((std::fprintf(stderr, "qorgan: %s\n", s.error().message.c_str()), exit_code = 1));
    std::printf("checkpoint of entry %lld appended to %s\n", static_cast<long long>(c.seq),
                out_file->c_str());
  });

  auto* public_key = audit->add_subcommand(
      "public-key", "Print the Ed25519 key that checkpoints are signed with (hex)");
  public_key->callback([&g, &exit_code] {
    if (!use_audit_key_or_report(g)) return void(exit_code = 1);
    std::printf("%s\n", auth::checkpoint_public_key().c_str());
  });
}

void add_backup_command(CLI::App& cli, Globals& g, int& exit_code) {
  auto* cmd = cli.add_subcommand("backup", "Write a consistent copy of a live SQLite database");
  auto to = std::make_shared<std::string>();
  cmd->add_option("--to", *to, "The new file to write (must not exist)")->required();
  cmd->footer(
      "For PostgreSQL use pg_dump: pg_dump -Fc -f qorgan.dump postgresql://user@host:port/db");
  cmd->callback([&g, &exit_code, to] {
    auto db = open_database_or_report(g);
    if (!db || !use_audit_key_or_report(g)) return void(exit_code = 1);
    auto s = db->backup_to(*to);
    if (!s)
      return void((std::fprintf(stderr, "qorgan: %s\n", s.error().message.c_str()), exit_code = 1));
    // The copy is checked where it lies: its audit chain must verify, and the entry it ends at is
    // the point in the live database's history that the backup holds (every change up to that
    // entry, nothing after it); a restore is checked against this number with `audit verify`.
    auto copy = storage::open_database("sqlite:" + *to);
    if (!copy)
      return void((std::fprintf(stderr, "qorgan: the backup %s cannot be opened: %s\n", to->c_str(),
                                copy.error().message.c_str()),
                   exit_code = 1));
    auto rep = auth::verify_audit(**copy);
    if (!rep.ok)
      return void(
          (std::fprintf(stderr, "qorgan: the backup's audit log is broken at entry %lld: %s\n",
                        static_cast<long long>(rep.broken_seq), rep.reason.c_str()),
           exit_code = 1));
    std::printf("backup written to %s; its audit log is intact up to entry %lld\n", to->c_str(),
                static_cast<long long>(rep.checked));
  });
}

}  // namespace qorgan::app
