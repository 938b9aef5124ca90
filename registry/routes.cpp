#include "registry/routes.hpp"

namespace qorgan::registry {

void mount_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  mount_region_routes(router, guard, registry);
  mount_organisation_routes(router, guard, registry);
  mount_unit_routes(router, guard, registry);
  mount_facility_routes(router, guard, registry);
  mount_person_routes(router, guard, registry);
  mount_import_routes(router, guard, registry);
}

}  // namespace qorgan::registry
