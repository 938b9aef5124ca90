#pragma once
// Who is asking: the signed-in account, its role and its scope. Services take a Principal and
// decide; they never look at HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::auth {

enum class Role {
  admin,
  hq_staff,
  commander,
  company_officer,
  volunteer,
  auditor,
  editor,         // writes portal articles
  chief_editor,   // approves and publishes them
  alert_officer,  // composes and approves public alerts for a region (alerts/)
  // Requisition of property (region-scoped like hq_staff, or unscoped):
  requisition_officer,  // prepares decisions and acts
  appraiser,            // records valuations for the commission
  finance_officer,      // payment orders and payments
};

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);
const std::vector<Role>& all_roles();

struct Principal {
  std::int64_t account_id = 0;
  std::string login;
  Role role = Role::volunteer;
  // Scope: at most one of these is set. Paths are materialised ("/1/4/9/") so that a subtree
  // check is a prefix test.
  std::optional<std::int64_t> region_id, unit_id, organisation_id, person_id;
  std::string region_path, unit_path;
  std::int64_t session_id = 0;
  std::string csrf_token;
  bool via_cookie = false;
  // The interface language the account chose ("kk", "ru", "en"), empty when it chose none.
  std::string language;

  bool is(Role r) const { return role == r; }
  bool in(const std::vector<Role>& roles) const;
  // Unscoped admins and auditors see everything; a scoped account sees its subtree.
  bool sees_region_path(std::string_view path) const;
  bool sees_unit_path(std::string_view path) const;
};

// Qorgan itself acting (the CLI, the demo loader, importers run by an operator): an unscoped
// admin. `login` names it ("cli:demo").
Principal system_principal(std::string login);

// The part of the data an account's role and scope cover. Each capability decides what a kind
// of scope means for its records (a commander's unit scope covers the unit's subtree of units,
// its current members, and the facilities of its home region); which roles read a record at
// all is the capability's too.
struct Scope {
  enum class Kind {
    everything,    // unscoped admins, auditors and headquarters staff
    region,        // `path`: a region subtree
    unit,          // `path` and `id`: a unit subtree (commanders)
    organisation,  // `id` (company officers)
    person,        // `id`: one person's own record (volunteers)
    nothing,       // a scope that is missing or gone, and roles outside the registry
  };
  Kind kind = Kind::nothing;
  std::string path;
  std::int64_t id = 0;
};
Scope scope_of(const Principal& who);

// Whose name goes into the audit log for a change: an account over HTTP, or a CLI operator.
struct Actor {
  std::optional<std::int64_t> account_id;
  std::string login;
  std::string request_id;
  static Actor of(const Principal& p, std::string request_id) {
    return {p.account_id, p.login, std::move(request_id)};
  }
  static Actor cli(const std::string& what);
};

}  // namespace qorgan::auth
