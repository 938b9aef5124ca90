#pragma once
// The `guard` command line: roster, generate. The caller owns the CLI::App and turns exceptions
// into exit codes as CLI11 does (`return app.exit(e)`); failures print a clear message on
// stderr and exit with status 1.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace qorgan::guard {

// `roster` without --instance: a roster of the posts stored in a database.
struct DatabaseRoster {
  std::string from, solver = "fast", region;  // region: a region code, empty for all
  int days = 7;
  std::int64_t network = 0;  // a stored road network to measure travel along; 0: straight line
};

// `database` (the qorgan binary's) runs `roster` without --instance against its database and
// returns the exit status; without it, --instance is required.
void add_cli(CLI::App& app, std::function<int(const DatabaseRoster&)> database = {});

}  // namespace qorgan::guard
