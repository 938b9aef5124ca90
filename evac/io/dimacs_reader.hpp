#pragma once
// Reader for the 9th DIMACS Implementation Challenge shortest-path format (.gr):
//   c comment
//   p sp N M        (N nodes numbered 1..N, M arcs)
//   a U V W         (arc from U to V with length W)
// Lengths become travel times in steps (divided by `length_per_step`, rounded up, at least 1);
// every arc gets `default_capacity`. Nodes have no holding bound and no coordinates.

#include <istream>
#include <string>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac::io {

struct DimacsOptions {
  People default_capacity = 10;
  std::int64_t length_per_step = 1;
};

Result<Network> read_dimacs(std::istream& in, const std::string& source_name,
                            const DimacsOptions& options = {});
Result<Network> read_dimacs_file(const std::string& path, const DimacsOptions& options = {});

}  // namespace qorgan::evac::io
