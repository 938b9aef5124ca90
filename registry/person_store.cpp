#include "registry/person_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "registry/list_text.hpp"
#include "registry/person_list_pg.hpp"
#include "registry/skills_text.hpp"
#include "storage/reclaim.hpp"
#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::person_store {

namespace {

// Column 15 says which of the person's lists hold rows (people.list_kinds: kHas* bits), so that
// their queries (load_children) ask only about the people who have some; the skills come with
// the row (column 17, skills_text).
constexpr const char* kColumns =
    "id, family_name, given_name, patronymic, search_key, birth_date, iin_sealed, iin_index, "
    "phone, email, region_id, status, created_at, updated_at, "
    "(SELECT path FROM regions WHERE regions.id = people.region_id), list_kinds, language, "
    "skills_text";
// A list's row, on SQLite: which columns the page's statement reads (ListRow::columns()). The
// row's shown fields, its id and skills text as one text (people.list_text, list_text.hpp), which
// the list's index carries; region_id and status only when the query leaves them open. A column
// whose value the query itself fixes, region_id for a single region and status for a status
// filter (a district's page with a status, the list's usual query), is set once: each column a
// row reads is an opcode of the statement and a call into SQLite for every person.
struct ListRow {
  bool iin = false;                        // the sealed IIN is given (the caller sees it)
  std::optional<std::int64_t> region;      // every row's region_id, when the query fixes it
  std::optional<std::string_view> status;  // every row's status, likewise
  // The page's order is (search_key, id), ascending or not: a row's id lies past that of the
  // row before it with the same name (what looking up an older text's id starts from).
  std::optional<bool> by_name_descending;

