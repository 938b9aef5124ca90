#pragma once
// Readiness at a glance, the live muster of an activation, and its after-action report.
//
// - Readiness: for every unit of the activation plans in view, the plan's target strength
//   against the unit's actual strength (current members of its subtree), in all and per
//   position, the skills the plan needs against the members holding them valid on the day, how
//   many members' training is current (kTrainingDays), and, while activations run, the
//   muster curve (share of the target arrived against minutes since the activation) per unit
//   and in all. Real activations and exercises are kept in separate lists, never summed.
// - Muster: one activation's counts per status, its people and the curve, as a commander or
//   headquarters watches it.
// - After-action: per unit, minutes to 50 % and 90 % of the target, the no-shows and their
//   reasons, and the needed skills and position targets that the people who came fell short of.
//
// Who: admins and auditors everything; hq_staff under their region (plans and activations of
// their region's subtree); commanders their unit's subtree (the units of any plan that lie in
// it, and only those units' people). Others: forbidden. Reading changes nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "activation/activations.hpp"
#include "activation/after_action.hpp"
#include "activation/plans.hpp"
#include "auth/principal.hpp"
#include "core/error.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::activation {

struct SkillCoverage {
  std::string skill;
  std::int64_t needed = 0, holders = 0;
  bool short_of() const { return holders < needed; }
};

// The plan's target of a position in a unit against the members holding it on the day.
struct PositionCoverage {
  std::string position;
  std::int64_t target = 0, actual = 0;
  bool short_of() const { return actual < target; }
};

struct UnitReadiness {
  std::int64_t plan_id = 0, unit_id = 0;
  std::string unit_name, region_path;
  std::int64_t target = 0, actual = 0;
  std::vector<SkillCoverage> skills;        // the plan's needs, in its order
  std::vector<PositionCoverage> positions;  // the plan's position targets, in its order
  // Of the `actual` members, those whose training is current (kTrainingDays).
  std::int64_t trained = 0;
};

struct PlanReadiness {
  std::int64_t plan_id = 0;
  std::string name, region_path;
  std::vector<UnitReadiness> units;
  std::int64_t target = 0, actual = 0, trained = 0;
  std::vector<SkillCoverage> skills;        // needs summed over the units, by skill
  std::vector<PositionCoverage> positions;  // position targets summed over the units
};

// Training currency: a member's training is current when they arrived at an exercise (an
// activation of kind exercise) within this many days up to the day of the figures. Units train
// by exercises; the registry keeps no other training records.
inline constexpr int kTrainingDays = 365;

// A muster curve of one unit (unit_id set) or of all units in view.
struct MusterSeries {
  std::optional<std::int64_t> unit_id;
  std::string name;
  MusterFigures figures;
  bool has_curve = true;  // false: the figures without their curve (a readiness of many units)
};

// What a called-up person's state is as a reader sees it (overdue past the deadline).
struct MusterPerson {
  std::int64_t notice_id = 0, person_id = 0, unit_id = 0;
  std::string person_name, unit_name;
  PersonMuster muster;
  std::optional<std::int64_t> answered_at, delivered_at;
  bool elsewhere = false;  // checked in at another unit's assembly point
};

struct ActivationMuster {
  Activation activation;  // counts: per status over the people in view
  std::string plan_name;
  double minutes_since = 0;  // from the activation to now (or to its end)
  MusterSeries total;
  std::vector<MusterSeries> units;
  std::vector<MusterPerson> people;  // filled by muster(), not by readiness()
};

struct ReadinessQuery {
  std::optional<std::int64_t> region, unit;  // at most one
  std::optional<std::string> date;           // "YYYY-MM-DD"; today (UTC) when not given
};

struct Readiness {
  std::string date;
  std::string trained_since;  // the first day an exercise counts for training currency
  std::vector<PlanReadiness> plans;
  std::vector<ActivationMuster> real, exercises;  // active activations, newest first
};

// Why a called-up person did not come: a decline's reason, "did_not_come" (confirmed, or
// answered, and then not there), "no_answer".
struct NoShow {
  std::int64_t notice_id = 0, person_id = 0, unit_id = 0;
  std::string person_name, reason;
  Muster status = Muster::called;
};

struct UnitAfterAction {
  std::optional<std::int64_t> unit_id;  // none: all units in view
  std::string unit_name;
  std::int64_t called = 0;
  MusterFigures figures;  // target, arrived, minutes to 50 % and 90 % (curve left empty)
  std::map<std::string, std::int64_t> no_shows;  // reason → people
  std::vector<SkillCoverage> skills;             // needed vs held by those who came
  std::vector<PositionCoverage> positions;       // the plan's position targets vs those who came
};

struct AfterAction {
  Activation activation;
  std::string plan_name;
  std::string day;  // the activation's day, on which skills are counted
  std::vector<UnitAfterAction> units;
  UnitAfterAction total;
  std::vector<NoShow> no_shows;
  // Still active before the deadline: people not yet arrived are not no-shows yet.
  bool final = false;
};

// The reasons a no-show may have, in report order.
const std::vector<std::string>& no_show_reasons();

class ReadinessService {
 public:
  ReadinessService(storage::Database& db, registry::Registry& registry)
      : db_(db), registry_(registry) {}

  core::Result<Readiness> readiness(const auth::Principal& who, const ReadinessQuery& q);
  core::Result<ActivationMuster> muster(const auth::Principal& who, std::int64_t activation_id);
  core::Result<AfterAction> after_action(const auth::Principal& who, std::int64_t activation_id);

  // Curves are thinned to at most this many points (the last of each stretch kept).
  static constexpr std::size_t kCurvePoints = 240;
  // A readiness answer carries each unit's curve while an activation has at most this many
  // units in view (a chart tells that many apart); beyond that its units carry their figures
  // (arrived, minutes to 50 % and 90 %) without a curve, and the total its curve. Curves of a
  // thousand units were most of a region's answer during a large activation; every unit's curve
  // is on the activation's muster.
  static constexpr std::size_t kUnitCurves = 12;

 private:
  // readiness(), muster() and after_action() inside their snapshots.
  core::Result<Readiness> readiness_now(const auth::Principal& who, const ReadinessQuery& q);
  core::Result<ActivationMuster> muster_now(const auth::Principal& who, std::int64_t activation_id);
  core::Result<AfterAction> after_action_now(const auth::Principal& who,
                                             std::int64_t activation_id);
  struct Loaded;
  core::Result<Loaded> load(const auth::Principal& who, std::int64_t activation_id);
  storage::Database& db_;
  registry::Registry& registry_;
};

}  // namespace qorgan::activation
