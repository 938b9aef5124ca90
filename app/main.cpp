// qorgan: one binary for the server and every operator command.
#include <cstdio>
#include <exception>

#include "app/commands.hpp"
#include "core/crypto.hpp"
#include "core/heap_slack.hpp"
#ifdef QORGAN_WITH_EVAC
#include "evac/cli.hpp"
#endif
#ifdef QORGAN_WITH_GUARD
#include "guard/cli.hpp"
#endif

int main(int argc, char** argv) {
  qorgan::core::keep_heap_slack();
  qorgan::core::crypto_init();
  CLI::App cli{"Qorgan: territorial defence and civil protection platform"};
  cli.require_subcommand(1);
  cli.set_help_all_flag("--help-all", "Show help for every command");
  // --db and --config belong to every command: accepted before the subcommand or after it (the
  // subcommands pass options they do not know up to here).
  cli.fallthrough();
  qorgan::app::Globals g;
  cli.add_option("--db", g.db, "Database URL: sqlite:PATH or postgresql://user@host:port/db")
      ->envname("QORGAN_DB");
  cli.add_option("--config", g.config_file,
                 "Configuration file (default: ./qorgan.toml if present)");
  int exit_code = 0;
  qorgan::app::add_serve_command(cli, g, exit_code);
  qorgan::app::add_migrate_command(cli, g, exit_code);
  qorgan::app::add_user_commands(cli, g, exit_code);
  qorgan::app::add_audit_commands(cli, g, exit_code);
  qorgan::app::add_backup_command(cli, g, exit_code);
  qorgan::app::add_demo_command(cli, g, exit_code);
  qorgan::app::add_import_export_commands(cli, g, exit_code);
  qorgan::app::add_notify_commands(cli, g, exit_code);
  qorgan::app::add_requisition_commands(cli, g, exit_code);
  qorgan::app::add_alerts_commands(cli, g, exit_code);
#ifdef QORGAN_WITH_EVAC
  qorgan::evac::add_cli(cli);
#endif
#ifdef QORGAN_WITH_GUARD
  qorgan::guard::add_cli(cli, qorgan::app::guard_database_roster(g));
#endif
  try {
    cli.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {  // a command that failed, with its own exit code
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    // --help exits 0; every usage error exits 2, as with most tools, whatever CLI11 numbers it.
    return cli.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qorgan: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