  // The text comes first; then region_id and status, those that are read, in that order.
  static constexpr int kText = 0, kRest = 1;
  std::string columns() const {
    std::string c = "list_text";
    if (!region) c += ", region_id";
    if (!status) c += ", status";
    return c;
  }
  // The row in place, its lists aside; returns its list_kinds. `skills`: the row's skills text,
  // nullopt when its text is of an older form, which holds neither it nor p.id.
  int read(const storage::RowCursor& r, ListedPerson& p,
           std::optional<std::string_view>& skills) const {
    int kinds = 0;
    if (!read_list_text(r.text(kText), p, kinds, &skills))
      throw std::runtime_error("a person's list text is missing or malformed");
    if (!iin) p.iin_sealed = {};
    int at = kRest;
    p.region_id = region ? *region : r.i64(at++);
    p.status = status ? *status : r.text(at++);
    return kinds;
  }
};
constexpr int kHasSkills = 1, kHasAvailability = 2, kHasUnavailable = 4;

// people.list_kinds of a record about to be stored.
std::int64_t list_kinds(const Person& p) {
  return (p.skills.empty() ? 0 : kHasSkills) | (p.availability.empty() ? 0 : kHasAvailability) |
         (p.unavailable.empty() ? 0 : kHasUnavailable);
}

// The ids of a region and its descendants. The tree is walked by parent rather than matched
// with `path LIKE $1`: SQLite re-prepares a statement whose LIKE pattern is a parameter every
// time it is bound (the plan may depend on the pattern), which cost a tenth of a list request.
// A region without sub-regions (a district, the usual filter and scope) needs no recursion.
constexpr const char* kRegionSubtree =
    "WITH RECURSIVE sub(id) AS (SELECT id FROM regions WHERE id = $1 "
    "UNION ALL SELECT r.id FROM regions r JOIN sub ON r.parent_id = sub.id) SELECT id FROM sub";
constexpr const char* kRegionByPath =
    "SELECT id, CASE WHEN EXISTS (SELECT 1 FROM regions c WHERE c.parent_id = regions.id) THEN 1 "
    "ELSE 0 END FROM regions WHERE path = $1";
constexpr const char* kRegionById =
    "SELECT id, CASE WHEN EXISTS (SELECT 1 FROM regions c WHERE c.parent_id = regions.id) THEN 1 "
    "ELSE 0 END FROM regions WHERE id = $1";

// Fills a new record in place from a kColumns row: a Person is some twenty members to move.
void from_row(const storage::RowCursor& r, Person& p) {
  p.id = r.i64(0);
  p.family_name = r.text(1);
  p.given_name = r.text(2);
  p.patronymic = r.opt_text(3);
  p.search_key = r.text(4);
  p.birth_date = r.text(5);
  p.iin_sealed = r.text(6);
  p.iin_index = r.text(7);
  p.phone = r.opt_text(8);
  p.email = r.opt_text(9);
  p.region_id = r.i64(10);
  p.status = r.text(11);
  p.created_at = r.i64(12);
  p.updated_at = r.i64(13);
  p.region_path = r.text(14);
  p.language = r.opt_text(16);
  if (!r.null(17) && !read_skills_text(r.text(17), p.skills))
    throw std::runtime_error("person " + std::to_string(p.id) + ": the skills text is malformed");
}

// The order of a person's lists wherever they are read: skills by id (the order they were
// given in), availability by weekday and start (ties in the order stored), unavailable periods
// by start date and id.
bool slot_before(const Slot& a, const Slot& b) {
  return std::pair(a.weekday, a.start_minute) < std::pair(b.weekday, b.start_minute);
}
bool absence_before(const Absence& a, std::int64_t a_id, const Absence& b, std::int64_t b_id) {
  return a.from != b.from ? a.from < b.from : a_id < b_id;
}

using storage::param;

// Loads the availability and unavailable periods of the people that have them (their skills came
// with their rows), one query per kind that someone has. The rows are put in order here rather than
// by ORDER BY: each person has few, and SQLite would set up a sorter for every query.
void load_children(storage::Tx& tx, std::vector<Person>& people, const std::vector<int>& kinds) {
  // The page's people by id, for the child rows to find their person.
  std::vector<std::pair<std::int64_t, Person*>> by_id;
  by_id.reserve(people.size());
  for (auto& p : people) by_id.emplace_back(p.id, &p);
  std::sort(by_id.begin(), by_id.end());
  auto person = [&](std::int64_t id) {
    return std::lower_bound(by_id.begin(), by_id.end(), std::pair(id, (Person*)nullptr))->second;
  };
  // Runs `select` over the people whose kinds have `bit` (none: no query), `f` on each row.
  auto each_of = [&](int bit, const std::string& select, const auto& f) {
    storage::Params params;
    std::string in;
    for (size_t i = 0; i < people.size(); ++i)
      if (kinds[i] & bit) in += (in.empty() ? "" : ", ") + param(params, people[i].id);
    if (params.empty()) return;
    storage::each_row(tx,
                      select + (params.size() == 1 ? " WHERE person_id = $1"
                                                   : " WHERE person_id IN (" + in + ")"),
                      params, f);
  };
  struct SlotRow {
    Person* person;
    Slot slot;
  };
  std::vector<SlotRow> slots;
  each_of(kHasAvailability,
          "SELECT person_id, weekday, start_minute, end_minute FROM person_availability",
          [&](const storage::RowCursor& r) {
            slots.push_back({person(r.i64(0)), {int(r.i64(1)), int(r.i64(2)), int(r.i64(3))}});
          });
  std::stable_sort(slots.begin(), slots.end(),
                   [](const SlotRow& a, const SlotRow& b) { return slot_before(a.slot, b.slot); });
  for (auto& s : slots) s.person->availability.push_back(s.slot);
  struct AbsenceRow {
    Person* person;
    std::int64_t id;
    Absence absence;
  };
  std::vector<AbsenceRow> absences;
  each_of(kHasUnavailable,
          "SELECT person_id, from_date, id, to_date, reason FROM person_unavailable",
          [&](const storage::RowCursor& r) {
            absences.push_back({person(r.i64(0)),
                                r.i64(2),
                                {std::string(r.text(1)), std::string(r.text(3)), r.opt_text(4)}});
          });
  std::sort(absences.begin(), absences.end(), [](const AbsenceRow& a, const AbsenceRow& b) {
    return absence_before(a.absence, a.id, b.absence, b.id);
  });
  for (auto& a : absences) a.person->unavailable.push_back(std::move(a.absence));
}

// The people of a kColumns query, children loaded. The columns are read straight from the
// statement (storage::each_row): a page's rows were otherwise copied twice.
// `expect`: how many rows there may be (an export's page), so that the records are not moved as
// the vector grows.
std::vector<Person> read_people(storage::Tx& tx, const std::string& sql,
                                const storage::Params& params, size_t expect = 1) {
  std::vector<Person> people;
  std::vector<int> kinds;  // kHas* bits, parallel to `people`
  people.reserve(expect);
  kinds.reserve(expect);
  storage::each_row(tx, sql, params, [&](const storage::RowCursor& r) {
    from_row(r, people.emplace_back());
    kinds.push_back(int(r.i64(15)));
  });
  load_children(tx, people, kinds);
  return people;
}

// The lists of one listed person, read while the page's statement stands on the person's row:
// the row is written out then, so its lists must be at hand. The skills come with the row
// (`skills`, its skills_text); only the other lists the row says hold rows are asked about, by the
// child's person index (a page of people without them asks nothing). Reused from row to row.
class ListedLists {
 public:
  void load(storage::Tx& tx, std::int64_t person_id, int kinds, std::string_view skills,
            ListedPerson& p) {
    skills_.clear();
    slots_.clear();
    absences_.clear();
    if (kinds == 0) return;  // most people: not even the parameter is made
    if ((kinds & kHasSkills) && !read_skills_text(skills, skills_))
      throw std::runtime_error("person " + std::to_string(person_id) +
                               ": the list's skills text is malformed");
    const storage::Params id{person_id};
    if (kinds & kHasAvailability) {
      storage::each_row(
          tx,
          "SELECT weekday, start_minute, end_minute FROM person_availability WHERE person_id = $1",
          id, [&](const storage::RowCursor& r) {
            slots_.push_back({int(r.i64(0)), int(r.i64(1)), int(r.i64(2))});
          });
      std::stable_sort(slots_.begin(), slots_.end(), slot_before);
    }
    if (kinds & kHasUnavailable) {
      storage::each_row(
          tx, "SELECT id, from_date, to_date, reason FROM person_unavailable WHERE person_id = $1",
          id, [&](const storage::RowCursor& r) {
            absences_.push_back(
                {r.i64(0), {std::string(r.text(1)), std::string(r.text(2)), r.opt_text(3)}});
          });
      std::sort(absences_.begin(), absences_.end(), [](const auto& a, const auto& b) {
        return absence_before(a.second, a.first, b.second, b.first);
      });
      absence_list_.clear();
      for (auto& a : absences_) absence_list_.push_back(std::move(a.second));
    }
    p.skills = skills_;
    p.availability = slots_;
    p.unavailable = (kinds & kHasUnavailable) ? std::span<const Absence>(absence_list_)
                                              : std::span<const Absence>();
  }

