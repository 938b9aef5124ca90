#include "registry/person_list_pg.hpp"

#include <algorithm>
#include <charconv>

#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::person_store {

namespace {

// The page's people (kind 0, `at` their place in the page) and then the rows of their skills (1),
// availability (2) and unavailable periods (4), all in one statement: one round trip, and each
// child table is joined once to the page instead of probed for every person (on an empty table
// each probe was a sequential scan whose every restart asked the kernel for the table's size).
// Columns: kind, person id, the person's 13 fields and `at`, then the child's n1, n2, n3, t1, t2,
// t3 (skill: id, -, -, skill, qualified_on, expires_on; slot: weekday, start_minute, end_minute;
// absence: id, -, -, from_date, to_date, reason).
constexpr const char* kChildren =
    "SELECT 0, id, family_name, given_name, patronymic, search_key, birth_date, iin_sealed, "
    "phone, email, region_id, status, created_at, updated_at, language, at, NULL::bigint, "
    "NULL::bigint, NULL::bigint, NULL::text, NULL::text, NULL::text FROM page "
    "UNION ALL SELECT 1, person_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, id, NULL, NULL, skill, qualified_on, expires_on FROM person_skills "
    "WHERE person_id IN (SELECT id FROM page) "
    "UNION ALL SELECT 2, person_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, weekday, start_minute, end_minute, NULL, NULL, NULL FROM "
    "person_availability WHERE person_id IN (SELECT id FROM page) "
    "UNION ALL SELECT 4, person_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, id, NULL, NULL, from_date, to_date, reason FROM person_unavailable "
    "WHERE person_id IN (SELECT id FROM page)";

// A row of this kind says that one of the filters' guesses was wrong.
constexpr int kWrongGuess = 8;

std::string wrong_guess(const std::vector<std::string>& guesses) {
  if (guesses.empty()) return "";
  std::string sql = " UNION ALL SELECT " + std::to_string(kWrongGuess);
  for (int i = 0; i < 21; ++i) sql += ", NULL";
  for (size_t i = 0; i < guesses.size(); ++i) sql += (i ? " OR " : " WHERE ") + guesses[i];
  return sql;
}

}  // namespace

