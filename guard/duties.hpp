#pragma once
// Guarding: the service (rules, no HTTP). Posts at facilities with shift patterns; units
// assigned to facilities; rosters generated as background runs (guard/roster_runner.hpp) and
// then published and changed only by new versions: a replacement for someone who cannot serve
// (ranked candidates that keep every hard rule, the commander confirms) or a swap of two
// people's shifts. Every change is re-checked by the independent checker (guard/checker.hpp)
// on the whole roster and audited in its transaction; a refusal changes nothing.
//
// Access: guard/access.hpp. Out-of-scope records read as not_found.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "guard/duty.hpp"
#include "guard/duty_settings.hpp"
#include "guard/road_distance.hpp"
#include "guard/roster_model.hpp"
#include "guard/solver.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::guard {

// A roster's shifts (of one post, in a window) at one version, with the guards' names.
struct RosterView {
  RosterRun roster;
  int version = 0;
  std::vector<RosterShift> shifts;
  std::map<std::int64_t, DutyPost> posts;
  std::map<std::int64_t, std::string> names;  // person id → name
};

// A replacement proposal: the person, the kilometres from home, and their hours in the week
// around the shift.
struct Candidate {
  std::int64_t person_id = 0;
  std::string name;
  double km = 0;
  double hours_week = 0;
};

// A shift and guard one may ask to swap with.
struct SwapChoice {
  std::int64_t shift_id = 0, person_id = 0;
  std::string post;
  std::int64_t starts_at = 0;
  std::string name;
};

// What a finished generation produces, before it is stored.
struct Generated {
  DutyModel model;
  Roster roster;
  RosterSummary summary;
  core::Json input;  // the posts' part of the model input, kept with the roster
  std::vector<std::string> violations;
  // Travel measured along this road network; none: the straight line.
  std::optional<std::int64_t> road_network_id;
  std::int64_t straight_line_fallbacks = 0;  // home-to-post distances the network could not give
};

class Duties {
 public:
  Duties(storage::Database& db, registry::Registry& registry, const core::MasterKey& key,
         DutySettings settings = {})
      : db_(db), registry_(registry), key_(key), settings_(std::move(settings)) {}
  const DutySettings& settings() const { return settings_; }
  // Called after a run is queued (wakes the runner) and after one is cancelled (stops it).
  void on_queued(std::function<void()> f) { queued_ = std::move(f); }
  void on_cancelled(std::function<void(std::int64_t)> f) { cancelled_ = std::move(f); }
  // Where rosters may measure travel along a stored road network (`network_id` of a request);
  // without it they measure the straight line.
  void use_road_networks(RoadNetworks f) { road_networks_ = std::move(f); }

  // Posts and patterns.
  core::Result<core::Page<DutyPost>> posts(const auth::Principal& who,
                                           std::optional<std::int64_t> facility,
                                           std::optional<std::int64_t> after, int limit);
  core::Result<DutyPost> post(const auth::Principal& who, std::int64_t id);
  core::Result<DutyPost> create_post(const auth::Principal& who, const auth::Actor& actor,
                                     const core::Json& body);
  core::Result<DutyPost> update_post(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t id, const core::Json& body);
  core::Result<std::vector<Pattern>> patterns(const auth::Principal& who, std::int64_t post_id);
  // body: {shifts: "3x8@06:00" | [{start: "HH:MM", hours}], valid_from}.
  core::Result<Pattern> add_pattern(const auth::Principal& who, const auth::Actor& actor,
                                    std::int64_t post_id, const core::Json& body);

  // Units assigned to a facility.
  core::Result<std::vector<FacilityUnit>> facility_units(const auth::Principal& who,
                                                         std::int64_t facility_id);
  core::Result<FacilityUnit> assign_unit(const auth::Principal& who, const auth::Actor& actor,
                                         std::int64_t facility_id, const core::Json& body);
  core::Status unassign_unit(const auth::Principal& who, const auth::Actor& actor,
                             std::int64_t facility_id, std::int64_t unit_id);

  // Rosters. body: {from, days, region_id?, region_code?, solver?, rules?}.
  core::Result<RosterRun> request_roster(const auth::Principal& who, const auth::Actor& actor,
                                         const core::Json& body);
  core::Result<core::Page<RosterRun>> rosters(const auth::Principal& who,
                                              std::optional<std::int64_t> after, int limit);
  core::Result<RosterRun> roster(const auth::Principal& who, std::int64_t id);
  core::Result<RosterRun> cancel_roster(const auth::Principal& who, const auth::Actor& actor,
                                        std::int64_t id);
  core::Result<RosterRun> publish(const auth::Principal& who, const auth::Actor& actor,
                                  std::int64_t id);
  core::Result<std::vector<RosterVersion>> versions(const auth::Principal& who, std::int64_t id);
  // The shifts at `version` (the current one when absent), of one post and starting in [from,
  // to) when given.
  core::Result<RosterView> view(const auth::Principal& who, std::int64_t id,
                                std::optional<int> version, std::optional<std::int64_t> post,
                                std::optional<std::int64_t> from, std::optional<std::int64_t> to);

  // Changes after generation (each a new version).
  core::Result<std::vector<Candidate>> replacements(const auth::Principal& who, std::int64_t id,
                                                    std::int64_t shift_id, std::int64_t person_id);
  // body: {shift_id, person_id, replacement_id, reason}.
  core::Result<RosterRun> replace(const auth::Principal& who, const auth::Actor& actor,
                                  std::int64_t id, const core::Json& body);
  // body: {first: {shift_id, person_id}, second: {shift_id, person_id}, reason}.
  core::Result<RosterRun> swap(const auth::Principal& who, const auth::Actor& actor,
                               std::int64_t id, const core::Json& body);

