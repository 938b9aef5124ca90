#include "registry/person_list_pg.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "core/json.hpp"
#include "registry/skills_text.hpp"
#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::registry::person_store {

namespace {

// A page's person's availability and unavailable periods, as two JSON arrays beside the person's
// columns (the skills come with the row, skills_text): [[weekday, start_minute, end_minute], …]
// and [[id, from_date, to_date, reason], …], NULL for a person without any. Each is a subquery
// run only for the people whose list_kinds say they have rows of that kind (CASE evaluates it
// only then), so a page of people without lists reads no child table (most people have none).
// A subquery in the columns, rather than a lateral join of the child rows, keeps the page one
// row a person and the statement one level: the join's nodes, set up at each execution and
// rescanned for every person, and its seven mostly-NULL columns a row were about a quarter of the
// backend's CPU for a district's page at 10 M people (pgbench, 175-251 against 120-183 µs).
constexpr const char* kChildren =
    ", CASE WHEN list_kinds & 2 <> 0 THEN (SELECT json_agg(json_build_array(weekday, "
    "start_minute, end_minute)) FROM person_availability a WHERE a.person_id = people.id) END "
    "AS availability, CASE WHEN list_kinds & 4 <> 0 THEN (SELECT json_agg(json_build_array(id, "
    "from_date, to_date, reason)) FROM person_unavailable u WHERE u.person_id = people.id) END "
    "AS unavailable";

// The person's slots of kChildren's availability, in the order SQLite's list gives them
// (person_store.cpp): by weekday and start.
std::vector<Slot> slots_of(std::string_view json) {
  std::vector<Slot> slots;
  for (const auto& s : core::Json::parse(json))
    slots.push_back({s.at(0).get<int>(), s.at(1).get<int>(), s.at(2).get<int>()});
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
    return std::pair(a.weekday, a.start_minute) < std::pair(b.weekday, b.start_minute);
  });
  return slots;
}

// The person's periods of kChildren's unavailable, by start, then by id (as SQLite's list).
std::vector<Absence> absences_of(std::string_view json) {
  std::vector<std::pair<std::int64_t, Absence>> rows;
  for (const auto& a : core::Json::parse(json))
    rows.push_back(
        {a.at(0).get<std::int64_t>(),
         {a.at(1).get<std::string>(), a.at(2).get<std::string>(),
          a.at(3).is_null() ? std::nullopt : std::optional(a.at(3).get<std::string>())}});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.from != b.second.from ? a.second.from < b.second.from : a.first < b.first;
  });
  std::vector<Absence> absences;
  for (auto& r : rows) absences.push_back(std::move(r.second));
  return absences;
}

}  // namespace

bool list_postgres(storage::Tx& tx, bool with_iin, std::string from, storage::Params params,
                   const core::ListParams& p, const std::vector<std::string>& guesses,
                   const std::vector<std::string>& regions, bool keys_first,
                   const std::function<void(ListedPerson&)>& f) {
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
      "SELECT people.id, family_name, given_name, patronymic, search_key, birth_date, " +
      std::string(with_iin ? "iin_sealed" : "''::text AS iin_sealed") +
      ", phone, email, region_id, status, created_at, updated_at, language, skills_text" +
      kChildren;
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
  // The rows of the page's ids, sorted again (a page's few rows).
  if (keys_first) page = columns + " FROM (" + page + ") k JOIN people USING (id)" + order;

  // Each row is given as it is read, its text a view of the driver's result.
  bool any = false;
  std::vector<Skill> skills;
  std::vector<Slot> slots;
  std::vector<Absence> absences;
  storage::each_row(tx, page, params, [&](const storage::RowCursor& r) {
    any = true;
    ListedPerson l;
    l.id = r.i64(0);
    l.family_name = r.text(1);
    l.given_name = r.text(2);
    l.patronymic = r.opt_view(3);
    l.search_key = r.text(4);
    l.birth_date = r.text(5);
    l.iin_sealed = r.text(6);
    l.phone = r.opt_view(7);
    l.email = r.opt_view(8);
    l.region_id = r.i64(9);
    l.status = r.text(10);
    l.created_at = r.i64(11);
    l.updated_at = r.i64(12);
    l.language = r.opt_view(13);
    skills.clear();
    if (!r.null(14) && !read_skills_text(r.text(14), skills))
      throw std::runtime_error("person " + std::to_string(l.id) +
                               ": the list's skills text is malformed");
    l.skills = skills;
    slots = r.null(15) ? std::vector<Slot>() : slots_of(r.text(15));
    l.availability = slots;
    absences = r.null(16) ? std::vector<Absence>() : absences_of(r.text(16));
    l.unavailable = absences;
    f(l);
  });
  return any || guesses.empty();
}

}  // namespace qorgan::registry::person_store
