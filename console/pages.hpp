#pragma once
// What the console's page groups share: the console's state (Context), the signed-in page gate,
// the layout's data, and the description of a registry entity that the generic list, detail and
// form pages are built from.
//
// An entity is described over its typed record (Entity<T>: columns are functions of a Region, a
// Unit…) and then erased into an EntitySpec, whose functions answer what the generic pages show:
// rows of text and links, a record's title and detail rows, and the values of its form.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/guard.hpp"
#include "console/forms.hpp"
#include "console/i18n.hpp"
#include "core/paging.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"
#include "view/templates.hpp"
#include "view/time.hpp"

namespace qorgan::evac::web {
class Service;
}
namespace qorgan::notify {
class Outbox;
}
namespace qorgan::alerts {
class Alerts;
}
namespace qorgan::activation {
class Plans;
class Activations;
class ReadinessService;
}  // namespace qorgan::activation
namespace qorgan::requisition {
class Requisitions;
}
namespace qorgan::obligations {
class Obligations;
}
namespace qorgan::guard {
class Duties;
}
namespace qorgan::alerts {
class Subscriptions;
class FanOutWorker;
}  // namespace qorgan::alerts

namespace qorgan::console {

using auth::Principal;

// A cell or detail row: text, and a link to another console page when there is one.
struct Cell {
  std::string text, href;
};

// A column of a typed record. `text` is given the viewer, so that a referenced record is named
// only when the viewer may see it. `shown`, when set, leaves the detail row out for records
// whose reader may not see the field (e.g. an IIN), rather than showing it empty.
template <typename T>
struct Column {
  std::string label;
  std::function<std::string(const T&, const Principal&)> text;
  std::function<std::string(const T&)> href = {};
  std::function<bool(const T&)> shown = {};
};

// A form on a detail page (e.g. adding a membership) that the service refused: it comes back
// with what was typed and the errors next to the fields.
struct Rejected {
  const Form& form;
  const core::Error& error;
};

// The typed description of an entity: records of type T, listed with filters of type Filter.
template <typename T, typename Filter>
struct Entity {
  std::string key;                           // URL segment: /console/<key>
  std::string singular, plural;              // "unit", "Units"
  std::vector<auth::Role> readers, writers;  // navigation and the create/edit buttons
  std::vector<Column<T>> columns;            // the list; the first links to the record
  std::vector<Column<T>> details;            // the detail page
  std::vector<Field> filters;                // the list's GET form (besides q and sort)
  std::vector<core::SortOption> sorts;
  std::vector<Field> fields;  // create and edit
  std::function<std::string(const T&)> title;
  // The list's filters as the query string gives them; what cannot be read is named in `errors`.
  std::function<Filter(const http::Request&, std::vector<core::FieldError>&)> filter;
  std::function<core::Result<core::Page<T>>(const Principal&, const Filter&,
                                            const core::ListParams&)>
      list;
  std::function<core::Result<T>(const Principal&, std::int64_t)> get;
  std::function<core::Result<T>(const Principal&, const auth::Actor&, const core::Json&)> create;
  std::function<core::Result<T>(const Principal&, const auth::Actor&, std::int64_t,
                                const core::Json&)>
      update;
  std::function<core::Status(const Principal&, const auth::Actor&, std::int64_t)> remove;
  // The record as its form's fields: the JSON body the service takes (see console/forms.hpp).
  std::function<core::Json(const T&)> form_values;
  // Extra links on the list page for writers (e.g. the people import for people).
  std::vector<Option> actions;
  // Sections of the detail page below the record's own rows (a person's memberships, a unit's
  // strength): adds their values to the page's data. `rejected` is a form of such a section
  // that the service refused, to be shown again.
  std::function<void(view::Data&, const http::Request&, const Principal&, const T&,
                     const Rejected*)>
      sections;
};

// One record as the generic pages show it.
struct Shown {
  std::string title;
  std::vector<Cell> cells;                                // the list's columns
  std::vector<std::pair<std::string, Cell>> detail_rows;  // label, value
  core::Json form = core::Json::object();                 // the edit form's values
  std::function<void(view::Data&, const http::Request&, const Rejected*)> sections;
};

struct ListResult {
  std::vector<std::pair<std::int64_t, std::vector<Cell>>> rows;  // id, cells
  std::optional<std::string> next_cursor;
};

// An entity erased to what the generic pages need.
struct EntitySpec {
  std::string key, singular, plural;
  std::vector<auth::Role> readers, writers;
  std::vector<std::string> headers;
  std::vector<Field> filters, fields;
  std::vector<core::SortOption> sorts;
  std::vector<Option> actions;
  bool can_create = false, can_update = false, can_remove = false;
  // `errors` collects the filters' and list parameters' errors (then nothing is listed).
  std::function<core::Result<ListResult>(const http::Request&, const Principal&,
                                         std::vector<core::FieldError>&)>
      list;
  // How many records the caller sees, counted a page at a time ("1000+" past two pages).
  std::function<std::string(const Principal&)> count;
  std::function<core::Result<Shown>(const Principal&, std::int64_t)> get;
  std::function<core::Result<std::int64_t>(const Principal&, const auth::Actor&, const core::Json&)>
      create;
  std::function<core::Status(const Principal&, const auth::Actor&, std::int64_t, const core::Json&)>
      update;
  std::function<core::Status(const Principal&, const auth::Actor&, std::int64_t)> remove;
};

// A list's page size in the console.
inline constexpr int kConsolePageSize = 25;

template <typename T, typename Filter>
EntitySpec erase(Entity<T, Filter> e) {
  auto shared = std::make_shared<const Entity<T, Filter>>(std::move(e));
  const Entity<T, Filter>& x = *shared;
  EntitySpec s{x.key, x.singular, x.plural, x.readers, x.writers,
               {},    x.filters,  x.fields, x.sorts,   x.actions};
  for (const auto& c : x.columns) s.headers.push_back(c.label);
  s.can_create = bool(x.create);
  s.can_update = bool(x.update);
  s.can_remove = bool(x.remove);
  auto cells = [shared](const T& r, const Principal& who) {
    std::vector<Cell> out;
    for (const auto& c : shared->columns)
      out.push_back({c.text(r, who), c.href ? c.href(r) : std::string()});
    return out;
  };
  s.list = [shared, cells](const http::Request& req, const Principal& who,
                           std::vector<core::FieldError>& errors) -> core::Result<ListResult> {
    auto f = shared->filter(req, errors);
    auto p = core::parse_list_params(http::list_query(req), shared->sorts, kConsolePageSize);
    if (!p) errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
    if (!errors.empty())
      return core::fail(core::Error::invalid("The filters are not valid.", errors));
    auto page = shared->list(who, f, *p);
    if (!page) return core::fail(page.error());
    ListResult out;
    out.next_cursor = page->next_cursor;
    for (const auto& r : page->items) out.rows.emplace_back(r.id, cells(r, who));
    return out;
  };
  s.count = [shared](const Principal& who) -> std::string {
    auto p = core::ListParams::first(shared->sorts, 500);
    std::int64_t n = 0;
    for (int page = 0; page < 2; ++page) {
      auto list = shared->list(who, Filter{}, p);
      if (!list) return "—";
      n += std::int64_t(list->items.size());
      if (!list->next_cursor) return std::to_string(n);
      auto next = core::parse_list_params({{}, list->next_cursor, {}, {}}, shared->sorts, 500);
      if (!next) return std::to_string(n);
      p = *next;
    }
    return std::to_string(n) + "+";
  };
  s.get = [shared, cells](const Principal& who, std::int64_t id) -> core::Result<Shown> {
    auto r = shared->get(who, id);
    if (!r) return core::fail(r.error());
    Shown out;
    out.title = shared->title(*r);
    out.cells = cells(*r, who);
    for (const auto& c : shared->details)
      if (!c.shown || c.shown(*r))
        out.detail_rows.push_back({c.label, {c.text(*r, who), c.href ? c.href(*r) : ""}});
    if (shared->form_values) out.form = shared->form_values(*r);
    if (shared->sections)
      out.sections = [shared, who, record = *r](view::Data& d, const http::Request& req,
                                                const Rejected* rejected) {
        shared->sections(d, req, who, record, rejected);
      };
    return out;
  };
  if (x.create)
    s.create = [shared](const Principal& who, const auth::Actor& a,
                        const core::Json& body) -> core::Result<std::int64_t> {
      auto r = shared->create(who, a, body);
      if (!r) return core::fail(r.error());
      return r->id;
    };
  if (x.update)
    s.update = [shared](const Principal& who, const auth::Actor& a, std::int64_t id,
                        const core::Json& body) -> core::Status {
      auto r = shared->update(who, a, id, body);
      if (!r) return core::fail(r.error());
      return {};
    };
  if (x.remove) s.remove = x.remove;
  return s;
}

struct StaticFile {
  std::string content_type, body, etag;
};

// What every console page works with. Lives as long as the Console that made it (app/ owns it).
struct Context {
  Context(const auth::Guard& g, registry::Registry& r, storage::Database& d, view::Templates t,
          evac::web::Service* e)
      : guard(g), accounts(g.accounts()), registry(r), db(d), templates(std::move(t)), evac(e) {}
  const auth::Guard& guard;
  auth::Accounts& accounts;
  registry::Registry& registry;
  storage::Database& db;
  view::Templates templates;
  evac::web::Service* evac;          // evacuation planning, when the build has it
  notify::Outbox* outbox = nullptr;  // the outbox page, when added
  // The activation pages, when added.
  activation::Plans* activation_plans = nullptr;
  activation::Activations* activations = nullptr;
  activation::ReadinessService* readiness = nullptr;
  alerts::Alerts* alerts = nullptr;  // the public alerts pages, when added
  // The requisition pages, when added.
  requisition::Requisitions* requisitions = nullptr;
  // The protection duties pages, when added.
  obligations::Obligations* obligations = nullptr;
  // The guarding pages, when added.
  guard::Duties* guard_duties = nullptr;
  // The alert subscribers page, when added.
  alerts::Subscriptions* alert_subscriptions = nullptr;
  alerts::FanOutWorker* alert_fan_out = nullptr;
  std::string time_zone = "Asia/Almaty";
  std::map<std::string, StaticFile> statics;
  std::vector<EntitySpec> entities;
};

// A signed-in console page. Without a session: a redirect to the sign-in page that comes back
// here; with a role not in `roles` (empty: any): the 403 page; a POST without this session's
// CSRF token (`_csrf`): the 403 page. `form` is the parsed POST body.
using PageFn = std::function<http::Response(http::Request&, const Principal&, const Form&)>;
http::Handler page(Context& c, std::vector<auth::Role> roles, PageFn fn);

// The layout's values: title, the navigation for this role (with `active` marked), the user
// menu and CSRF token, the theme.
view::Data base_data(Context& c, const http::Request& req, const Principal* who,
                     const std::string& title, const std::string& active);
http::Response render(Context& c, const std::string& name, view::Data data, int status = 200);
http::Response error_page(Context& c, const http::Request& req, const Principal* who, int status,
                          const std::string& title, const std::string& message);
// A failed service call as a page: 404 for not_found, 403 for forbidden, and so on.
http::Response error_page(Context& c, const http::Request& req, const Principal& who,
                          const core::Error& e);

// The role as words in the page's language ("Chief editor", "Главный редактор").
std::string role_label(auth::Role r);
// A stored time in the console's zone with the zone's offset ("2026-12-03 19:13 UTC+5").
std::string local_time(const Context& c, core::Timestamp t);
// Only a local path ("/console/…", no scheme, no "//") is a safe place to go back to.
bool safe_next(std::string_view next);

// A record's detail page (the entity's id is the path's {id}), with a refused section form.
http::Response detail_page(Context& c, const EntitySpec& spec, http::Request& req,
                           const Principal& who, const Rejected* rejected = nullptr);

// The step before something is deleted: what will go, and one button that posts the form.
// When the service refused (`refused`), its reason is shown instead of the button.
struct Confirmation {
  std::string title;     // "Delete region"
  std::string question;  // "Delete the region Almaty? This cannot be undone."
  std::vector<std::pair<std::string, std::string>> details;  // label, value
  std::string action, submit, cancel_href, active;
  const core::Error* refused = nullptr;
};
http::Response confirm_page(Context& c, const http::Request& req, const Principal& who,
                            const Confirmation& p);

// The registry entities the console shows, in navigation order.
std::vector<EntitySpec> registry_entities(registry::Registry& registry,
                                          const std::string& time_zone);
void mount_entity_pages(http::Router& router, Context& c);
void mount_import_pages(http::Router& router, Context& c);
// Evacuation plans and their map (console/evac_pages.cpp); only with evacuation planning.
void mount_evac_pages(http::Router& router, Context& c, evac::web::Service& service);
// /console/notify: the outbox with filters and counts (admins and auditors; admins retry and
// cancel), labelled in kk, ru or en.
void mount_outbox_pages(http::Router& router, Context& c, notify::Outbox& outbox);
// /console/alerts/subscribers: subscriber counts per region, channel, language and state, and the
// latest fan-outs with their delivery counts (admins and auditors; never an address).
void mount_alert_subscriber_pages(http::Router& router, Context& c,
                                  alerts::Subscriptions& subscriptions,
                                  alerts::FanOutWorker& fan_out);
void mount_membership_pages(http::Router& router, Context& c);
// /console/activation: plans and activations, an activation's live muster, readiness with its
// charts and the printable after-action report (console/activation_pages.cpp).
void mount_activation_pages(http::Router& router, Context& c);
// /console/alerts: compose, review (exactly what will publish) and approve, cancel, history
// (console/alerts_pages.cpp).
void mount_alert_pages(http::Router& router, Context& c, alerts::Alerts& service);
// /console/requisition: ledger totals by region and decision, decisions, items and their files
// (console/requisition_pages.cpp).
void mount_requisition_pages(http::Router& router, Context& c);
// Its forms: decisions, property, acts, custody, valuations, applications, payment orders and
// disputes (console/requisition_forms.cpp), under the API's roles.
void mount_requisition_forms(http::Router& router, Context& c);
// A requisition code ("martial_law", "use", "paid") as English words, for tr().
std::string requisition_term(const std::string& code);
// /console/obligations: compliance per facility, organisation and region with its trend and the
// overdue findings, the duties table, a facility's file and an inspection with its findings'
// follow-up (console/obligations_pages.cpp).
void mount_obligation_pages(http::Router& router, Context& c);
// /console/guard: posts and patterns, rosters (generate, the grid per post and week, publish,
// replacements) (console/guard_pages.cpp).
void mount_guard_pages(http::Router& router, Context& c);
// /muster/{facility}: the offline check-in page of an assembly point, its manifest and its
// service worker (/muster/sw.js).
void mount_muster_pages(http::Router& router, Context& c);

// Detail page sections (console/sections.cpp).
void strength_section(registry::Registry& reg, view::Data& d, const Principal& who,
                      const registry::Unit& unit);
void membership_section(registry::Registry& reg, view::Data& d, const http::Request& req,
                        const Principal& who, const registry::Person& person,
                        const Rejected* rejected);
// The units and regions the caller may see, as choices of a form (id → name).
std::vector<Option> unit_options(registry::Registry& reg, const Principal& who);
std::vector<Option> region_options(registry::Registry& reg, const Principal& who);
std::string person_name(const registry::Person& p);
// A region's name in the page's language (its English or Russian name when that one is empty).
std::string region_name(const registry::Region& r);

}  // namespace qorgan::console