 private:
  std::vector<Skill> skills_;
  std::vector<Slot> slots_;
  std::vector<std::pair<std::int64_t, Absence>> absences_;  // by id, until sorted
  std::vector<Absence> absence_list_;
};

// Gives each row of a query of `row`'s columns to `f` with its lists; returns how many there were.
int each_listed(storage::Tx& tx, const ListRow& row, const std::string& sql,
                const storage::Params& params, const std::function<void(ListedPerson&)>& f) {
  ListedLists lists;
  int rows = 0;
  std::string older_skills;
  // From the first row of an older text on: the name of the row before and its id, so that the
  // next such row of a run of equal names is looked up from there, not from the run's start.
  bool older = false;
  std::string name;
  std::int64_t name_id = 0;
  storage::each_row(tx, sql, params, [&](const storage::RowCursor& r) {
    ListedPerson p;
    std::optional<std::string_view> skills;
    const int kinds = row.read(r, p, skills);
    if (!skills) {
      // A text the rewrite after migration 0112 has not reached: its id and skills from its row,
      // found by the index's keys and the text itself (the sealed IIN makes it the person's own).
      const bool after = older && row.by_name_descending && p.search_key == name;
      const bool down = after && *row.by_name_descending;
      auto own = tx.one(
          std::string("SELECT id, skills_text FROM people WHERE region_id = $1 AND "
                      "status = $2 AND search_key = $3 AND list_text = $4") +
              (!after ? ""
               : down ? " AND id < $5 ORDER BY id DESC LIMIT 1"
                      : " AND id > $5 ORDER BY id LIMIT 1"),
          after ? storage::Params{p.region_id, std::string(p.status), std::string(p.search_key),
                                  std::string(r.text(ListRow::kText)), name_id}
                : storage::Params{p.region_id, std::string(p.status), std::string(p.search_key),
                                  std::string(r.text(ListRow::kText))});
      p.id = own.i64(0);
      older_skills = own.opt_str(1).value_or("");
      skills = older_skills;
      older = true;
    }
    if (older) {
      if (p.search_key != name) name = p.search_key;
      name_id = p.id;
    }
    lists.load(tx, p.id, kinds, kinds & kHasSkills ? *skills : std::string_view(), p);
    f(p);
    ++rows;
  });
  return rows;
}

void insert_children(storage::Tx& tx, const Person& p) {
  for (const auto& s : p.skills)
    tx.exec(
        "INSERT INTO person_skills (person_id, skill, qualified_on, expires_on) VALUES "
        "($1, $2, $3, $4)",
        {p.id, s.skill, s.qualified_on, s.expires_on});
  for (const auto& a : p.availability)
    tx.exec(
        "INSERT INTO person_availability (person_id, weekday, start_minute, end_minute) "
        "VALUES ($1, $2, $3, $4)",
        {p.id, a.weekday, a.start_minute, a.end_minute});
  for (const auto& u : p.unavailable)
    tx.exec(
        "INSERT INTO person_unavailable (person_id, from_date, to_date, reason) VALUES "
        "($1, $2, $3, $4)",
        {p.id, u.from, u.to, u.reason});
}

// A person's list_text (SQLite's list reads it) of `p` as just written to row `id` with these
// times and skills text.
void set_list_text(storage::Tx& tx, std::int64_t id, const Person& p, std::int64_t created_at,
                   std::int64_t updated_at, const std::optional<std::string>& skills) {
  if (tx.engine() != storage::Engine::sqlite) return;
  tx.exec("UPDATE people SET list_text = $2 WHERE id = $1",
          {id, list_text(p, id, created_at, updated_at, list_kinds(p), skills.value_or(""))});
}

constexpr const char* kCurrent =
    "m.from_date <= {today} AND (m.to_date IS NULL OR m.to_date >= {today})";

std::string whole_name(const Person& p) {
  return p.family_name + " " + p.given_name + " " + p.patronymic.value_or("");
}

// The script-blind key of the person's whole name (core::name_key), for search.
std::string name_key_of(const Person& p) {
  return core::name_key(whole_name(p));
}

// People with a current membership in the subtree of unit `unit_id`: its units come from the
// closure table (unit_ancestry, by its primary key), their people from the memberships_unit
// index. One SQL text for every unit, so the statement is prepared once per connection.
std::string member_clause(storage::Params& params, std::int64_t unit_id, const std::string& today) {
  std::string t = param(params, today);
  std::string cond = kCurrent;
  for (size_t at; (at = cond.find("{today}")) != std::string::npos;) cond.replace(at, 7, t);
  return " AND people.id IN (SELECT m.person_id FROM unit_ancestry a JOIN memberships m ON "
         "m.unit_id = a.unit_id WHERE a.ancestor_id = " +
         param(params, unit_id) + " AND " + cond + ")";
}

// The regions this thread has found to have sub-regions, which SQLite's list does not guess (see
// region_clause): a wrong guess costs its page a statement. By id alone, whatever the database: a
// stale entry costs a page its guess, never its rows.
std::unordered_set<std::int64_t>& known_parents() {
  thread_local std::unordered_set<std::int64_t> parents;
  if (parents.size() > 4096) parents.clear();
  return parents;
}

// People in the subtree of `region`: a path (the caller's scope) or an id (the filter). The
// subtree's region ids are looked up first: a district (one id) then becomes an equality that the
// (region_id, status, search_key) index serves in name order without sorting.
// `guesses`, when given (PostgreSQL's list): the region is taken for one without sub-regions,
// the usual filter and scope, without a statement of its own; the condition that tells otherwise
// goes to `guesses` for the page's statement to answer (list_postgres). `branches`, when given
// and still empty (PostgreSQL's list): a subtree of several regions is not a condition but its
// regions' parameters there, for the page to read each region in order and merge (list_postgres).
// `only`, when given, is set to the region when the subtree is that one region. SQLite's list
// guesses a region given by id too, unless known_parents() has it.
std::string region_clause(storage::Tx& tx, const storage::Value& region, storage::Params& params,
                          std::vector<std::string>* guesses = nullptr,
                          std::vector<std::string>* branches = nullptr,
                          std::optional<std::int64_t>* only = nullptr) {
  const bool by_path = std::holds_alternative<std::string>(region.get());
  // SQLite's page guesses a region given by id only: its condition names the id.
  if (by_path && tx.engine() == storage::Engine::sqlite) guesses = nullptr;
  if (guesses) {
    auto r = param(params, region);
    // SQLite answers the guess once, before it seeks the index: a region with sub-regions makes
    // the equality NULL and the page empty (as a condition beside it, it was asked at every row).
    // The guess is in the condition, not in `guesses`. Built in place: each request's.
    if (tx.engine() == storage::Engine::sqlite) {
      guesses->emplace_back();
      if (only) *only = std::get<std::int64_t>(region.get());
      std::string clause;
      clause.reserve(112);
      clause += " AND region_id = (SELECT ";
      clause += r;
      clause += " WHERE NOT EXISTS (SELECT 1 FROM regions c WHERE c.parent_id = ";
      clause += r;
      clause += "))";
      return clause;
    }
    guesses->push_back(
        by_path ? "EXISTS (SELECT 1 FROM regions r JOIN regions c ON c.parent_id = r.id WHERE "
                  "r.path = " +
                      r + ")"
                : "EXISTS (SELECT 1 FROM regions c WHERE c.parent_id = " + r + ")");
    return " AND region_id = " +
           (by_path ? "(SELECT id FROM regions WHERE path = " + r + " LIMIT 1)" : r);
  }
  // The subtree's region ids, read in place (a list request asks this of every district).
  std::vector<std::int64_t> ids;
  bool parent = false;
  storage::each_row(tx, by_path ? kRegionByPath : kRegionById, {region},
                    [&](const storage::RowCursor& r) {
                      ids.push_back(r.i64(0));
                      parent = r.i64(1) != 0;
                    });
  if (parent) {
    if (tx.engine() == storage::Engine::sqlite) known_parents().insert(ids.front());
    const storage::Params root{ids.front()};
    ids.clear();
    storage::each_row(tx, kRegionSubtree, root,
                      [&](const storage::RowCursor& r) { ids.push_back(r.i64(0)); });
  }
  if (ids.empty()) return " AND 1=0";
  if (ids.size() == 1) {
    if (only) *only = ids.front();
    return " AND region_id = " + param(params, ids.front());
  }
  // Past kMergedRegionsMost regions (a country's subtree), the merge's plan, one branch a region
  // cached per connection, would cost more than the sort it saves: those stay an IN list.
  constexpr std::size_t kMergedRegionsMost = 64;
  if (branches && branches->empty() && ids.size() <= kMergedRegionsMost) {
    for (auto id : ids) branches->push_back(param(params, id));
    return "";
  }
  std::string in;
  for (auto id : ids) in += (in.empty() ? "" : ", ") + param(params, id);
  return " AND region_id IN (" + in + ")";
}

// The people the caller's scope covers, as a condition on `people`.
std::string scope_clause(storage::Tx& tx, const Query& q, storage::Params& params,
                         std::vector<std::string>* guesses = nullptr,
                         std::vector<std::string>* branches = nullptr,
                         std::optional<std::int64_t>* only_region = nullptr) {
  switch (q.scope.kind) {
    case auth::Scope::Kind::everything:
      return "";
    case auth::Scope::Kind::region:
      return region_clause(tx, q.scope.path, params, guesses, branches, only_region);
    case auth::Scope::Kind::unit:
      return member_clause(params, q.scope.id, q.today);
    case auth::Scope::Kind::person:
      return " AND id = " + param(params, q.scope.id);
    default:
      return " AND 1=0";
  }
}

}  // namespace

