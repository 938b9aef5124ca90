#pragma once
// Which regions an area concerns, for whoever addresses people by region (public alerts): a
// region overlaps another when it is that region, lies inside it or contains it.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::registry {

// The codes of the regions that overlap the region with `code`, read in `tx`: itself, every
// region inside it and every region containing it. Empty when no region has that code.
std::vector<std::string> overlapping_codes(storage::Tx& tx, const std::string& code);

}  // namespace qorgan::registry
