#pragma once
// The region page's section of people: how many live in the region and in each of its
// sub-regions, for the accounts that may count them (registry::people_by_region); nothing for
// the others.
#include "auth/principal.hpp"
#include "registry/registry.hpp"
#include "view/templates.hpp"

namespace qorgan::console {

void region_people_section(registry::Registry& reg, view::Data& d, const auth::Principal& who,
                           const registry::Region& region);

}  // namespace qorgan::console