  // A person's duties in published rosters starting in [from, to): the caller's own (the
  // account's person), or someone's the caller sees (hq_staff, commanders, admins, auditors).
  core::Result<std::vector<Duty>> duties(const auth::Principal& who,
                                         std::optional<std::int64_t> person, std::int64_t from,
                                         std::int64_t to);
  // A new secret calendar token for the caller's own person (the previous one stops working).
  core::Result<std::string> calendar_token(const auth::Principal& who, const auth::Actor& actor);
  // The duties of the person whose token this is; not_found for any other token.
  core::Result<std::vector<Duty>> duties_by_token(const std::string& token, std::int64_t from,
                                                  std::int64_t to);
  // A unit the caller sees: its name and its current members (id → name), for the printed week.
  core::Result<std::pair<std::string, std::map<std::int64_t, std::string>>> unit_members(
      const auth::Principal& who, std::int64_t unit_id);
  // A person's name for outputs (without access checks; the caller has made them).
  std::string person_name(std::int64_t person_id);

  // A person's own sick report (body: {from, to: dates, note?}): no shifts on these days. Comes
  // back with the published shifts it touches.
  core::Result<SickReport> report_sick(const auth::Principal& who, const auth::Actor& actor,
                                       const core::Json& body);
  // Sick reports ending on or after `ends_from` (a date) with the published shifts they touch:
  // a reader's of the people they see in the registry (and their own), anyone else's own.
  core::Result<std::vector<SickReport>> sick_reports(const auth::Principal& who,
                                                     const std::string& ends_from);
  // Ends a filed sick report that has not ended (body: {note?}): withdrawn by its author,
  // cancelled by someone who changes the person's rosters (their commander, headquarters, an
  // admin). Rosters made afterwards count the person again; shifts already reassigned stay.
  core::Result<SickReport> close_sick(const auth::Principal& who, const auth::Actor& actor,
                                      std::int64_t id, const core::Json& body);
  // A swap of the caller's own shift of a published roster for another person's (body:
  // {roster_id, shift_id, other: {shift_id, person_id}, reason}); checked against every rule
  // now, and again when approved.
  core::Result<SwapRequest> request_swap(const auth::Principal& who, const auth::Actor& actor,
                                         const core::Json& body);
  // Requests of this status (any when empty) that the caller made, is asked in, may decide, or
  // reads (of the people they see).
  core::Result<std::vector<SwapRequest>> swap_requests(const auth::Principal& who,
                                                       const std::string& status);
  // Approved (a new version of the roster) or declined by the other person or someone who
  // changes rosters for them; the one who asked may withdraw it. body: {note?}.
  core::Result<SwapRequest> decide_swap(const auth::Principal& who, const auth::Actor& actor,
                                        std::int64_t id, bool approve, const core::Json& body);
  // The shifts within a week of the caller's own `shift_id` whose guards they may ask to swap
  // with.
  core::Result<std::vector<SwapChoice>> swap_choices(const auth::Principal& who,
                                                     std::int64_t roster_id, std::int64_t shift_id);

  // The runner's side: builds the model of a run and solves it (no writes). Once `cancel` is set
  // the solver stops and this returns its cancelled_error() (guard/solver.hpp).
  core::Result<Generated> generate(const RosterRun& run, const std::atomic<bool>* cancel = nullptr);
  // Stores a finished run (done, version 1) with its audit entry; false when the run is no
  // longer running (cancelled meanwhile).
  bool store(std::int64_t id, const auth::Actor& actor, const Generated& g);

 private:
  std::optional<std::string> visible_prefix(const auth::Principal& who);
  // The registry's duty pool for [from - 1, from + days], with sick reports as absences.
  std::vector<registry::DutyPerson> duty_pool(Day from, int days);
  void fill(SickReport& r);
  core::Result<DutyInput> load_input(storage::Tx& tx, const std::string& prefix, Day from,
                                     int days);
  core::Result<RosterRun> visible_roster(const auth::Principal& who, std::int64_t id);
  // Travel as the run asked for it: along its road network, or the straight line (nullptr).
  core::Result<std::unique_ptr<RoadDistance>> road_distance(const RosterRun& run,
                                                            const Instance& in);
  // The roster's model at its current version, for checking changes.
  struct Current;
  core::Result<Current> current(const RosterRun& run);
  // A change checked on the roster's current version: the diff to store, or why it is refused.
  core::Result<core::Json> check_change(
      const RosterRun& run, const std::string& kind,
      const std::vector<std::pair<std::int64_t, std::int64_t>>& removed,
      const std::vector<std::pair<std::int64_t, std::int64_t>>& added, const std::string& reason);
  // Checks and stores it as a new version; `also` writes in the same transaction (given the new
  // version); its failure undoes the change.
  core::Result<RosterRun> change(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t id, const std::string& kind,
                                 const std::vector<std::pair<std::int64_t, std::int64_t>>& removed,
                                 const std::vector<std::pair<std::int64_t, std::int64_t>>& added,
                                 const std::string& reason,
                                 const std::function<core::Status(storage::Tx&, int)>& also = {});

  storage::Database& db_;
  registry::Registry& registry_;
  core::MasterKey key_;
  DutySettings settings_;
  std::function<void()> queued_;
  RoadNetworks road_networks_;
  std::function<void(std::int64_t)> cancelled_;
};

}  // namespace qorgan::guard
