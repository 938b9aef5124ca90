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
#include "view/templates.hpp"
#include "http/router.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::evac::web {
class Service;
}

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

// A form on a detail page (e.g. adding a membership) that the service refused: it comes back
// with what was typed and the errors next to the fields.
struct Rejected {
  const Form& form;
  const core::Error& error;
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
  std::function<core::Status(const auth::Principal&, const auth::Actor&, std::int64_t)> remove;
  // Extra links on the list page for writers (e.g. the people import for people).
  std::vector<Option> actions;
  // Sections of the detail page below the record's own rows (a person's memberships, a unit's
  // strength): adds their values to the page's data. `rejected` is a form of such a section
  // that the service refused, to be shown again.
  std::function<void(Data&, const http::Request&, const auth::Principal&, const core::Json& record,
                     const Rejected* rejected)>
      sections;
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
  evac::web::Service* evac = nullptr;  // evacuation planning, when the build has it
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

// A record's detail page (the entity's id is the path's {id}), with a refused section form.
http::Response detail_page(Console& c, const EntitySpec& spec, http::Request& req,
                           const auth::Principal& who, const Rejected* rejected = nullptr);

// The step before something is deleted: what will go, and one button that posts the form.
// When the service refused (`refused`), its reason is shown instead of the button.
struct Confirmation {
  std::string title;     // "Delete region"
  std::string question;  // "Delete the region Almaty? This cannot be undone."
  std::vector<std::pair<std::string, std::string>> details;  // label, value
  std::string action, submit, cancel_href, active;
  const core::Error* refused = nullptr;
};
http::Response confirm_page(Console& c, const http::Request& req, const auth::Principal& who,
                            const Confirmation& p);

// The registry entities the console shows, in navigation order.
std::vector<EntitySpec> registry_entities(registry::Registry& registry);
void mount_entity_pages(http::Router& router, Console& c);
void mount_import_pages(http::Router& router, Console& c);
// Evacuation plans and their map (console/evac_pages.cpp).
void mount_evac_pages(http::Router& router, Console& c, evac::web::Service& service);
void mount_membership_pages(http::Router& router, Console& c);

// Detail page sections (console/sections.cpp).
void strength_section(registry::Registry& reg, Data& d, const auth::Principal& who,
                      const core::Json& unit);
void membership_section(registry::Registry& reg, Data& d, const http::Request& req,
                        const auth::Principal& who, const core::Json& person,
                        const Rejected* rejected);
// The units the caller may see, as choices of a form (id → name).
std::vector<Option> unit_options(registry::Registry& reg, const auth::Principal& who);

}  // namespace qorgan::console
