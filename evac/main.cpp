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
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
