#include "registry/routes.hpp"

namespace qorgan::registry {

void mount_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  mount_region_routes(router, guard, registry);
}

}  // namespace qorgan::registry