std::optional<Person> get(storage::Tx& tx, std::int64_t id) {
  auto one =
      read_people(tx, std::string("SELECT ") + kColumns + " FROM people WHERE id = $1", {id});
  if (one.empty()) return std::nullopt;
  return std::move(one.front());
}

std::optional<std::int64_t> id_by_iin_index(storage::Tx& tx, const std::string& iin_index) {
  auto row = tx.maybe("SELECT id FROM people WHERE iin_index = $1", {iin_index});
  if (!row) return std::nullopt;
  return row->i64(0);
}

namespace {

// list(); `guess_regions`: see region_clause.
void list_page(storage::Tx& tx, const Query& q, const core::ListParams& p, bool guess_regions,
               const std::function<void(ListedPerson&)>& f) {
  std::vector<std::string> guesses, branches;
  auto* guessing = guess_regions ? &guesses : nullptr;
  // Room for the page's statement and its keyset clauses: built on every request.
  std::string sql;
  sql.reserve(768);
  sql = " FROM people WHERE 1=1";
  storage::Params params;
  const bool postgres = tx.engine() == storage::Engine::postgres;
  // The region every row has when the filter (or else the scope) is a single region.
  std::optional<std::int64_t> filter_region, scope_region;
  // The filter's regions are merged rather than the scope's: the filter lies within the scope.
  if (q.region_id)
    sql += region_clause(tx, *q.region_id, params,
                         postgres || !known_parents().contains(*q.region_id) ? guessing : nullptr,
                         postgres ? &branches : nullptr, &filter_region);
  sql += scope_clause(tx, q, params, postgres ? guessing : nullptr,
                      postgres && !q.region_id ? &branches : nullptr, &scope_region);
  if (q.unit_id) sql += member_clause(params, *q.unit_id, q.today);
  if (q.skill) {
    // On PostgreSQL the row's skills text is searched for the skill's field first, so that only
    // the people who may have the skill are looked up in person_skills (which also tells whether
    // it has expired): a page of a region with a skill walks the region's people in order, and
    // probing each of them cost a district's page a quarter of a second at 10 million people.
    if (tx.engine() == storage::Engine::postgres)
      sql += " AND strpos(skills_text, " + param(params, skill_field(*q.skill)) + ") > 0";
    sql +=
        " AND EXISTS (SELECT 1 FROM person_skills s WHERE s.person_id = people.id AND s.skill = " +
        param(params, *q.skill) +
        " AND (s.expires_on IS NULL OR s.expires_on >= " + param(params, q.today) + "))";
  }
  if (q.status) sql += " AND status = " + param(params, *q.status);
  if (q.iin_index) sql += " AND iin_index = " + param(params, *q.iin_index);
  if (p.q) sql += storage::name_search_clause(*p.q, params);
  if (postgres) {
    // A skill by name: people_region_name holds the skills text (migration 0106), so a region's
    // page is found in that index alone rather than one table page a person read.
    const bool keys_first = q.skill && p.sort_column == "search_key";
    if (!list_postgres(tx, q.with_iin, std::move(sql), std::move(params), p, guesses, branches,
                       keys_first, f))
      list_page(tx, q, p, false, f);
    return;
  }
  // As on PostgreSQL, a wrong guess leaves the page empty, and an empty page is asked again
  // without guessing (the guess is in the region's condition).
  const bool guessed = !guesses.empty();
  ListRow row;
  row.iin = q.with_iin;
  row.region = filter_region ? filter_region : scope_region;  // a row meets both
  if (q.status) row.status = *q.status;
  if (p.sort_column == "search_key") row.by_name_descending = p.descending;
  sql.insert(0, "SELECT " + row.columns());
  if (!p.after_id || p.sort_column == "id") {
    sql += storage::keyset_clause(p, params);
    sql += storage::order_clause(p, params);
    if (each_listed(tx, row, sql, params, f) == 0 && guessed) list_page(tx, q, p, false, f);
    return;
  }
  // Many people share a name (or a birth date): the cursor's run first, then what follows it.
  auto tie_params = params;
  int ties = each_listed(tx, row, sql + storage::keyset_ties_clause(p, tie_params), tie_params, f);
  if (ties > p.limit) return;
  core::ListParams rest = p;
  rest.limit = p.limit - ties;
  sql += storage::keyset_past_clause(p, params);
  sql += storage::order_clause(rest, params);
  if (each_listed(tx, row, sql, params, f) + ties == 0 && guessed) list_page(tx, q, p, false, f);
}

}  // namespace

