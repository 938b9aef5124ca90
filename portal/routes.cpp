#include "portal/routes.hpp"

namespace qorgan::portal {

std::optional<std::string> lang_param(const http::Request& req,
                                      std::vector<core::FieldError>& errors) {
  const char* name = req.query_param("lang") ? "lang" : "language";
  auto l = req.query_param(name);
  if (l && !is_language(*l)) {
    errors.push_back({name, "One of kk, ru, en."});
    return std::nullopt;
  }
  return l;
}

void mount_routes(http::Router& router, const auth::Guard& guard, Portal& portal, Pages& pages) {
  mount_content_routes(router, portal);
  mount_editor_routes(router, guard, portal);
  mount_media_routes(router, guard, portal);
  mount_editor_pages(router, guard, portal, pages.templates());
  pages.mount(router);
}

}  // namespace qorgan::portal
