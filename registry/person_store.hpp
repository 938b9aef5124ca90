#pragma once
// SQL for people and their skills, availability, unavailable periods and memberships. A
// transaction that writes them raises the registry generation (generation_store.hpp) last.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "registry/members.hpp"
#include "registry/people.hpp"

namespace qorgan::registry::person_store {

// A list query with its filters resolved into paths and ids.
struct Query {
  std::optional<std::int64_t> region_id;  // filter: region subtree (an unknown region: none)
  std::optional<std::int64_t> unit_id;    // filter: current members of a unit subtree
  std::optional<std::string> skill, status, iin_index;
  // The caller's: a unit scope covers the current members of the unit's subtree, a person scope
  // the person's own record.
  auth::Scope scope{auth::Scope::Kind::everything};
  std::string today;
  bool with_iin = true;  // false: rows come without iin_sealed (the caller may not see it)
};

// With skills, availability, unavailable periods and region_path.
std::optional<Person> get(storage::Tx& tx, std::int64_t id);
std::optional<std::int64_t> id_by_iin_index(storage::Tx& tx, const std::string& iin_index);
// The people of a list query in p's order, up to p.limit + 1, each given to `f` as it is read, with
// its skills, availability and unavailable periods; `f` may mark the skills expired. Without the
// IIN's blind index and the region's path (and without iin_sealed unless q.with_iin). On SQLite
// `f` runs while the page's statement stands on the person's row.
void list(storage::Tx& tx, const Query& q, const core::ListParams& p,
          const std::function<void(ListedPerson&)>& f);
// The people of q.scope with a current membership (on q.today) in the subtree of one of
// `unit_ids`, ordered by that unit's id, then by person id; contacts as stored.
std::vector<Member> members(storage::Tx& tx, const Query& q,
                            const std::vector<std::int64_t>& unit_ids);
// Every person in id order, children loaded, a page at a time (for export).
std::vector<Person> page_by_id(storage::Tx& tx, std::int64_t after_id, int limit);
std::int64_t insert(storage::Tx& tx, const Person& p, std::int64_t now);
// The people among `iin_indexes` who are already registered, by index.
struct Registered {
  std::int64_t id = 0;
  std::string region_path;
};
std::map<std::string, Registered> registered_by_iin_indexes(
    storage::Tx& tx, const std::vector<std::string>& iin_indexes);
// Members of units on some date of [from, to], with their units' paths and home regions, skills,
// availability and unavailable periods, in id order; each one's sealed IIN at the same index of
// `iin_sealed` (the service reads the sex from it).
std::vector<DutyPerson> duty_pool(storage::Tx& tx, const std::string& from, const std::string& to,
                                  std::vector<std::string>& iin_sealed);
// How many people are registered (for choosing how to load a large file).
std::int64_t count(storage::Tx& tx);
// Whether a load of `rows` people into a table of `existing` is large enough for
// begin_bulk_insert(): a quarter of the table on SQLite; on PostgreSQL, where the table's readers
// wait for a bulk load to end, at least the table itself.
bool bulk_insert_pays(storage::Tx& tx, std::int64_t rows, std::int64_t existing);
// Before insert_unregistered() of a load that is large relative to the table: lets the engine set
// the people and skills indexes aside for the load (see Tx::begin_bulk_load); finish_bulk_insert()
// rebuilds them and must run before the transaction commits. Where the engine keeps the people
// counts per region (region_people) with a trigger per row (SQLite), begin_bulk_insert() also
// sets that trigger aside for the load and finish_bulk_insert() puts it back: the caller then
// gives add_counted() the people it stored per home region (counted_by_caller()).
struct BulkInsert {
  std::string counter_trigger;  // its CREATE TRIGGER statement; empty: it was left in place
  bool counted_by_caller() const { return !counter_trigger.empty(); }
};
BulkInsert begin_bulk_insert(storage::Tx& tx);
void finish_bulk_insert(storage::Tx& tx, const BulkInsert& bulk);
// An import's own count of the people it stores. Where the counts per region are kept by a
// trigger per statement (PostgreSQL), every statement of one long import transaction updated the
// same counter rows and walked all their earlier versions, so count_at_end() tells the trigger to
// leave this transaction's people to the import (true), which then gives add_counted() the
// number stored per home region before it commits. Elsewhere it returns false: nothing to add.
bool count_at_end(storage::Tx& tx);
void add_counted(storage::Tx& tx, const std::map<std::int64_t, std::int64_t>& people_per_region);
// After an import's transaction was rolled back having written at least kReclaimAfter people:
// reclaims what it wrote in the tables an import writes (storage::reclaim_rolled_back), so that
// their dead rows do not slow the lists until an autovacuum. The caller waits, unless a server's
// storage::Reclaimer takes the vacuum; false: it failed.
inline constexpr std::int64_t kReclaimAfter = 10000;
bool reclaim_import(storage::Database& db);
// The keys stored for searching people's whole names in any script (core::name_key), for an
// import. A file repeats names, and ICU's transliteration of a name was a sixth of an import's
// CPU time, so a name seen before is looked up instead; the memory is bounded by forgetting all
// names after kRemembered distinct ones.
class NameKeys {
 public:
  std::string of(const Person& p);

 private:
  static constexpr std::size_t kRemembered = 1 << 16;
  std::unordered_map<std::string, std::string> known_;
};
// Inserts many new people, each with its skills, availability and unavailable periods, in the
// engine's fastest way (Tx::insert_rows, or one prepared statement a row); returns their ids in
// the order given. `name_keys` are the people's NameKeys::of() in the same order when the caller
// has them already (an import computes them on another core); empty: computed here. People whose
// IIN is already registered are skipped: their id in the answer is 0. Every record keeps its
// region_id, a skipped one its iin_index too; the rest may be moved from. SQLite finds them
// by the insert itself (ON CONFLICT DO NOTHING on the IIN's UNIQUE index), so a row costs one
// search of that index instead of a lookup and then the insert's own; PostgreSQL looks the batch
// up first and sends the rest as multi-row statements.
std::vector<std::int64_t> insert_unregistered(storage::Tx& tx, std::vector<Person>& people,
                                              std::int64_t now, std::vector<std::string> name_keys);
// `p` is the whole record as it is to be stored, its created_at as read (the list text has it).
void update(storage::Tx& tx, const Person& p, std::int64_t now);
void remove(storage::Tx& tx, std::int64_t id);

// Whether the person holds a current membership in the subtree of unit `unit_id`.
bool is_current_member(storage::Tx& tx, std::int64_t person_id, std::int64_t unit_id,
                       const std::string& today);

std::vector<Membership> memberships(storage::Tx& tx, std::int64_t person_id);
std::optional<Membership> membership(storage::Tx& tx, std::int64_t person_id, std::int64_t id);
Membership insert_membership(storage::Tx& tx, Membership m);
// Many at once (an import); the ids are not read back.
void insert_memberships(storage::Tx& tx, const std::vector<Membership>& memberships);
void remove_membership(storage::Tx& tx, std::int64_t id);
// Stores m's position and end date (the other fields do not change).
void update_membership(storage::Tx& tx, const Membership& m);

struct UnitRef {
  std::string path, region_path;
};
std::optional<UnitRef> unit(storage::Tx& tx, std::int64_t unit_id);
struct RegionRef {
  std::int64_t id = 0;
  std::string path, code;
};
std::optional<RegionRef> region_by_id(storage::Tx& tx, std::int64_t id);
std::optional<RegionRef> region_by_code(storage::Tx& tx, const std::string& code);

}  // namespace qorgan::registry::person_store