void list(storage::Tx& tx, const Query& q, const core::ListParams& p,
          const std::function<void(ListedPerson&)>& f) {
  list_page(tx, q, p, true, f);
}

std::vector<Member> members(storage::Tx& tx, const Query& q,
                            const std::vector<std::int64_t>& unit_ids) {
  std::vector<Member> out;
  // In chunks: SQLite allows at most 32,766 parameters a statement.
  constexpr std::size_t kChunk = 500;
  for (std::size_t at = 0; at < unit_ids.size(); at += kChunk) {
    storage::Params params;
    std::string visible =
        "SELECT id, family_name, given_name, phone, email, language FROM people "
        "WHERE 1=1" +
        scope_clause(tx, q, params);
    std::string units;
    for (std::size_t i = at; i < std::min(unit_ids.size(), at + kChunk); ++i)
      units += (units.empty() ? "" : ", ") + param(params, unit_ids[i]);
    std::string cond = kCurrent;
    const std::string t = param(params, q.today);
    for (size_t pos; (pos = cond.find("{today}")) != std::string::npos;) cond.replace(pos, 7, t);
    for (const auto& r : tx.query(
             "SELECT DISTINCT a.ancestor_id, p.id, p.family_name, p.given_name, p.phone, p.email, "
             "p.language FROM unit_ancestry a JOIN memberships m ON m.unit_id = a.unit_id JOIN (" +
                 visible + ") p ON p.id = m.person_id WHERE a.ancestor_id IN (" + units + ") AND " +
                 cond + " ORDER BY a.ancestor_id, p.id",
             params))
      out.push_back(
          {r.i64(0), r.i64(1), r.str(2), r.str(3), r.opt_str(4), r.opt_str(5), r.opt_str(6)});
  }
  return out;
}

std::vector<Person> page_by_id(storage::Tx& tx, std::int64_t after_id, int limit) {
  return read_people(
      tx, std::string("SELECT ") + kColumns + " FROM people WHERE id > $1 ORDER BY id LIMIT $2",
      {after_id, std::int64_t(limit)}, size_t(limit));
}

