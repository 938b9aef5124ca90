#pragma once
// The `guard` command line: roster, generate. The caller owns the CLI::App and turns exceptions
// into exit codes as CLI11 does (`return app.exit(e)`); failures print a clear message on
// stderr and exit with status 1.
#include <CLI/CLI.hpp>

namespace qorgan::guard {

void add_cli(CLI::App& app);

}  // namespace qorgan::guard
