#pragma once
// Key facilities to protect: power stations, water works, hospitals, schools… with their owner
// organisation, location, criticality class (1 = highest), the guard posts needed per shift and,
// when the building can serve as a shelter or assembly point, its capacity.
//
// Visibility: admins and auditors read all; hq_staff read and change facilities in their region's
// subtree; a commander reads those in their unit's home-region subtree; a company officer reads
// and changes the facilities their organisation owns. Volunteers have no access.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Facility {
  std::int64_t id = 0;
  std::string name, kind;
  std::optional<std::int64_t> organisation_id;
  std::int64_t region_id = 0;
  std::string region_path;
  std::optional<std::string> address;
  double lat = 0, lon = 0;
  std::int64_t criticality = 3, guard_posts = 0;
  std::optional<std::int64_t> shelter_capacity;
  std::string search_key;
  std::int64_t created_at = 0, updated_at = 0;
};

struct FacilityFilter {
  std::optional<std::int64_t> region;  // the subtree of this region
  std::optional<std::int64_t> organisation_id, criticality;
  std::optional<std::string> kind;
  std::optional<bool> shelter;  // true: only those with a shelter capacity; false: only without
  // Set by the service from the caller's account, never from the query string. A commander's
  // unit scope covers the facilities of the unit's home region subtree.
  auth::Scope scope{auth::Scope::Kind::everything};
};

class Facilities {
 public:
  explicit Facilities(storage::Database& db) : db_(db) {}

  // Out-of-scope facilities are not_found, as if they did not exist.
  core::Result<Facility> get(const auth::Principal& who, std::int64_t id);
  core::Result<core::Page<Facility>> list(const auth::Principal& who, FacilityFilter f,
                                          const core::ListParams& p);
  core::Result<Facility> create(const auth::Principal& who, const auth::Actor& actor,
                                const core::Json& body);
  core::Result<Facility> update(const auth::Principal& who, const auth::Actor& actor,
                                std::int64_t id, const core::Json& body);
  core::Status remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);

  static const std::vector<core::SortOption>& sorts();
  static const std::vector<std::string>& kinds();

 private:
  storage::Database& db_;
};

}  // namespace qorgan::registry