std::vector<DutyPerson> duty_pool(storage::Tx& tx, const std::string& from, const std::string& to,
                                  std::vector<std::string>& iin_sealed) {
  // The members: "a membership that overlaps [from, to] of someone who may serve", written once
  // and used as a subquery by the reads of their details.
  const std::string members =
      "SELECT m.person_id FROM memberships m JOIN people q ON q.id = m.person_id "
      "WHERE m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date >= $1) "
      "AND q.status NOT IN ('discharged', 'unavailable')";
  const storage::Params range{from, to};
  std::vector<DutyPerson> out;
  std::map<std::int64_t, std::size_t> at;
  iin_sealed.clear();
  for (const auto& r :
       tx.query("SELECT p.id, p.family_name, p.given_name, p.birth_date, p.iin_sealed, "
                "COALESCE(r.lat, pr.lat), COALESCE(r.lon, pr.lon) FROM people p "
                "JOIN regions r ON r.id = p.region_id LEFT JOIN regions pr ON pr.id = r.parent_id "
                "WHERE p.id IN (" +
                    members + ") ORDER BY p.id",
                range)) {
    DutyPerson d;
    d.id = r.i64(0);
    d.name = r.str(1) + " " + r.str(2);
    d.birth_date = r.str(3);
    d.lat = r.opt_f64(5);
    d.lon = r.opt_f64(6);
    at[d.id] = out.size();
    out.push_back(std::move(d));
    iin_sealed.push_back(r.str(4));
  }
  for (const auto& r :
       tx.query("SELECT m.person_id, m.unit_id, u.path, g.path, m.from_date, m.to_date "
                "FROM memberships m JOIN units u ON u.id = m.unit_id JOIN regions g ON g.id = "
                "u.region_id WHERE m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date >= $1) "
                "ORDER BY m.person_id, m.id",
                range))
    if (auto it = at.find(r.i64(0)); it != at.end())
      out[it->second].memberships.push_back({r.i64(1), r.str(2), r.str(3), r.str(4), r.opt_str(5)});
  for (const auto& r :
       tx.query("SELECT person_id, skill, qualified_on, expires_on FROM person_skills WHERE "
                "person_id IN (" +
                    members + ") ORDER BY person_id, id",
                range))
    if (auto it = at.find(r.i64(0)); it != at.end())
      out[it->second].skills.push_back({r.str(1), r.opt_str(2), r.opt_str(3)});
  for (const auto& r : tx.query(
           "SELECT person_id, weekday, start_minute, end_minute FROM person_availability WHERE "
           "person_id IN (" +
               members + ") ORDER BY person_id, weekday, start_minute",
           range))
    if (auto it = at.find(r.i64(0)); it != at.end())
      out[it->second].availability.push_back({int(r.i64(1)), int(r.i64(2)), int(r.i64(3))});
  for (const auto& r :
       tx.query("SELECT person_id, from_date, to_date, reason FROM person_unavailable WHERE "
                "person_id IN (" +
                    members +
                    ") AND from_date <= $2 AND to_date >= $1 "
                    "ORDER BY person_id, from_date",
                range))
    if (auto it = at.find(r.i64(0)); it != at.end())
      out[it->second].unavailable.push_back({r.str(1), r.str(2), r.opt_str(3)});
  return out;
}

std::int64_t insert(storage::Tx& tx, const Person& p, std::int64_t now) {
  Person q = p;
  auto skills = skills_text(p.skills);
  q.id = tx.one(
               "INSERT INTO people (family_name, given_name, patronymic, search_key, birth_date, "
               "iin_sealed, iin_index, phone, email, region_id, status, created_at, updated_at, "
               "name_key, language, list_kinds, skills_text) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, "
               "$16) RETURNING id",
               {p.family_name, p.given_name, p.patronymic, p.search_key, p.birth_date, p.iin_sealed,
                p.iin_index, p.phone, p.email, p.region_id, p.status, now, name_key_of(p),
                p.language, list_kinds(p), skills})
             .i64(0);
  insert_children(tx, q);
  set_list_text(tx, q.id, p, now, now, skills);
  return q.id;
}

void update(storage::Tx& tx, const Person& p, std::int64_t now) {
  auto skills = skills_text(p.skills);
  tx.exec(
      "UPDATE people SET family_name = $1, given_name = $2, patronymic = $3, search_key = $4, "
      "birth_date = $5, iin_sealed = $6, iin_index = $7, phone = $8, email = $9, "
      "region_id = $10, status = $11, updated_at = $12, name_key = $14, language = $15, "
      "list_kinds = $16, skills_text = $17 WHERE id = $13",
      {p.family_name, p.given_name, p.patronymic, p.search_key, p.birth_date, p.iin_sealed,
       p.iin_index, p.phone, p.email, p.region_id, p.status, now, p.id, name_key_of(p), p.language,
       list_kinds(p), skills});
  // Lists are replaced whole: the service passes the merged record.
  tx.exec("DELETE FROM person_skills WHERE person_id = $1", {p.id});
  tx.exec("DELETE FROM person_availability WHERE person_id = $1", {p.id});
  tx.exec("DELETE FROM person_unavailable WHERE person_id = $1", {p.id});
  insert_children(tx, p);
  set_list_text(tx, p.id, p, p.created_at, now, skills);
}

void remove(storage::Tx& tx, std::int64_t id) {
  // Children go explicitly too, so the result does not depend on the engine's FK settings.
  for (auto table : {"person_skills", "person_availability", "person_unavailable", "memberships"})
    tx.exec(std::string("DELETE FROM ") + table + " WHERE person_id = $1", {id});
  tx.exec("DELETE FROM people WHERE id = $1", {id});
}

bool is_current_member(storage::Tx& tx, std::int64_t person_id, std::int64_t unit_id,
                       const std::string& today) {
  return tx
      .maybe(
          "SELECT 1 FROM memberships m JOIN unit_ancestry a ON a.unit_id = m.unit_id WHERE "
          "m.person_id = $1 AND a.ancestor_id = $2 AND m.from_date <= $3 AND (m.to_date IS NULL "
          "OR m.to_date >= $3)",
          {person_id, unit_id, today})
      .has_value();
}

namespace {
Membership membership_from(const storage::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.opt_str(5)};
}
constexpr const char* kMembership =
    "SELECT id, person_id, unit_id, position, from_date, to_date FROM memberships ";
}  // namespace

