#include "registry/region_overlap.hpp"

#include "registry/region_store.hpp"

namespace qorgan::registry {

std::vector<std::string> overlapping_codes(storage::Tx& tx, const std::string& code) {
  return region_store::overlapping_codes(tx, code);
}

}  // namespace qorgan::registry
