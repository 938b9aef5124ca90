#pragma once
// People: reservists, volunteers and active members with their skills, weekly availability,
// unavailable periods and unit memberships. The national ID (IIN) is stored sealed
// (XChaCha20-Poly1305) with a keyed blind index for exact lookup; who sees it and the contact
// details follows the policy table in the team brief (see visibility()).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Skill {
  std::string skill;
  std::optional<std::string> qualified_on, expires_on;  // YYYY-MM-DD
  bool expired = false;  // set by the service on reads: expires_on is before today
};

struct Slot {  // weekly availability: weekday 1 (Monday) … 7, minutes since midnight
  int weekday = 1, start_minute = 0, end_minute = 0;
};

struct Absence {
  std::string from, to;  // inclusive dates
  std::optional<std::string> reason;
};

// Which sensitive fields a caller may see on one record.
struct PersonView {
  bool iin = false, contacts = false;
};

struct Person {
  std::int64_t id = 0;
  std::string family_name, given_name;
  std::optional<std::string> patronymic;
  std::string search_key, birth_date;
  std::string iin;  // plain, filled by the service when it is needed; never stored
  std::string iin_sealed, iin_index;
  std::optional<std::string> phone, email;
  // The language the person reads (kk, ru, en): their call-up notices are written in it.
  std::optional<std::string> language;
  std::int64_t region_id = 0;
  std::string region_path;  // filled by single reads and exports, not by lists
  std::string status;
  std::vector<Skill> skills;
  std::vector<Slot> availability;
  std::vector<Absence> unavailable;
  std::int64_t created_at = 0, updated_at = 0;
  // What this copy carries for its reader: the service clears the fields the caller may not see
  // (iin, phone, email) and says so here, so that writers leave them out rather than empty.
  PersonView view{true, true};
};

// One person of a list as the store reads it, written out without a Person record between (the
// API's hot path). The views point into the store's row, valid only during the call given it.
struct ListedPerson {
  std::int64_t id = 0, region_id = 0, created_at = 0, updated_at = 0;
  std::string_view family_name, given_name, search_key, birth_date, status;
  std::optional<std::string_view> patronymic, phone, email, language;
  std::string_view iin_sealed;  // empty when the query left it out
  std::string_view iin;         // plain, set by the service when the reader sees it
  std::span<Skill> skills;      // the service marks `expired`
  std::span<const Slot> availability;
  std::span<const Absence> unavailable;
  PersonView view{true, true};  // as Person::view
  bool plain = false;  // its store's texts are JSON as they are: no escaping (json_string_plain)
};

// Where People::list() writes a page: its people in the list's order, then where the next page
// starts (nullopt: this is the last page).
class PersonListWriter {
 public:
  virtual void person(const ListedPerson& p) = 0;
  virtual void end(const std::optional<std::string>& next_cursor) = 0;

 protected:
  ~PersonListWriter() = default;
};

struct Membership {
  std::int64_t id = 0, person_id = 0, unit_id = 0;
  std::string position, from;
  std::optional<std::string> to;
  bool current = false;  // set by the service on reads: from <= today <= to
};

// One person who may stand guard in a period: a member of some unit on a date in it (people
// discharged or unavailable are left out), with what a duty roster needs about them. `sex` is
// read from the IIN's seventh digit ('M', 'F', or 0 when it cannot be read); `home` is the
// coordinates of the person's region (or of its parent when it has none).
struct DutyMembership {
  std::int64_t unit_id = 0;
  std::string unit_path, unit_region_path;
  std::string from;
  std::optional<std::string> to;  // inclusive dates
};
struct DutyPerson {
  std::int64_t id = 0;
  std::string name;  // "Family Given"
  std::string birth_date;
  char sex = 0;
  std::optional<double> lat, lon;
  std::vector<Skill> skills;
  std::vector<Slot> availability;
  std::vector<Absence> unavailable;
  std::vector<DutyMembership> memberships;
};

struct PersonFilter {
  std::optional<std::int64_t> region;  // subtree
  std::optional<std::int64_t> unit;    // current members of the unit's subtree
  std::optional<std::string> skill, status, iin;
};

class People {
 public:
  People(storage::Database& db, const core::MasterKey& key) : db_(db), key_(key) {}

  // Records come with the fields the caller may not see cleared (Person::view says which).
  core::Result<Person> get(const auth::Principal& who, std::int64_t id);
  core::Result<core::Page<Person>> list(const auth::Principal& who, const PersonFilter& f,
                                        const core::ListParams& p);
  // The same page written to `out` as the store reads its rows, without records between;
  // nothing is written when the answer is an error.
  core::Status list(const auth::Principal& who, const PersonFilter& f, const core::ListParams& p,
                    PersonListWriter& out);
  core::Result<Person> create(const auth::Principal& who, const auth::Actor& actor,
                              const core::Json& body);
  core::Result<Person> update(const auth::Principal& who, const auth::Actor& actor, std::int64_t id,
                              const core::Json& body);
  core::Status remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);

  // Newest first.
  core::Result<std::vector<Membership>> memberships(const auth::Principal& who,
                                                    std::int64_t person_id);
  core::Result<Membership> add_membership(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t person_id, const core::Json& body);
  core::Status remove_membership(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t person_id, std::int64_t membership_id);
  // Changes a membership's end date ("to": a date, or null to reopen it) and/or its position,
  // keeping its history; the same rights as add_membership(). A membership whose end date has
  // passed no longer counts as current (visibility for commanders, unit strength).
  core::Result<Membership> update_membership(const auth::Principal& who, const auth::Actor& actor,
                                             std::int64_t person_id, std::int64_t membership_id,
                                             const core::Json& body);

  // Checks a new person's fields as POST does (everything that needs no database) and returns
  // the record with its IIN sealed and indexed; errors name the JSON fields. Used by the importer.
  // Everyone who is a member of a unit on some date of [from, to] (YYYY-MM-DD), in id order.
  // Qorgan's own services call it after their own access checks (the roster generator).
  std::vector<DutyPerson> duty_pool(const std::string& from, const std::string& to);

  core::Result<Person> prepare_new(const core::Json& body, const std::string& today) const;
  std::string iin_index(const std::string& iin) const;
  std::optional<std::string> open_iin(const std::string& sealed) const;
  // Which sensitive fields of person `person_id` the caller sees (the person must already be within
  // the caller's scope).
  static PersonView visibility(const auth::Principal& who, std::int64_t person_id);
  // Marks expired skills (as of `today`), and clears what `view` hides.
  static void prepare_for_reader(Person& p, PersonView view, const std::string& today);

  static const std::vector<core::SortOption>& sorts();
  static const std::vector<std::string>& statuses();

 private:
  core::Result<Person> load_visible(storage::Tx& tx, const auth::Principal& who, std::int64_t id,
                                    const std::string& today);
  // A membership of the person that the caller may change: the person and the membership's unit
  // both within the caller's scope.
  core::Result<Membership> writable_membership(storage::Tx& tx, const auth::Principal& who,
                                               std::int64_t person_id, std::int64_t membership_id,
                                               const std::string& today);
  storage::Database& db_;
  core::MasterKey key_;
};

}  // namespace qorgan::registry