std::vector<Membership> memberships(storage::Tx& tx, std::int64_t person_id) {
  std::vector<Membership> out;
  for (const auto& r :
       tx.query(std::string(kMembership) + "WHERE person_id = $1 ORDER BY from_date DESC, id DESC",
                {person_id}))
    out.push_back(membership_from(r));
  return out;
}

std::optional<Membership> membership(storage::Tx& tx, std::int64_t person_id, std::int64_t id) {
  auto row =
      tx.maybe(std::string(kMembership) + "WHERE id = $1 AND person_id = $2", {id, person_id});
  if (!row) return std::nullopt;
  return membership_from(*row);
}

Membership insert_membership(storage::Tx& tx, Membership m) {
  m.id = tx.one(
               "INSERT INTO memberships (person_id, unit_id, position, from_date, to_date) "
               "VALUES ($1, $2, $3, $4, $5) RETURNING id",
               {m.person_id, m.unit_id, m.position, m.from, m.to})
             .i64(0);
  return m;
}

void remove_membership(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM memberships WHERE id = $1", {id});
}

void update_membership(storage::Tx& tx, const Membership& m) {
  tx.exec("UPDATE memberships SET position = $1, to_date = $2 WHERE id = $3 AND person_id = $4",
          {m.position, m.to, m.id, m.person_id});
}

std::optional<UnitRef> unit(storage::Tx& tx, std::int64_t unit_id) {
  auto row = tx.maybe(
      "SELECT u.path, r.path FROM units u JOIN regions r ON r.id = u.region_id WHERE u.id = $1",
      {unit_id});
  if (!row) return std::nullopt;
  return UnitRef{row->str(0), row->str(1)};
}

std::optional<RegionRef> region_by_id(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe("SELECT id, path, code FROM regions WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return RegionRef{row->i64(0), row->str(1), row->str(2)};
}

std::optional<RegionRef> region_by_code(storage::Tx& tx, const std::string& code) {
  auto row = tx.maybe("SELECT id, path, code FROM regions WHERE code = $1", {code});
  if (!row) return std::nullopt;
  return RegionRef{row->i64(0), row->str(1), row->str(2)};
}

}  // namespace qorgan::registry::person_store