std::optional<std::vector<Person>> list_postgres(storage::Tx& tx, bool with_iin, std::string from,
                                                 storage::Params params, const core::ListParams& p,
                                                 const std::vector<std::string>& guesses) {
  const char* dir = p.descending ? " DESC" : " ASC";
  const std::string order = " ORDER BY " + p.sort_column + dir + ", id" + dir;
  // The LIMIT is written out: with a parameter there PostgreSQL cannot cost a plan for every
  // value, so it planned each execution afresh, which cost as much as running it.
  const std::string limit = " LIMIT " + std::to_string(p.limit + 1);
  const std::string columns =
      "SELECT id, family_name, given_name, patronymic, search_key, birth_date, " +
      std::string(with_iin ? "iin_sealed" : "''::text AS iin_sealed") +
      ", phone, email, region_id, status, created_at, updated_at, language";
  std::string page = columns + ", row_number() OVER (" + order + ") AS at";
  if (!p.after_id || p.sort_column == "id") {
    page += from + storage::keyset_clause(p, params) + order + limit;
  } else {
    // After a cursor: the rest of its run of equal sort values, then what follows, merged in
    // order (each part in index order, so only as many rows are read as the page takes). As one
    // row value (sort value, id) > (v, i) the planner estimated the range from the sort value
    // alone, near the end of a name's run as a row or two, and took the index of all people by
    // name instead of the filter's: 8 ms a page instead of 0.5 at 1,000,000 people. The cursor's
    // values are subqueries, so that the planner does not see them: a plan made for a value near
    // the end of the names looked so cheap that every later page was planned afresh, and with
    // them hidden the plan is made once and fits every cursor.
    const char* op = p.descending ? " < " : " > ";
    storage::Value after = *p.after_value;
    if (p.numeric_sort) {  // typed as the column is (storage::keyset_clause does the same)
      std::int64_t n = 0;
      std::from_chars(p.after_value->data(), p.after_value->data() + p.after_value->size(), n);
      after = n;
    }
    const std::string value = "(SELECT " + storage::param(params, std::move(after)) +
                              (p.numeric_sort ? "::bigint)" : "::text)");
    const std::string ties = " AND " + p.sort_column + " = " + value + " AND id" + op + "(SELECT " +
                             storage::param(params, *p.after_id) + "::bigint)";
    const std::string past = " AND " + p.sort_column + op + value;
    page += " FROM ((" + columns + from + ties + order + limit + ") UNION ALL (" + columns + from +
            past + order + limit + ")) people" + order + limit;
  }
  const std::string sql =
      "WITH page AS MATERIALIZED (" + page + ") " + kChildren + wrong_guess(guesses);

  std::vector<Person> people(size_t(p.limit) + 1);
  size_t count = 0;
  struct SkillRow {
    std::int64_t person, id;
    Skill skill;
  };
  struct SlotRow {
    std::int64_t person;
    Slot slot;
  };
  struct AbsenceRow {
    std::int64_t person, id;
    Absence absence;
  };
  std::vector<SkillRow> skills;
  std::vector<SlotRow> slots;
  std::vector<AbsenceRow> absences;
  bool wrong = false;
  storage::each_row(tx, sql, params, [&](const storage::RowCursor& r) {
    switch (r.i64(0)) {
      case 0: {
        auto at = size_t(r.i64(15));
        Person& q = people.at(at - 1);
        count = std::max(count, at);
        q.id = r.i64(1);
        q.family_name = r.text(2);
        q.given_name = r.text(3);
        q.patronymic = r.opt_text(4);
        q.search_key = r.text(5);
        q.birth_date = r.text(6);
        q.iin_sealed = r.text(7);
        q.phone = r.opt_text(8);
        q.email = r.opt_text(9);
        q.region_id = r.i64(10);
        q.status = r.text(11);
        q.created_at = r.i64(12);
        q.updated_at = r.i64(13);
        q.language = r.opt_text(14);
        break;
      }
      case 1:
        skills.push_back(
            {r.i64(1), r.i64(16), {std::string(r.text(19)), r.opt_text(20), r.opt_text(21)}});
        break;
      case 2:
        slots.push_back({r.i64(1), {int(r.i64(16)), int(r.i64(17)), int(r.i64(18))}});
        break;
      case kWrongGuess:
        wrong = true;
        break;
      default:
        absences.push_back({r.i64(1),
                            r.i64(16),
                            {std::string(r.text(19)), std::string(r.text(20)), r.opt_text(21)}});
    }
  });
  if (wrong) return std::nullopt;
  people.resize(count);

  // Each person's children in the order SQLite's list gives them (person_store.cpp).
  std::vector<std::pair<std::int64_t, Person*>> by_id;
  by_id.reserve(people.size());
  for (auto& q : people) by_id.emplace_back(q.id, &q);
  std::sort(by_id.begin(), by_id.end());
  auto person = [&](std::int64_t id) -> Person& {
    return *std::lower_bound(by_id.begin(), by_id.end(), std::pair(id, (Person*)nullptr))->second;
  };
  std::sort(skills.begin(), skills.end(),
            [](const SkillRow& a, const SkillRow& b) { return a.id < b.id; });
  for (auto& s : skills) person(s.person).skills.push_back(std::move(s.skill));
  std::stable_sort(slots.begin(), slots.end(), [](const SlotRow& a, const SlotRow& b) {
    return std::pair(a.slot.weekday, a.slot.start_minute) <
           std::pair(b.slot.weekday, b.slot.start_minute);
  });
  for (auto& s : slots) person(s.person).availability.push_back(s.slot);
  std::sort(absences.begin(), absences.end(), [](const AbsenceRow& a, const AbsenceRow& b) {
    return a.absence.from != b.absence.from ? a.absence.from < b.absence.from : a.id < b.id;
  });
  for (auto& a : absences) person(a.person).unavailable.push_back(std::move(a.absence));
  return people;
}

}  // namespace qorgan::registry::person_store
