#pragma once
// The stored side of guarding: posts at facilities, their shift patterns, the units assigned to
// a facility, and rosters (a generation run, its shifts, and versioned assignments).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "guard/model.hpp"

namespace qorgan::guard {

struct DutyPost {
  std::int64_t id = 0, facility_id = 0, region_id = 0;
  std::string region_path, name;
  double lat = 0, lon = 0;
  int min_guards = 1, target_guards = 1;
  std::vector<std::string> skills;
  std::optional<std::string> sex;  // "M" or "F"
  std::optional<int> min_age;
  std::string active_from;  // YYYY-MM-DD, inclusive
  std::optional<std::string> active_to;
  std::int64_t created_at = 0, updated_at = 0;
};

// A post's daily shifts from `valid_from` until the next pattern's valid_from.
struct Pattern {
  std::int64_t id = 0, post_id = 0;
  std::string label;  // as given ("3x8@06:00"), or "custom" for a list
  std::vector<ShiftSpec> shifts;
  std::string valid_from;
  std::int64_t created_at = 0;
};

struct FacilityUnit {
  std::int64_t facility_id = 0, unit_id = 0;
  std::string unit_path;  // filled by the service
};

// Roster run statuses: queued → running → done | failed | cancelled.
inline constexpr const char *kQueued = "queued", *kRunning = "running", *kDone = "done",
                            *kFailed = "failed", *kCancelled = "cancelled";

struct RosterRun {
  std::int64_t id = 0;
  std::optional<std::int64_t> region_id;
  std::string region_path;  // "" for the whole country
  std::string from_date;
  int days = 7;
  std::string solver = "fast";
  core::Json rules = core::Json::object();  // {min_rest_hours, max_hours_per_7_days}
  std::string status = kQueued;
  double progress = 0;
  std::optional<std::string> error;
  core::Json summary;           // null until done
  std::string state = "draft";  // draft | published
  int version = 0;              // the current version (0 until done)
  std::string created_by;
  std::optional<std::int64_t> created_by_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at, finished_at;
  std::int64_t updated_at = 0;
};

struct RosterShift {
  std::int64_t id = 0, roster_id = 0, post_id = 0;
  std::string model_post, day;
  std::int64_t starts_at = 0, ends_at = 0;
  int min_guards = 1, target_guards = 1;
  std::optional<std::string> reason;  // why the solver left slots empty
  std::vector<std::int64_t> guards;   // people at the version read
};

struct RosterVersion {
  std::int64_t roster_id = 0;
  int version = 0;
  std::string kind;  // generated | replacement | swap
  core::Json change;
  std::string created_by;
  std::int64_t created_at = 0;
};

// One of a person's duties (their schedule).
struct Duty {
  std::int64_t roster_id = 0, shift_id = 0, post_id = 0, facility_id = 0;
  std::string post_name, day, state;
  std::int64_t starts_at = 0, ends_at = 0;
};

// Sick report statuses: filed → withdrawn (by its author) | cancelled (by their commander).
inline constexpr const char* kFiled = "filed";  // then kWithdrawn or kCancelled

// A person's own report that they are sick: no shifts on these days (local dates, inclusive)
// while it is filed.
struct SickReport {
  std::int64_t id = 0, person_id = 0;
  std::string from_date, to_date, note, created_by;
  std::int64_t created_at = 0;
  std::string status = kFiled;
  std::optional<std::string> closed_by, closed_note;
  std::optional<std::int64_t> closed_at;
  // Filled by the service: the person's name, and their duties in published rosters on these
  // days (the shifts that want a replacement).
  std::string name;
  std::vector<Duty> duties;
};

// Swap request statuses: pending → approved | declined | withdrawn.
inline constexpr const char *kPending = "pending", *kApproved = "approved", *kDeclined = "declined",
                            *kWithdrawn = "withdrawn";

// One person asks to give their shift (first) for another's (second); the other person, or
// someone who changes rosters for them, approves it as a new version of the roster.
struct SwapRequest {
  std::int64_t id = 0, roster_id = 0;
  std::int64_t first_shift_id = 0, first_person_id = 0, second_shift_id = 0, second_person_id = 0;
  std::string reason, status = kPending, requested_by;
  std::int64_t created_at = 0;
  std::optional<std::string> decided_by, note;
  std::optional<std::int64_t> decided_at;
  std::optional<int> version;  // the roster version an approval made
  // Read with it: the two shifts' posts and starts, and (by the service) the people's names.
  std::string first_post, second_post, first_name, second_name;
  std::int64_t first_starts_at = 0, second_starts_at = 0;
};

}  // namespace qorgan::guard
