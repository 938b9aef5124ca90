#pragma once
// Units of the territorial-defence forces: a tree (a battalion's companies and platoons) with a
// kind, a home region, a status, an optional commander (a person) and a target strength by
// position. Actual strength is counted from the people's current memberships.
//
// Visibility: admins and auditors read all; hq_staff read and change units whose home region is
// in their region's subtree; a commander reads their unit's subtree and may change only the
// status there; a volunteer reads the units they currently belong to. Company officers have no
// access.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct UnitPosition {
  std::string position;
  std::int64_t target = 0;
};

struct Unit {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string path;  // materialised, "/1/4/9/", so a subtree is a prefix
  std::string name, kind, status;
  std::int64_t region_id = 0;
  std::string region_path;
  std::optional<std::int64_t> commander_id;
  std::vector<UnitPosition> positions;  // ordered by position
  std::string search_key;
  std::int64_t created_at = 0, updated_at = 0;
};

// Target and current members by position; a position with members but no target has target 0.
struct PositionStrength {
  std::string position;
  std::int64_t target = 0, actual = 0;
};
struct UnitStrength {
  std::int64_t unit_id = 0;
  std::vector<PositionStrength> positions;  // ordered by position
  std::int64_t target_total = 0, actual_total = 0;
};

// Who could answer a call-up of a unit on a day: the current members of its subtree (each person
// once), and how many of them hold each skill valid on that day (qualified on or before it, not
// expired before it).
struct UnitCapacity {
  std::int64_t unit_id = 0;
  std::int64_t members = 0;
  std::map<std::string, std::int64_t> skills;  // skill → holders
};

struct UnitFilter {
  std::optional<std::int64_t> region;     // home region in this region's subtree
  std::optional<std::int64_t> parent_id;  // direct children of this unit
  std::optional<std::int64_t> within;     // this unit's subtree, itself included
  std::optional<std::string> kind, status;
  // Set by the service from the caller's account, never from the query string. A unit scope
  // covers the unit's subtree; a person's scope the units they currently belong to.
  auth::Scope scope{auth::Scope::Kind::everything};
};

class CapacityCache;

class Units {
 public:
  explicit Units(storage::Database& db);
  ~Units();

  // Out-of-scope units are not_found, as if they did not exist.
  core::Result<Unit> get(const auth::Principal& who, std::int64_t id);
  // The units of `ids` that the caller sees, in one read (the others are left out).
  std::map<std::int64_t, Unit> get_many(const auth::Principal& who,
                                        const std::vector<std::int64_t>& ids);
  core::Result<core::Page<Unit>> list(const auth::Principal& who, UnitFilter f,
                                      const core::ListParams& p);
  core::Result<UnitStrength> strength(const auth::Principal& who, std::int64_t id);
  // Current members of each unit's subtree on `date` ("YYYY-MM-DD") and their skills valid that
  // day, for the units of `ids` that the caller sees (the others are left out), in one read.
  std::map<std::int64_t, UnitCapacity> capacities(const auth::Principal& who,
                                                  const std::vector<std::int64_t>& ids,
                                                  const std::string& date);
  // How many of `people` hold each skill valid on `date` (each person once per skill): what the
  // people who came to a muster could do. Qorgan's own services call it after their own access
  // checks; it reveals counts only, never who.
  std::map<std::string, std::int64_t> skill_holders(const std::vector<std::int64_t>& people,
                                                    const std::string& date);
  core::Result<Unit> create(const auth::Principal& who, const auth::Actor& actor,
                            const core::Json& body);
  // `positions`, when given, replaces all target positions.
  core::Result<Unit> update(const auth::Principal& who, const auth::Actor& actor, std::int64_t id,
                            const core::Json& body);
  core::Status remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);

  static const std::vector<core::SortOption>& sorts();
  static const std::vector<std::string>& kinds();
  static const std::vector<std::string>& statuses();

 private:
  storage::Database& db_;
  std::unique_ptr<CapacityCache> capacity_cache_;
};

}  // namespace qorgan::registry
