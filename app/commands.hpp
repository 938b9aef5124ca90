#pragma once
// The `qorgan` subcommands. Each adds itself to the CLI and runs against an App.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/wiring.hpp"
#include "guard/cli.hpp"

namespace qorgan::app {

// Options every command shares (--db, --config), resolved into a Config on demand.
struct Globals {
  std::optional<std::string> db, config_file;
  core::Result<Config> config() const;
};

// Opens the app or prints the error and returns nullptr. `threads` (serve --threads) overrides
// the configuration's before the database is opened, since it sizes the connection pool too.
std::unique_ptr<App> open_or_report(const Globals& g, bool migrate, bool serving = false,
                                    std::optional<int> threads = std::nullopt);
// Opens only the database (no schema check: migrate and backup) or prints the error.
std::unique_ptr<storage::Database> open_database_or_report(const Globals& g);
// Loads the master key and keys the audit chain with it (commands that read or write the chain
// without opening the app), or prints the error and returns false.
bool use_audit_key_or_report(const Globals& g);
// Reads a password from stdin without echo on a terminal; never from arguments.
std::optional<std::string> read_password(const std::string& prompt);

void add_serve_command(CLI::App& cli, Globals& g, int& exit_code);
void add_migrate_command(CLI::App& cli, Globals& g, int& exit_code);
void add_user_commands(CLI::App& cli, Globals& g, int& exit_code);
void add_audit_commands(CLI::App& cli, Globals& g, int& exit_code);
void add_backup_command(CLI::App& cli, Globals& g, int& exit_code);
void add_demo_command(CLI::App& cli, Globals& g, int& exit_code);
void add_import_export_commands(CLI::App& cli, Globals& g, int& exit_code);
void add_notify_commands(CLI::App& cli, Globals& g, int& exit_code);
void add_requisition_commands(CLI::App& cli, Globals& g, int& exit_code);
void add_alerts_commands(CLI::App& cli, Globals& g, int& exit_code);
// `qorgan guard roster` without --instance: the stored posts' roster (guard/cli.hpp runs the rest).
std::function<int(const guard::DatabaseRoster&)> guard_database_roster(const Globals& g);

}  // namespace qorgan::app
