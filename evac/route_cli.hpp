#pragma once
// `evac route`: the quickest static route between two points (graph/route_query.hpp). Added to
// the `evac` subcommand by add_cli().

#include <CLI/CLI.hpp>

namespace qorgan::evac {

void add_route_cli(CLI::App& evac);

}  // namespace qorgan::evac
