#include "registry/person_list_pg.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "registry/skills_text.hpp"
#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::person_store {

namespace {

// The rows of a page's person's availability (kind 2) and unavailable periods (4), joined
// laterally to each person of the page (the skills come with the person's row, skills_text): a
// person without any gives one row with NULLs here. Each kind is probed only for the people whose
// list_kinds say they have rows of it (the one-time filter of a gating Result node), so a page
// of people without lists reads no child table at all (most people have none: probing every
// table for each person of a page cost as much backend CPU as reading the page). Columns: kind,
// n1, n2, n3, t1, t2, t3 (slot: weekday, start_minute, end_minute; absence: id, -, -,
// from_date, to_date, reason).
constexpr const char* kChildren =
    " LEFT JOIN LATERAL (SELECT 2 AS kind, weekday AS n1, start_minute AS n2, end_minute AS n3, "
    "NULL::text AS t1, NULL::text AS t2, NULL::text AS t3 FROM person_availability "
    "WHERE page.list_kinds & 2 <> 0 AND person_id = page.id "
    "UNION ALL SELECT 4, id, NULL, NULL, from_date, to_date, reason FROM person_unavailable "
    "WHERE page.list_kinds & 4 <> 0 AND person_id = page.id) child ON true";

}  // namespace

std::optional<std::vector<Person>> list_postgres(storage::Tx& tx, bool with_iin, std::string from,
                                                 storage::Params params, const core::ListParams& p,
                                                 const std::vector<std::string>& guesses,
                                                 const std::vector<std::string>& regions,
                                                 bool keys_first) {
  // A wrong guess leaves the page empty (its condition is a one-time filter of the page's scan),
  // and an empty page is then asked again without guessing: a page rarely is empty.
  for (size_t i = 0; i < guesses.size(); ++i)
    from += (i ? " OR " : " AND NOT (") + guesses[i] + (i + 1 == guesses.size() ? ")" : "");
  const char* dir = p.descending ? " DESC" : " ASC";
  const std::string order = " ORDER BY " + p.sort_column + dir + ", id" + dir;
  // The LIMIT is written out: with a parameter there PostgreSQL cannot cost a plan for every
  // value, so it planned each execution afresh, which cost as much as running it.
  const std::string limit = " LIMIT " + std::to_string(p.limit + 1);
  const std::string columns =
      "SELECT id, family_name, given_name, patronymic, search_key, birth_date, " +
      std::string(with_iin ? "iin_sealed" : "''::text AS iin_sealed") +
      ", phone, email, region_id, status, created_at, updated_at, language, list_kinds, "
      "skills_text";
  std::string past;  // the rows after the cursor
  if (!p.after_id || p.sort_column == "id") {
    past = storage::keyset_clause(p, params);
  } else {
    // After a cursor: the rows past its (sort value, id), as one row comparison, which an index in
    // the list's order (after its equality columns) starts from and reads on in order, ties with
    // the cursor's value included, without a sort. The cursor's values are subqueries, so that
    // the planner does not see them: a plan made for a value near the end of the names looked so
    // cheap that every later page was planned afresh, and a range estimated from a visible sort
    // value took the index of all people by name instead of the filter's; with them hidden the
    // plan is made once and fits every cursor.
    const char* op = p.descending ? " < " : " > ";
    storage::Value after = *p.after_value;
    if (p.numeric_sort) {  // typed as the column is (storage::keyset_clause does the same)
      std::int64_t n = 0;
      std::from_chars(p.after_value->data(), p.after_value->data() + p.after_value->size(), n);
      after = n;
    }
    past = " AND (" + p.sort_column + ", id)" + op + "((SELECT " +
           storage::param(params, std::move(after)) +
           (p.numeric_sort ? "::bigint), " : "::text), ") + "(SELECT " +
           storage::param(params, *p.after_id) + "::bigint))";
  }
  // Keys first: each read gives the page's ids and sort values (k_sort), merged in that order.
  const std::string select = keys_first ? "SELECT id, " + p.sort_column + " AS k_sort" : columns;
  const std::string merged_order =
      keys_first ? std::string(" ORDER BY k_sort") + dir + ", id" + dir : order;
  std::string page;
  if (regions.empty()) {
    page = select + from + past + order + limit;
  } else {
    // Several regions (a city's or an oblast's) in one index are a range per region, which no
    // index reads in the page's order: the statement sorted all their people, or with a skill
    // walked an index of all people keeping theirs, seconds at 10 million. A branch a region,
    // each read in order from the cursor and cut at a page, lets PostgreSQL merge them (Merge
    // Append), reading about a page and a row a region. Each branch is planned and cached with
    // the statement, so region_clause() hands out at most 64 regions as branches.
    page = "SELECT * FROM (";
    for (size_t i = 0; i < regions.size(); ++i)
      page += (i ? " UNION ALL (" : "(") + select + from + " AND region_id = " + regions[i] + past +
              order + limit + ")";
    page += ") people" + merged_order + limit;
  }
  // The rows of the page's ids; the outer ORDER BY below sorts the page's few rows again.
  if (keys_first) page = columns + " FROM (" + page + ") k JOIN people USING (id)";
  // The outer order is the page's own, which the lateral join keeps: no sort, and a person's
  // rows come together.
  const std::string sql =
      "SELECT page.id, family_name, given_name, patronymic, search_key, birth_date, iin_sealed, "
      "phone, email, region_id, status, created_at, updated_at, language, skills_text, kind, n1, "
      "n2, n3, t1, t2, t3 FROM (" +
      page + ") page" + kChildren + order;

  std::vector<Person> people;
  people.reserve(size_t(p.limit) + 1);
  struct SlotRow {
    std::int64_t person;
    Slot slot;
  };
  struct AbsenceRow {
    std::int64_t person, id;
    Absence absence;
  };
  std::vector<SlotRow> slots;
  std::vector<AbsenceRow> absences;
  storage::each_row(tx, sql, params, [&](const storage::RowCursor& r) {
    const std::int64_t id = r.i64(0);
    if (people.empty() || people.back().id != id) {
      Person& q = people.emplace_back();
      q.id = id;
      q.family_name = r.text(1);
      q.given_name = r.text(2);
      q.patronymic = r.opt_text(3);
      q.search_key = r.text(4);
      q.birth_date = r.text(5);
      q.iin_sealed = r.text(6);
      q.phone = r.opt_text(7);
      q.email = r.opt_text(8);
      q.region_id = r.i64(9);
      q.status = r.text(10);
      q.created_at = r.i64(11);
      q.updated_at = r.i64(12);
      q.language = r.opt_text(13);
      if (!r.null(14) && !read_skills_text(r.text(14), q.skills))
        throw std::runtime_error("person " + std::to_string(id) +
                                 ": the list's skills text is malformed");
    }
    if (r.null(15)) return;
    if (r.i64(15) == 2)
      slots.push_back({id, {int(r.i64(16)), int(r.i64(17)), int(r.i64(18))}});
    else
      absences.push_back(
          {id, r.i64(16), {std::string(r.text(19)), std::string(r.text(20)), r.opt_text(21)}});
  });
  if (people.empty() && !guesses.empty()) return std::nullopt;

  // Each person's children in the order SQLite's list gives them (person_store.cpp).
  std::vector<std::pair<std::int64_t, Person*>> by_id;
  by_id.reserve(people.size());
  for (auto& q : people) by_id.emplace_back(q.id, &q);
  std::sort(by_id.begin(), by_id.end());
  auto person = [&](std::int64_t id) -> Person& {
    return *std::lower_bound(by_id.begin(), by_id.end(), std::pair(id, (Person*)nullptr))->second;
  };
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
