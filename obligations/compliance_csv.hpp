#pragma once
// The compliance of facilities as CSV (RFC 4180): one row per facility with duties.
#include <string>

#include "obligations/obligations.hpp"

namespace qorgan::obligations {

std::string compliance_csv(const Overview& overview);

}  // namespace qorgan::obligations
