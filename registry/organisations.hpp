#pragma once
// Organisations: state agencies, companies and NGOs that own key facilities or supply people.
// A large company carries facility-protection obligations under the law on territorial defence,
// so its record says so (`protection_obligation`).
//
// Visibility: admins, auditors and commanders read all; hq_staff read their region's subtree and
// organisations without a region, and change those in their subtree; a company officer reads only
// their own organisation. Volunteers have no access.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Organisation {
  std::int64_t id = 0;
  std::string name, kind, size_category;
  std::optional<std::int64_t> region_id;
  std::optional<std::string> contact_name, phone, email;
  std::string search_key;   // folded name, the "name" sort key
  std::string region_path;  // the region's materialised path; empty without a region
  std::int64_t created_at = 0, updated_at = 0;
  bool protection_obligation() const { return kind == "company" && size_category == "large"; }
};

struct OrganisationFilter {
  std::optional<std::int64_t> region;  // the subtree of this region
  std::optional<std::string> kind, size_category;
  // Set by the service from the caller's account, never from the query string. A region scope
  // also covers organisations without a region; a commander's unit scope covers all.
  auth::Scope scope{auth::Scope::Kind::everything};
};

class Organisations {
 public:
  explicit Organisations(storage::Database& db) : db_(db) {}

  // Out-of-scope records are not_found, as if they did not exist.
  core::Result<Organisation> get(const auth::Principal& who, std::int64_t id);
  core::Result<core::Page<Organisation>> list(const auth::Principal& who, OrganisationFilter f,
                                              const core::ListParams& p);
  core::Result<Organisation> create(const auth::Principal& who, const auth::Actor& actor,
                                    const core::Json& body);
  core::Result<Organisation> update(const auth::Principal& who, const auth::Actor& actor,
                                    std::int64_t id, const core::Json& body);
  core::Status remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);

  static const std::vector<core::SortOption>& sorts();
  static const std::vector<std::string>& kinds();
  static const std::vector<std::string>& sizes();

 private:
  storage::Database& db_;
};

// Whether `who` may read / change an organisation (for other services' checks).
bool can_read_organisation(const auth::Principal& who, const Organisation& o);
bool can_write_organisation(const auth::Principal& who, const Organisation& o);
// The organisation `id` read in `tx`, if it exists (for other registry services).
std::optional<Organisation> organisation_in(storage::Tx& tx, std::int64_t id);

}  // namespace qorgan::registry
