#pragma once
// What the console's page groups share: the console's state, the signed-in page wrapper, the
// layout's data, and the description of a registry entity that the generic list, detail and
// form pages are built from.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "auth/guard.hpp"
#include "console/forms.hpp"
#include "console/templates.hpp"
#include "http/router.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::console {

struct Column {
  std::string label, path;
  // Turns the record into the cell's text; by default the value at `path` (enums humanized
  // when `enum_values` is set).
  std::function<std::string(const core::Json&)> format;
  bool enum_values = false;
  // A link to another console page for this cell, e.g. "/console/regions/" + region_id.
  std::function<std::string(const core::Json&)> href;
};

struct EntitySpec {
  std::string key;                           // URL segment: /console/<key>
  std::string singular, plural;              // "unit", "Units"
  std::vector<auth::Role> readers, writers;  // navigation and the create/edit buttons
  std::vector<Column> columns;               // the list; the first links to the record
  std::vector<Field> filters;                // the list's GET form (besides q and sort)
  std::vector<Option> sorts;
  std::vector<Column> details;  // the detail page
  std::vector<Field> fields;    // create and edit
  std::function<std::string(const core::Json&)> title;
  std::function<core::Result<core::Json>(const http::Request&, const auth::Principal&)> list;
  std::function<core::Result<core::Json>(const auth::Principal&, std::int64_t)> get;
  std::function<core::Result<core::Json>(const auth::Principal&, const auth::Actor&,
                                         const core::Json&)>
      create;
  std::function<core::Result<core::Json>(const auth::Principal&, const auth::Actor&, std::int64_t,
                                         const core::Json&)>
      update;
  // Extra links on the detail page (e.g. the people import for people).
  std::vector<Option> actions;
};

struct StaticFile {
  std::string content_type, body, etag;
};

struct Console {
  Console(const auth::Guard& g, registry::Registry& r, storage::Database& d, Templates t)
      : guard(g), accounts(g.accounts()), registry(r), db(d), templates(std::move(t)) {}
  const auth::Guard& guard;
  auth::Accounts& accounts;
  registry::Registry& registry;
  storage::Database& db;
  Templates templates;
  std::map<std::string, StaticFile> statics;
  std::vector<EntitySpec> entities;
};

// A signed-in console page. Without a session: a redirect to the sign-in page that comes back
// here; with a role not in `roles` (empty: any): the 403 page; a POST without this session's
// CSRF token (`_csrf`): the 403 page. `form` is the parsed POST body.
using PageFn = std::function<http::Response(http::Request&, const auth::Principal&, const Form&)>;
http::Handler page(Console& c, std::vector<auth::Role> roles, PageFn fn);

// The layout's values: title, the navigation for this role (with `active` marked), the user
// menu and CSRF token, the theme.
Data base_data(Console& c, const http::Request& req, const auth::Principal* who,
               const std::string& title, const std::string& active);
http::Response render(Console& c, const std::string& name, Data data, int status = 200);
http::Response error_page(Console& c, const http::Request& req, const auth::Principal* who,
                          int status, const std::string& title, const std::string& message);
// A failed service call as a page: 404 for not_found, 403 for forbidden, and so on.
http::Response error_page(Console& c, const http::Request& req, const auth::Principal& who,
                          const core::Error& e);

// The account the current request's page is rendered for (set by page() on this thread), so
// that cell formatters look referenced records up with the viewer's rights, not more.
const auth::Principal& viewer();

bool role_in(const auth::Principal& who, const std::vector<auth::Role>& roles);
std::string role_label(auth::Role r);
// Only a local path ("/console/…", no scheme, no "//") is a safe place to go back to.
bool safe_next(std::string_view next);

// The registry entities the console shows, in navigation order.
std::vector<EntitySpec> registry_entities(registry::Registry& registry);
void mount_entity_pages(http::Router& router, Console& c);
void mount_import_pages(http::Router& router, Console& c);

}  // namespace qorgan::console
