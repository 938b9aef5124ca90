// qorgan-evac: the evac command line on its own, for development. The `qorgan` binary wires
// the same add_cli() under `qorgan evac ...`.

#include <CLI/CLI.hpp>

#include "evac/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Qorgan evacuation planner"};
  app.require_subcommand(1);
  qorgan::evac::add_cli(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {  // a command that failed, with its own exit code
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    // --help exits 0; every usage error exits 2, as with most tools, whatever CLI11 numbers it.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