namespace qorgan::registry::person_store {

std::map<std::string, Registered> registered_by_iin_indexes(
    storage::Tx& tx, const std::vector<std::string>& iin_indexes) {
  std::map<std::string, Registered> out;
  constexpr size_t kChunk = 500;
  for (size_t at = 0; at < iin_indexes.size(); at += kChunk) {
    storage::Params params;
    std::string in;
    for (size_t i = at; i < std::min(iin_indexes.size(), at + kChunk); ++i)
      in += (in.empty() ? "" : ", ") + param(params, iin_indexes[i]);
    for (const auto& r :
         tx.query("SELECT iin_index, id, (SELECT path FROM regions WHERE regions.id = "
                  "people.region_id) FROM people WHERE iin_index IN (" +
                      in + ")",
                  params))
      out[r.str(0)] = {r.i64(1), r.str(2)};
  }
  return out;
}

std::int64_t count(storage::Tx& tx) {
  return tx.one("SELECT COUNT(*) FROM people").i64(0);
}

bool bulk_insert_pays(storage::Tx& tx, std::int64_t rows, std::int64_t existing) {
  return rows * (tx.engine() == storage::Engine::postgres ? 1 : 4) >= existing;
}

BulkInsert begin_bulk_insert(storage::Tx& tx) {
  tx.begin_bulk_load({"people", "person_skills"});
  BulkInsert bulk;
  // SQLite's counter trigger runs an upsert for every row, a few seconds of a million-row load.
  // It is dropped inside the load's transaction, so a rollback brings it back too.
  // PostgreSQL's counts once a statement and stays.
  if (tx.engine() != storage::Engine::sqlite) return bulk;
  auto row = tx.maybe(
      "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'people_count_insert'");
  if (!row) return bulk;
  tx.script("DROP TRIGGER people_count_insert");
  bulk.counter_trigger = row->str(0);
  return bulk;
}

void finish_bulk_insert(storage::Tx& tx, const BulkInsert& bulk) {
  tx.finish_bulk_load();
  if (bulk.counted_by_caller()) tx.script(bulk.counter_trigger);
}

bool reclaim_import(storage::Database& db) {
  return storage::reclaim_rolled_back(db, {"people", "person_skills", "memberships"});
}

bool count_at_end(storage::Tx& tx) {
  if (tx.engine() != storage::Engine::postgres) return false;
  tx.one("SELECT set_config('qorgan.people_counted_by_import', 'on', true)");
  return true;
}

void add_counted(storage::Tx& tx, const std::map<std::int64_t, std::int64_t>& people_per_region) {
  if (people_per_region.empty()) return;
  storage::Params params;
  std::string values;
  for (const auto& [region, people] : people_per_region)  // in region order, as the triggers
    values +=
        (values.empty() ? "(" : ", (") + param(params, region) + ", " + param(params, people) + ")";
  tx.exec("INSERT INTO region_people AS c (region_id, people) VALUES " + values +
              " ON CONFLICT (region_id) DO UPDATE SET people = c.people + EXCLUDED.people",
          params);
}

namespace {

template <typename T>
storage::Value take(std::optional<T>& v) {
  return v ? storage::Value(std::move(*v)) : storage::Value();
}

// The 17 values of insert_many()'s rows, moved out of `p` (its lists stay); `skills` is
// skills_text(p.skills).
void append_row(storage::Params& values, Person& p, std::int64_t now, std::string name_key,
                std::optional<std::string> skills) {
  values.emplace_back(std::move(p.family_name));
  values.emplace_back(std::move(p.given_name));
  values.push_back(take(p.patronymic));
  values.emplace_back(std::move(p.search_key));
  values.emplace_back(std::move(p.birth_date));
  values.emplace_back(std::move(p.iin_sealed));
  values.emplace_back(std::move(p.iin_index));
  values.push_back(take(p.phone));
  values.push_back(take(p.email));
  values.emplace_back(p.region_id);
  values.emplace_back(std::move(p.status));
  values.emplace_back(now);
  values.emplace_back(now);
  values.emplace_back(std::move(name_key));
  values.push_back(take(p.language));
  values.emplace_back(list_kinds(p));
  values.push_back(take(skills));
}

// The skills, availability and unavailable periods of people just stored with `ids` (0: not
// stored).
void insert_lists(storage::Tx& tx, std::vector<Person>& people,
                  const std::vector<std::int64_t>& ids) {
  storage::Params values;
  for (size_t i = 0; i < people.size(); ++i) {
    auto& p = people[i];
    if (!ids.at(i)) continue;
    p.id = ids[i];
    for (auto& sk : p.skills) {
      values.emplace_back(p.id);
      values.emplace_back(std::move(sk.skill));
      values.push_back(take(sk.qualified_on));
      values.push_back(take(sk.expires_on));
    }
    if (!p.availability.empty() || !p.unavailable.empty()) {
      p.skills.clear();
      insert_children(tx, p);
    }
  }
  tx.insert_rows("person_skills (person_id, skill, qualified_on, expires_on)", 4, values);
}

std::vector<std::int64_t> insert_many(storage::Tx& tx, std::vector<Person> people, std::int64_t now,
                                      std::vector<std::string> name_keys) {
  storage::Params values;
  values.reserve(people.size() * 17);
  for (size_t i = 0; i < people.size(); ++i)
    append_row(values, people[i], now,
               i < name_keys.size() ? std::move(name_keys[i]) : name_key_of(people[i]),
               skills_text(people[i].skills));
  auto ids = tx.insert_rows(
      "people (family_name, given_name, patronymic, search_key, birth_date, iin_sealed, "
      "iin_index, phone, email, region_id, status, created_at, updated_at, name_key, language, "
      "list_kinds, skills_text)",
      17, values);
  insert_lists(tx, people, ids);
  return ids;
}

}  // namespace

std::string NameKeys::of(const Person& p) {
  auto name = whole_name(p);
  if (auto it = known_.find(name); it != known_.end()) return it->second;
  if (known_.size() >= kRemembered) known_.clear();
  auto key = core::name_key(name);
  known_.emplace(std::move(name), key);
  return key;
}

std::vector<std::int64_t> insert_unregistered(storage::Tx& tx, std::vector<Person>& people,
                                              std::int64_t now,
                                              std::vector<std::string> name_keys) {
  std::vector<std::int64_t> ids(people.size(), 0);
  if (people.empty()) return ids;
  if (tx.engine() != storage::Engine::sqlite) {
    std::vector<std::string> indexes;
    indexes.reserve(people.size());
    for (const auto& p : people) indexes.push_back(p.iin_index);
    auto known = registered_by_iin_indexes(tx, indexes);
    std::vector<Person> fresh;
    std::vector<std::string> keys;
    std::vector<size_t> at;
    for (size_t i = 0; i < people.size(); ++i) {
      if (known.contains(people[i].iin_index)) continue;
      keys.push_back(i < name_keys.size() ? std::move(name_keys[i]) : name_key_of(people[i]));
      fresh.push_back(std::move(people[i]));
      at.push_back(i);
    }
    auto stored = insert_many(tx, std::move(fresh), now, std::move(keys));
    for (size_t k = 0; k < at.size(); ++k) ids[at[k]] = stored[k];
    return ids;
  }
  // The ids are given, not left to SQLite, so that a skipped row is told by the changed-row
  // count alone: the transaction holds the database's one write lock, so no one else takes them.
  std::int64_t next = tx.one("SELECT COALESCE(MAX(id), 0) + 1 FROM people").i64(0);
  storage::Params row;
  row.reserve(19);
  for (size_t i = 0; i < people.size(); ++i) {
    row.clear();
    row.emplace_back(next);
    auto skills = skills_text(people[i].skills);
    row.emplace_back(
        list_text(people[i], next, now, now, list_kinds(people[i]), skills.value_or("")));
    append_row(row, people[i], now,
               i < name_keys.size() ? std::move(name_keys[i]) : name_key_of(people[i]),
               std::move(skills));
    if (tx.exec("INSERT INTO people (id, list_text, family_name, given_name, patronymic, "
                "search_key, birth_date, iin_sealed, iin_index, phone, email, region_id, status, "
                "created_at, updated_at, name_key, language, list_kinds, skills_text) VALUES ($1, "
                "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) "
                "ON CONFLICT (iin_index) DO NOTHING",
                row) == 1)
      ids[i] = next++;
    else  // the caller asks who holds it
      people[i].iin_index = std::get<std::string>(row[8].get());
  }
  insert_lists(tx, people, ids);
  return ids;
}

void insert_memberships(storage::Tx& tx, const std::vector<Membership>& memberships) {
  if (memberships.empty()) return;
  storage::Params values;
  values.reserve(memberships.size() * 5);
  for (const auto& m : memberships) {
    values.emplace_back(m.person_id);
    values.emplace_back(m.unit_id);
    values.emplace_back(m.position);
    values.emplace_back(m.from);
    values.emplace_back(m.to);
  }
  tx.insert_rows("memberships (person_id, unit_id, position, from_date, to_date)", 5, values);
}

}  // namespace qorgan::registry::person_store
