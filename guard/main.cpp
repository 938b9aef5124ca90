// qorgan-guard: the guard roster command line on its own.
#include <CLI/CLI.hpp>

#include "guard/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Qorgan guard rosters", "guard"};
  qorgan::guard::add_cli(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
