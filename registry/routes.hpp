#pragma once
// The registry's HTTP binding: /api/v1/regions, /organisations, /units, /people, /facilities.
#include "auth/guard.hpp"
#include "http/router.hpp"
#include "registry/registry.hpp"

namespace qorgan::registry {

void mount_routes(http::Router& router, const auth::Guard& guard, Registry& registry);

// One per entity, each in its own *_routes.cpp.
void mount_region_routes(http::Router& router, const auth::Guard& guard, Registry& registry);
void mount_organisation_routes(http::Router& router, const auth::Guard& guard, Registry& registry);
void mount_unit_routes(http::Router& router, const auth::Guard& guard, Registry& registry);
void mount_facility_routes(http::Router& router, const auth::Guard& guard, Registry& registry);
void mount_person_routes(http::Router& router, const auth::Guard& guard, Registry& registry);
// POST /api/v1/people/import and /api/v1/facilities/import (CSV bodies).
void mount_import_routes(http::Router& router, const auth::Guard& guard, Registry& registry);

}  // namespace qorgan::registry
