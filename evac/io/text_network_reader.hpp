#pragma once
// Reader for Qorgan's plain-text evacuation network format (documented in evac/README.md).
// Every error names the line: "network.txt:12: arc capacity must be at least 1, got 0".

#include <istream>
#include <string>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac::io {

Result<Problem> read_text_network(std::istream& in, const std::string& source_name);
Result<Problem> read_text_network_file(const std::string& path);

}  // namespace qorgan::evac::io
