#pragma once
// Activation plans, prepared by headquarters in peacetime: which units of a region are called up,
// the target strength of each, where each assembles (a registered facility), how long people have
// to report after the activation, and the call-up message in kk, ru and en.
//
// Who: admins everywhere; hq_staff for plans of their region's subtree (the region, units and
// facilities a plan names must be visible to them); auditors read all. Other roles have no
// access. Every change is audited in its transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::activation {

// A skill the plan needs of a unit, and how many people holding it (valid on the day).
struct Need {
  std::string skill;
  std::int64_t count = 0;
  bool operator==(const Need&) const = default;
};

// How many people of a position (as memberships name it: "rifleman", "driver") the plan wants
// of a unit.
struct PositionTarget {
  std::string position;
  std::int64_t target = 0;
  bool operator==(const PositionTarget&) const = default;
};

struct PlanUnit {
  std::int64_t unit_id = 0;
  std::int64_t target = 0;  // people to report
  std::int64_t assembly_facility_id = 0;
  std::vector<Need> needs;  // in the order given, each skill once
  // In the order given, each position once; their targets add up to at most `target`.
  std::vector<PositionTarget> positions;
  bool operator==(const PlanUnit&) const = default;
};

struct Plan {
  std::int64_t id = 0;
  std::string name;
  std::int64_t region_id = 0;
  std::string region_path;
  std::int64_t deadline_minutes = 360;  // H+6 h by default
  std::string message_kk, message_ru, message_en;
  std::vector<PlanUnit> units;
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;
};

inline constexpr int kMaxPlanUnits = 2000;
inline constexpr int kMaxUnitNeeds = 50;
inline constexpr int kMaxUnitPositions = 50;

class Plans {
 public:
  Plans(storage::Database& db, registry::Registry& registry) : db_(db), registry_(registry) {}

  // Out-of-scope plans are not_found, as if they did not exist.
  core::Result<Plan> get(const auth::Principal& who, std::int64_t id);
  // Oldest first; the cursor is the last plan's id.
  core::Result<core::Page<Plan>> list(const auth::Principal& who, std::optional<std::int64_t> after,
                                      int limit);
  core::Result<Plan> create(const auth::Principal& who, const auth::Actor& actor,
                            const core::Json& body);
  // Fields given replace the plan's (units: the whole list).
  core::Result<Plan> update(const auth::Principal& who, const auth::Actor& actor, std::int64_t id,
                            const core::Json& body);
  core::Status remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);

 private:
  core::Status check_refs(const auth::Principal& who, Plan& p);
  storage::Database& db_;
  registry::Registry& registry_;
};

}  // namespace qorgan::activation
