#pragma once
// The SQL of activations and their notices.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "activation/activations.hpp"
#include "storage/database.hpp"

namespace qorgan::activation::activation_store {

std::optional<Activation> get(storage::Tx& tx, std::int64_t id);
// Newest first; region path starting with `path_prefix` (empty: all).
std::vector<Activation> list(storage::Tx& tx, const std::string& path_prefix, int limit);
std::int64_t insert(storage::Tx& tx, const Activation& a);
void update(storage::Tx& tx, const Activation& a);
std::map<std::string, std::int64_t> counts(storage::Tx& tx, std::int64_t activation_id);
bool plan_has_activations(storage::Tx& tx, std::int64_t plan_id);

// Many at once; sets each notice's id and adds them to the muster counts.
void insert_notices(storage::Tx& tx, std::vector<Notice>& notices);
// What an activation's counts and curves need, without a row per person: how many of its notices
// stand at each unit and status, and the arrivals' times, unit by unit.
struct MusterTallies {
  struct Count {
    std::int64_t unit_id = 0;
    Muster status = Muster::called;
    std::int64_t people = 0;
  };
  // The timed arrivals of one unit: times[begin, end), in time order.
  struct Arrivals {
    std::int64_t unit_id = 0;
    std::size_t begin = 0, end = 0;
  };
  std::vector<Count> counts;           // by unit, then status; arrivals without a time included
  std::vector<core::Timestamp> times;  // every timed arrival, unit by unit as `arrivals` says
  std::vector<Arrivals> arrivals;      // by unit, the units with timed arrivals only
};
MusterTallies muster_tallies(storage::Tx& tx, std::int64_t activation_id);
// Up to `limit` notices with ids above `after_id`, in id order, of the stored `statuses` (all
// when empty).
std::vector<Notice> notices(storage::Tx& tx, std::int64_t activation_id,
                            const std::vector<std::string>& statuses, std::int64_t after_id,
                            int limit);
// Every notice of the activation, in id order.
std::vector<Notice> all_notices(storage::Tx& tx, std::int64_t activation_id);
// `for_update`: the notice is read to be changed in this transaction; a concurrent transaction
// changing it waits until this one ends (PostgreSQL's row lock; SQLite has a single writer).
std::optional<Notice> notice(storage::Tx& tx, std::int64_t activation_id, std::int64_t id,
                             bool for_update = false);
std::optional<Notice> notice_by_code(storage::Tx& tx, std::int64_t activation_id,
                                     const std::string& code, bool for_update = false);
// A check-in's reads as one statement: the notice of the activation with this code, locked as
// notice_by_code(…, true) locks it, and what the check-in needs of its activation. None when the
// activation has no notice with the code (or does not exist).
struct NoticeToCheckIn {
  Phase phase = Phase::cancelled;
  std::string region_path;
  Notice notice;
};
std::optional<NoticeToCheckIn> notice_to_check_in(storage::Tx& tx, std::int64_t activation_id,
                                                  const std::string& code);
void update_notice(storage::Tx& tx, const Notice& n);
// Records the arrival of `n` (its muster, point and officer as given) unless the notice has
// arrived already — also by a concurrent transaction, which this one then waits for: false then,
// and nothing changed.
bool arrive(storage::Tx& tx, const Notice& n);

// An assembly point's muster: the active activations under `path_prefix` with notices that
// assemble at `facility_id` or arrived there; and of one activation, those notices.
std::vector<Activation> active_at(storage::Tx& tx, std::int64_t facility_id,
                                  const std::string& path_prefix);
std::vector<Notice> notices_at(storage::Tx& tx, std::int64_t activation_id,
                               std::int64_t facility_id);
// The activation under `path_prefix` whose notice has this short code (codes are unique within
// an activation only): one that assembles at `facility_id` first, then an active one, then the
// newest.
std::optional<std::int64_t> activation_with_code(storage::Tx& tx, const std::string& code,
                                                 const std::string& path_prefix,
                                                 std::int64_t facility_id);
// A message of the notice was handed over at `at`: the first such time is kept, and a person
// still `called` is `reached`. False when the activation has no such notice.
bool set_delivered(storage::Tx& tx, std::int64_t activation_id, std::int64_t notice_id,
                   std::int64_t at);
// The people who arrived at an exercise (any activation of kind exercise) at a time in
// [from, to), each once.
std::vector<std::int64_t> exercise_attendees(storage::Tx& tx, std::int64_t from, std::int64_t to);
// Everyone called, reached or confirmed becomes overdue (the deadline passed).
std::int64_t mark_overdue(storage::Tx& tx, std::int64_t activation_id);

std::optional<Notice> notice_by_id(storage::Tx& tx, std::int64_t id);
// The notices of one unit, by name.
std::vector<Notice> notices_of_unit(storage::Tx& tx, std::int64_t activation_id,
                                    std::int64_t unit_id);
// The notices with `code` in any activation, newest first (a code is unique per activation).
std::vector<Notice> notices_by_code(storage::Tx& tx, const std::string& code);
// A person's notices, newest first.
std::vector<Notice> notices_of_person(storage::Tx& tx, std::int64_t person_id, int limit);
// The codes of every proposed or active activation, so that a new code is unique among them
// and the answer link (which names no activation) finds one notice.
std::set<std::string> active_codes(storage::Tx& tx);
// Notices not answered and not arrived (of `unit_id` when given).
std::vector<Notice> unanswered(storage::Tx& tx, std::int64_t activation_id,
                               std::optional<std::int64_t> unit_id);
// When the last reminder that covered these people was sent: one to the whole activation, or
// to `unit_id` (none: any of the activation's).
std::optional<std::int64_t> last_reminder(storage::Tx& tx, std::int64_t activation_id,
                                          std::optional<std::int64_t> unit_id);
void insert_reminder(storage::Tx& tx, std::int64_t activation_id,
                     std::optional<std::int64_t> unit_id, const std::string& by, std::int64_t at,
                     std::int64_t messages);

}  // namespace qorgan::activation::activation_store
