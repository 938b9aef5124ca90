#pragma once
// The portal's HTTP binding: the public content API, the editors' API, media, the web editor and
// the public pages. Thin: the rules live in the services of Portal, the JSON in portal_json.hpp.
#include <optional>
#include <string>
#include <vector>

#include "auth/guard.hpp"
#include "http/router.hpp"
#include "portal/pages.hpp"
#include "portal/portal.hpp"

namespace qorgan::portal {

void mount_routes(http::Router& router, const auth::Guard& guard, Portal& portal, Pages& pages);

// One part each, in its own file.
void mount_content_routes(http::Router& router, Portal& portal);  // /api/v1/articles, …
void mount_editor_routes(http::Router& router, const auth::Guard& guard, Portal& portal);
void mount_media_routes(http::Router& router, const auth::Guard& guard, Portal& portal);
// The web editor under /editor (server-rendered forms; sign-in through /console/login).
void mount_editor_pages(http::Router& router, const auth::Guard& guard, Portal& portal,
                        const view::Templates& templates);

// The `lang` query parameter, or its long form `language` as the content API's mobile clients
// spell it; not one of kk, ru, en is added to `errors`.
std::optional<std::string> lang_param(const http::Request& req,
                                      std::vector<core::FieldError>& errors);

}  // namespace qorgan::portal
