#pragma once
// SQL for guard posts, patterns, facility units and rosters; one text for SQLite and PostgreSQL.
// A roster run's state changes are conditional on its current status, so a job that ends after
// its run was cancelled changes nothing.
#include <optional>
#include <string>
#include <vector>

#include "guard/duty.hpp"
#include "storage/database.hpp"

namespace qorgan::guard::duty_store {

// Posts. Lists: id > after, region path under `prefix`, up to limit + 1 rows.
std::int64_t insert_post(storage::Tx& tx, const DutyPost& p);
void update_post(storage::Tx& tx, const DutyPost& p);
std::optional<DutyPost> post(storage::Tx& tx, std::int64_t id);
std::vector<DutyPost> posts(storage::Tx& tx, const std::string& prefix,
                            std::optional<std::int64_t> facility, std::int64_t after, int limit);
// Posts active on some date of [from, to] under `prefix`.
std::vector<DutyPost> active_posts(storage::Tx& tx, const std::string& prefix,
                                   const std::string& from, const std::string& to);

// Patterns, by valid_from.
std::int64_t insert_pattern(storage::Tx& tx, const Pattern& p);
std::vector<Pattern> patterns(storage::Tx& tx, std::int64_t post_id);
bool pattern_exists(storage::Tx& tx, std::int64_t post_id, const std::string& valid_from);

// Units assigned to facilities.
bool add_facility_unit(storage::Tx& tx, std::int64_t facility, std::int64_t unit, std::int64_t now);
bool remove_facility_unit(storage::Tx& tx, std::int64_t facility, std::int64_t unit);
std::vector<FacilityUnit> facility_units(storage::Tx& tx, std::optional<std::int64_t> facility);

// Roster runs.
std::int64_t insert_roster(storage::Tx& tx, const RosterRun& r);
std::optional<RosterRun> roster(storage::Tx& tx, std::int64_t id);
std::vector<RosterRun> rosters(storage::Tx& tx, const std::string& prefix, std::int64_t after,
                               int limit);
std::vector<std::int64_t> queued_rosters(storage::Tx& tx, int limit);
std::vector<std::int64_t> running_rosters(storage::Tx& tx);
// queued → running.
bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now);
// Only while running; false otherwise.
bool set_progress(storage::Tx& tx, std::int64_t id, double progress, std::int64_t now);
// running → done at version 1, with the summary and the solver's posts (instance JSON).
bool finish(storage::Tx& tx, std::int64_t id, const core::Json& summary, const core::Json& posts,
            std::int64_t now);
bool fail_running(storage::Tx& tx, std::int64_t id, const std::string& error, std::int64_t now);
bool requeue(storage::Tx& tx, std::int64_t id, std::int64_t now);
// queued or running → cancelled.
bool cancel(storage::Tx& tx, std::int64_t id, std::int64_t now);
std::optional<std::string> status_of(storage::Tx& tx, std::int64_t id);
// The solver's posts stored by finish().
std::optional<std::string> roster_posts(storage::Tx& tx, std::int64_t id);
// draft → published; false when not a finished draft.
bool publish(storage::Tx& tx, std::int64_t id, std::int64_t now);
// Sets the current version (after a change); conditional on the version it replaces.
bool bump_version(storage::Tx& tx, std::int64_t id, int from, int to, std::int64_t now);

// Shifts and assignments. insert_shifts fills each shift's id.
void insert_shifts(storage::Tx& tx, std::vector<RosterShift>& shifts);
void insert_assignments(storage::Tx& tx, std::int64_t roster, int version,
                        const std::vector<std::pair<std::int64_t, std::int64_t>>& shift_person);
// Ends the current assignment (to_version = version); false when there is none.
bool end_assignment(storage::Tx& tx, std::int64_t roster, std::int64_t shift, std::int64_t person,
                    int version);
// The roster's shifts (of one post when given, starting in [from, to) when given) with their
// guards at `version`, by start and post.
std::vector<RosterShift> shifts(storage::Tx& tx, std::int64_t roster, int version,
                                std::optional<std::int64_t> post = {},
                                std::optional<std::int64_t> from = {},
                                std::optional<std::int64_t> to = {});
std::optional<RosterShift> shift(storage::Tx& tx, std::int64_t roster, std::int64_t shift_id,
                                 int version);

void insert_version(storage::Tx& tx, const RosterVersion& v);
std::vector<RosterVersion> versions(storage::Tx& tx, std::int64_t roster);

// A person's duties in the current version of finished rosters (published only unless
// `drafts`), starting in [from, to).
std::vector<Duty> duties(storage::Tx& tx, std::int64_t person, std::int64_t from, std::int64_t to,
                         bool drafts);

// Calendar tokens (their keyed hashes).
void set_calendar_token(storage::Tx& tx, std::int64_t person, const std::string& hash,
                        std::int64_t now);
std::optional<std::int64_t> person_by_calendar_token(storage::Tx& tx, const std::string& hash);

// Sick reports. `reports` of these people (all when empty) that end on or after `to_from`,
// newest first, up to limit.
std::int64_t insert_sick_report(storage::Tx& tx, const SickReport& r);
// `filed_only`: those still in force (rosters leave their people out).
std::vector<SickReport> sick_reports(storage::Tx& tx, const std::vector<std::int64_t>& people,
                                     const std::string& ends_from, int limit,
                                     bool filed_only = false);
std::optional<SickReport> sick_report(storage::Tx& tx, std::int64_t id);
// filed → status (withdrawn or cancelled); false when it is no longer filed.
bool close_sick_report(storage::Tx& tx, std::int64_t id, const std::string& status,
                       const std::string& by, std::int64_t at,
                       const std::optional<std::string>& note);

// Swap requests. `swap_requests`: of this status (any when empty), newest first, up to limit.
std::int64_t insert_swap_request(storage::Tx& tx, const SwapRequest& r);
std::optional<SwapRequest> swap_request(storage::Tx& tx, std::int64_t id);
std::vector<SwapRequest> swap_requests(storage::Tx& tx, const std::string& status, int limit);
// pending → status; false when no longer pending.
bool decide_swap_request(storage::Tx& tx, std::int64_t id, const std::string& status,
                         const std::string& by, std::int64_t at,
                         const std::optional<std::string>& note, std::optional<int> version);
bool pending_swap_for(storage::Tx& tx, std::int64_t shift, std::int64_t person);

}  // namespace qorgan::guard::duty_store
