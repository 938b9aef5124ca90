#pragma once
// The web console for headquarters staff under /console, and the static files under /static
// that it shares with the public pages. Server-rendered, usable without JavaScript.
#include <string>

#include "auth/guard.hpp"
#include "http/router.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::evac::web {
class Service;
}

namespace qorgan::console {

// Loads the templates and static files from `web_dir` (web/templates, web/static) once and
// mounts the pages. Throws std::runtime_error when a template is missing or does not parse, so
// a broken deployment stops at start-up rather than on a user's first click.
void mount_routes(http::Router& router, const auth::Guard& guard, registry::Registry& registry,
                  storage::Database& db, const std::string& web_dir);

// Mounts the evacuation pages (/console/evac…) on the console that mount_routes set up; call it
// after mount_routes. Only in builds with evacuation planning (QORGAN_WITH_EVAC_WEB).
void mount_evac_routes(http::Router& router, evac::web::Service& service);

}  // namespace qorgan::console
