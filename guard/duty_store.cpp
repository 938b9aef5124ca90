#include "guard/duty_store.hpp"

#include <map>

namespace qorgan::guard::duty_store {

namespace {

core::Json parse(const std::string& text) {
  auto j = core::Json::parse(text, nullptr, false);
  return j.is_discarded() ? core::Json() : j;
}

constexpr const char* kPostColumns =
    "SELECT id, facility_id, region_id, region_path, name, lat, lon, min_guards, target_guards, "
    "skills, sex, min_age, active_from, active_to, created_at, updated_at FROM guard_posts ";

DutyPost post_row(const storage::Row& r) {
  DutyPost p;
  p.id = r.i64(0);
  p.facility_id = r.i64(1);
  p.region_id = r.i64(2);
  p.region_path = r.str(3);
  p.name = r.str(4);
  p.lat = r.f64(5);
  p.lon = r.f64(6);
  p.min_guards = int(r.i64(7));
  p.target_guards = int(r.i64(8));
  for (const auto& s : parse(r.str(9)))
    if (s.is_string()) p.skills.push_back(s.get<std::string>());
  p.sex = r.opt_str(10);
  if (auto a = r.opt_i64(11)) p.min_age = int(*a);
  p.active_from = r.str(12);
  p.active_to = r.opt_str(13);
  p.created_at = r.i64(14);
  p.updated_at = r.i64(15);
  return p;
}

core::Json shifts_json(const std::vector<ShiftSpec>& shifts) {
  core::Json out = core::Json::array();
  for (const auto& s : shifts) out.push_back({{"start", s.start_minute}, {"minutes", s.minutes}});
  return out;
}

constexpr const char* kRosterColumns =
    "SELECT id, region_id, region_path, from_date, days, solver, rules, status, progress, error, "
    "summary, state, version, created_by, created_by_id, created_at, started_at, finished_at, "
    "updated_at FROM guard_rosters ";

RosterRun roster_row(const storage::Row& r) {
  RosterRun x;
  x.id = r.i64(0);
  x.region_id = r.opt_i64(1);
  x.region_path = r.str(2);
  x.from_date = r.str(3);
  x.days = int(r.i64(4));
  x.solver = r.str(5);
  x.rules = parse(r.str(6));
  x.status = r.str(7);
  x.progress = r.f64(8);
  x.error = r.opt_str(9);
  if (auto s = r.opt_str(10)) x.summary = parse(*s);
  x.state = r.str(11);
  x.version = int(r.i64(12));
  x.created_by = r.str(13);
  x.created_by_id = r.opt_i64(14);
  x.created_at = r.i64(15);
  x.started_at = r.opt_i64(16);
  x.finished_at = r.opt_i64(17);
  x.updated_at = r.i64(18);
  return x;
}

// The assignments current at version $V (placeholder text given).
std::string current_at(const std::string& v) {
  return "a.from_version <= " + v + " AND (a.to_version IS NULL OR a.to_version > " + v + ")";
}

}  // namespace

std::int64_t insert_post(storage::Tx& tx, const DutyPost& p) {
  core::Json skills = p.skills;
  return tx
      .one(
          "INSERT INTO guard_posts (facility_id, region_id, region_path, name, lat, lon, "
          "min_guards, target_guards, skills, sex, min_age, active_from, active_to, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
          "RETURNING id",
          {p.facility_id, p.region_id, p.region_path, p.name, p.lat, p.lon, p.min_guards,
           p.target_guards, skills.dump(), p.sex, p.min_age, p.active_from, p.active_to,
           p.created_at})
      .i64(0);
}

void update_post(storage::Tx& tx, const DutyPost& p) {
  core::Json skills = p.skills;
  tx.exec(
      "UPDATE guard_posts SET name = $2, lat = $3, lon = $4, min_guards = $5, target_guards = $6, "
      "skills = $7, sex = $8, min_age = $9, active_from = $10, active_to = $11, updated_at = $12 "
      "WHERE id = $1",
      {p.id, p.name, p.lat, p.lon, p.min_guards, p.target_guards, skills.dump(), p.sex, p.min_age,
       p.active_from, p.active_to, p.updated_at});
}

std::optional<DutyPost> post(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(std::string(kPostColumns) + "WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return post_row(*r);
}

std::vector<DutyPost> posts(storage::Tx& tx, const std::string& prefix,
                            std::optional<std::int64_t> facility, std::int64_t after, int limit) {
  std::vector<DutyPost> out;
  for (const auto& r :
       tx.query(std::string(kPostColumns) + "WHERE id > $1 AND substr(region_path, 1, $2) = $3 AND "
                                            "($4 = 0 OR facility_id = $4) ORDER BY id LIMIT $5",
                {after, std::int64_t(prefix.size()), prefix, facility.value_or(0),
                 std::int64_t(limit) + 1}))
    out.push_back(post_row(r));
  return out;
}

std::vector<DutyPost> active_posts(storage::Tx& tx, const std::string& prefix,
                                   const std::string& from, const std::string& to) {
  std::vector<DutyPost> out;
  for (const auto& r : tx.query(std::string(kPostColumns) +
                                    "WHERE substr(region_path, 1, $1) = $2 AND active_from <= $4 "
                                    "AND (active_to IS NULL OR active_to >= $3) ORDER BY id",
                                {std::int64_t(prefix.size()), prefix, from, to}))
    out.push_back(post_row(r));
  return out;
}

std::int64_t insert_pattern(storage::Tx& tx, const Pattern& p) {
  return tx
      .one(
          "INSERT INTO guard_patterns (post_id, label, shifts, valid_from, created_at) VALUES "
          "($1, $2, $3, $4, $5) RETURNING id",
          {p.post_id, p.label, shifts_json(p.shifts).dump(), p.valid_from, p.created_at})
      .i64(0);
}

std::vector<Pattern> patterns(storage::Tx& tx, std::int64_t post_id) {
  std::vector<Pattern> out;
  for (const auto& r :
       tx.query("SELECT id, post_id, label, shifts, valid_from, created_at FROM guard_patterns "
                "WHERE post_id = $1 ORDER BY valid_from",
                {post_id})) {
    Pattern p;
    p.id = r.i64(0);
    p.post_id = r.i64(1);
    p.label = r.str(2);
    for (const auto& s : parse(r.str(3)))
      p.shifts.push_back({s.value("start", 0), s.value("minutes", 0)});
    p.valid_from = r.str(4);
    p.created_at = r.i64(5);
    out.push_back(std::move(p));
  }
  return out;
}

bool pattern_exists(storage::Tx& tx, std::int64_t post_id, const std::string& valid_from) {
  return tx
      .maybe("SELECT 1 FROM guard_patterns WHERE post_id = $1 AND valid_from = $2",
             {post_id, valid_from})
      .has_value();
}

bool add_facility_unit(storage::Tx& tx, std::int64_t facility, std::int64_t unit,
                       std::int64_t now) {
  if (tx.maybe("SELECT 1 FROM guard_facility_units WHERE facility_id = $1 AND unit_id = $2",
               {facility, unit}))
    return false;
  tx.exec("INSERT INTO guard_facility_units (facility_id, unit_id, created_at) VALUES ($1, $2, $3)",
          {facility, unit, now});
  return true;
}

bool remove_facility_unit(storage::Tx& tx, std::int64_t facility, std::int64_t unit) {
  return tx.exec("DELETE FROM guard_facility_units WHERE facility_id = $1 AND unit_id = $2",
                 {facility, unit}) > 0;
}

std::vector<FacilityUnit> facility_units(storage::Tx& tx, std::optional<std::int64_t> facility) {
  std::vector<FacilityUnit> out;
  for (const auto& r : tx.query(
           "SELECT facility_id, unit_id FROM guard_facility_units WHERE $1 = 0 OR facility_id = $1 "
           "ORDER BY facility_id, unit_id",
           {facility.value_or(0)}))
    out.push_back({r.i64(0), r.i64(1), {}});
  return out;
}

std::int64_t insert_roster(storage::Tx& tx, const RosterRun& r) {
  return tx
      .one(
          "INSERT INTO guard_rosters (region_id, region_path, from_date, days, solver, rules, "
          "status, created_by, created_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
          "$6, 'queued', $7, $8, $9, $9) RETURNING id",
          {r.region_id, r.region_path, r.from_date, r.days, r.solver, r.rules.dump(), r.created_by,
           r.created_by_id, r.created_at})
      .i64(0);
}

std::optional<RosterRun> roster(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(std::string(kRosterColumns) + "WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return roster_row(*r);
}

std::vector<RosterRun> rosters(storage::Tx& tx, const std::string& prefix, std::int64_t after,
                               int limit) {
  // Newest first: `after` is the last id of the previous page (0: from the newest).
  std::vector<RosterRun> out;
  for (const auto& r :
       tx.query(std::string(kRosterColumns) +
                    "WHERE ($1 = 0 OR id < $1) AND substr(region_path, 1, $2) = $3 "
                    "ORDER BY id DESC LIMIT $4",
                {after, std::int64_t(prefix.size()), prefix, std::int64_t(limit) + 1}))
    out.push_back(roster_row(r));
  return out;
}

std::vector<std::int64_t> queued_rosters(storage::Tx& tx, int limit) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.query(
           "SELECT id FROM guard_rosters WHERE status = 'queued' ORDER BY id LIMIT $1", {limit}))
    out.push_back(r.i64(0));
  return out;
}

std::vector<std::int64_t> running_rosters(storage::Tx& tx) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.query("SELECT id FROM guard_rosters WHERE status = 'running'"))
    out.push_back(r.i64(0));
  return out;
}

bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET status = 'running', progress = 0, started_at = $2, "
             "updated_at = $2 WHERE id = $1 AND status = 'queued'",
             {id, now}) == 1;
}

bool set_progress(storage::Tx& tx, std::int64_t id, double progress, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET progress = $2, updated_at = $3 WHERE id = $1 AND status = "
             "'running'",
             {id, progress, now}) == 1;
}

bool finish(storage::Tx& tx, std::int64_t id, const core::Json& summary, const core::Json& posts,
            std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET status = 'done', progress = 1, summary = $2, posts = $3, "
             "version = 1, finished_at = $4, updated_at = $4 WHERE id = $1 AND status = 'running'",
             {id, summary.dump(), posts.dump(), now}) == 1;
}

bool fail_running(storage::Tx& tx, std::int64_t id, const std::string& error, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET status = 'failed', error = $2, finished_at = $3, "
             "updated_at = $3 WHERE id = $1 AND status = 'running'",
             {id, error, now}) == 1;
}

bool requeue(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET status = 'queued', progress = 0, updated_at = $2 WHERE id = "
             "$1 AND status = 'running'",
             {id, now}) == 1;
}

bool cancel(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET status = 'cancelled', finished_at = $2, updated_at = $2 "
             "WHERE id = $1 AND status IN ('queued', 'running')",
             {id, now}) == 1;
}

std::optional<std::string> status_of(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe("SELECT status FROM guard_rosters WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return r->str(0);
}

std::optional<std::string> roster_posts(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe("SELECT posts FROM guard_rosters WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return r->opt_str(0);
}

bool publish(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET state = 'published', updated_at = $2 WHERE id = $1 AND "
             "status = 'done' AND state = 'draft'",
             {id, now}) == 1;
}

bool bump_version(storage::Tx& tx, std::int64_t id, int from, int to, std::int64_t now) {
  return tx.exec(
             "UPDATE guard_rosters SET version = $3, updated_at = $4 WHERE id = $1 AND version = "
             "$2",
             {id, from, to, now}) == 1;
}

void insert_shifts(storage::Tx& tx, std::vector<RosterShift>& shifts) {
  if (shifts.empty()) return;
  storage::Params values;
  values.reserve(shifts.size() * 10);
  for (const auto& s : shifts) {
    values.emplace_back(s.roster_id);
    values.emplace_back(s.post_id);
    values.emplace_back(s.model_post);
    values.emplace_back(s.day);
    values.emplace_back(s.starts_at);
    values.emplace_back(s.ends_at);
    values.emplace_back(s.min_guards);
    values.emplace_back(s.target_guards);
    values.emplace_back(s.reason);
  }
  auto ids = tx.insert_rows(
      "guard_roster_shifts (roster_id, post_id, model_post, day, starts_at, ends_at, min_guards, "
      "target_guards, reason)",
      9, values);
  for (std::size_t i = 0; i < shifts.size(); ++i) shifts[i].id = ids[i];
}

void insert_assignments(storage::Tx& tx, std::int64_t roster, int version,
                        const std::vector<std::pair<std::int64_t, std::int64_t>>& shift_person) {
  if (shift_person.empty()) return;
  storage::Params values;
  values.reserve(shift_person.size() * 4);
  for (const auto& [shift, person] : shift_person) {
    values.emplace_back(roster);
    values.emplace_back(shift);
    values.emplace_back(person);
    values.emplace_back(version);
  }
  tx.insert_rows("guard_assignments (roster_id, shift_id, person_id, from_version)", 4, values);
}

bool end_assignment(storage::Tx& tx, std::int64_t roster, std::int64_t shift, std::int64_t person,
                    int version) {
  return tx.exec(
             "UPDATE guard_assignments SET to_version = $4 WHERE roster_id = $1 AND shift_id = $2 "
             "AND person_id = $3 AND to_version IS NULL",
             {roster, shift, person, version}) == 1;
}

std::vector<RosterShift> shifts(storage::Tx& tx, std::int64_t roster, int version,
                                std::optional<std::int64_t> post, std::optional<std::int64_t> from,
                                std::optional<std::int64_t> to) {
  std::vector<RosterShift> out;
  std::map<std::int64_t, std::size_t> at;
  storage::Params params{roster, post.value_or(0), from.value_or(INT64_MIN),
                         to.value_or(INT64_MAX)};
  const std::string where =
      "s.roster_id = $1 AND ($2 = 0 OR s.post_id = $2) AND s.starts_at >= $3 AND s.starts_at < $4";
  for (const auto& r :
       tx.query("SELECT s.id, s.roster_id, s.post_id, s.model_post, s.day, s.starts_at, "
                "s.ends_at, s.min_guards, s.target_guards, s.reason FROM guard_roster_shifts s "
                "WHERE " +
                    where + " ORDER BY s.starts_at, s.post_id, s.id",
                params)) {
    RosterShift s;
    s.id = r.i64(0);
    s.roster_id = r.i64(1);
    s.post_id = r.i64(2);
    s.model_post = r.str(3);
    s.day = r.str(4);
    s.starts_at = r.i64(5);
    s.ends_at = r.i64(6);
    s.min_guards = int(r.i64(7));
    s.target_guards = int(r.i64(8));
    s.reason = r.opt_str(9);
    at[s.id] = out.size();
    out.push_back(std::move(s));
  }
  params.emplace_back(version);
  for (const auto& r :
       tx.query("SELECT a.shift_id, a.person_id FROM guard_assignments a JOIN guard_roster_shifts "
                "s ON s.id = a.shift_id WHERE " +
                    where + " AND " + current_at("$5") + " ORDER BY a.shift_id, a.person_id",
                params))
    if (auto it = at.find(r.i64(0)); it != at.end()) out[it->second].guards.push_back(r.i64(1));
  return out;
}

std::optional<RosterShift> shift(storage::Tx& tx, std::int64_t roster, std::int64_t shift_id,
                                 int version) {
  auto r = tx.maybe(
      "SELECT starts_at, post_id FROM guard_roster_shifts WHERE id = $1 AND "
      "roster_id = $2",
      {shift_id, roster});
  if (!r) return std::nullopt;
  for (auto& s : shifts(tx, roster, version, r->i64(1), r->i64(0), r->i64(0) + 1))
    if (s.id == shift_id) return std::move(s);
  return std::nullopt;
}

void insert_version(storage::Tx& tx, const RosterVersion& v) {
  tx.exec(
      "INSERT INTO guard_roster_versions (roster_id, version, kind, change, created_by, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {v.roster_id, v.version, v.kind, v.change.dump(), v.created_by, v.created_at});
}

std::vector<RosterVersion> versions(storage::Tx& tx, std::int64_t roster) {
  std::vector<RosterVersion> out;
  for (const auto& r :
       tx.query("SELECT roster_id, version, kind, change, created_by, created_at FROM "
                "guard_roster_versions WHERE roster_id = $1 ORDER BY version",
                {roster}))
    out.push_back({r.i64(0), int(r.i64(1)), r.str(2), parse(r.str(3)), r.str(4), r.i64(5)});
  return out;
}

std::vector<Duty> duties(storage::Tx& tx, std::int64_t person, std::int64_t from, std::int64_t to,
                         bool drafts) {
  std::vector<Duty> out;
  for (const auto& r : tx.query(
           "SELECT s.roster_id, s.id, s.post_id, p.facility_id, p.name, s.day, g.state, "
           "s.starts_at, s.ends_at FROM guard_assignments a "
           "JOIN guard_roster_shifts s ON s.id = a.shift_id "
           "JOIN guard_rosters g ON g.id = a.roster_id JOIN guard_posts p ON p.id = s.post_id "
           "WHERE a.person_id = $1 AND g.status = 'done' AND ($4 = 1 OR g.state = 'published') "
           "AND s.starts_at >= $2 AND s.starts_at < $3 AND " +
               current_at("g.version") + " ORDER BY s.starts_at, s.id",
           {person, from, to, drafts}))
    out.push_back(
        {r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.str(4), r.str(5), r.str(6), r.i64(7), r.i64(8)});
  return out;
}

void set_calendar_token(storage::Tx& tx, std::int64_t person, const std::string& hash,
                        std::int64_t now) {
  tx.exec("DELETE FROM guard_calendar_tokens WHERE person_id = $1", {person});
  tx.exec(
      "INSERT INTO guard_calendar_tokens (person_id, token_hash, created_at) VALUES ($1, $2, $3)",
      {person, hash, now});
}

std::optional<std::int64_t> person_by_calendar_token(storage::Tx& tx, const std::string& hash) {
  auto r = tx.maybe("SELECT person_id FROM guard_calendar_tokens WHERE token_hash = $1", {hash});
  if (!r) return std::nullopt;
  return r->i64(0);
}

std::int64_t insert_sick_report(storage::Tx& tx, const SickReport& r) {
  return tx
      .one(
          "INSERT INTO guard_sick_reports (person_id, from_date, to_date, note, created_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {r.person_id, r.from_date, r.to_date, r.note, r.created_by, r.created_at})
      .i64(0);
}

namespace {

constexpr const char* kSickColumns =
    "SELECT id, person_id, from_date, to_date, note, created_by, created_at, status, closed_by, "
    "closed_at, closed_note FROM guard_sick_reports ";

SickReport sick_row(const storage::Row& r) {
  SickReport x;
  x.id = r.i64(0);
  x.person_id = r.i64(1);
  x.from_date = r.str(2);
  x.to_date = r.str(3);
  x.note = r.str(4);
  x.created_by = r.str(5);
  x.created_at = r.i64(6);
  x.status = r.str(7);
  x.closed_by = r.opt_str(8);
  x.closed_at = r.opt_i64(9);
  x.closed_note = r.opt_str(10);
  return x;
}

}  // namespace

std::vector<SickReport> sick_reports(storage::Tx& tx, const std::vector<std::int64_t>& people,
                                     const std::string& ends_from, int limit, bool filed_only) {
  std::string where = "to_date >= $1";
  if (filed_only) where += " AND status = 'filed'";
  storage::Params params{ends_from, limit};
  if (!people.empty()) {
    where += " AND person_id IN (";
    for (std::size_t i = 0; i < people.size(); ++i) {
      where += (i ? ", $" : "$") + std::to_string(params.size() + 1);
      params.push_back(people[i]);
    }
    where += ")";
  }
  std::vector<SickReport> out;
  for (const auto& r : tx.query(
           std::string(kSickColumns) + "WHERE " + where + " ORDER BY id DESC LIMIT $2", params))
    out.push_back(sick_row(r));
  return out;
}

std::optional<SickReport> sick_report(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(std::string(kSickColumns) + "WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return sick_row(*r);
}

bool close_sick_report(storage::Tx& tx, std::int64_t id, const std::string& status,
                       const std::string& by, std::int64_t at,
                       const std::optional<std::string>& note) {
  return tx.exec(
             "UPDATE guard_sick_reports SET status = $2, closed_by = $3, closed_at = $4, "
             "closed_note = $5 WHERE id = $1 AND status = 'filed'",
             {id, status, by, at, note}) == 1;
}

namespace {

constexpr const char* kSwapColumns =
    "q.id, q.roster_id, q.first_shift_id, q.first_person_id, q.second_shift_id, "
    "q.second_person_id, q.reason, q.status, q.requested_by, q.created_at, q.decided_by, "
    "q.decided_at, q.note, q.version, p1.name, s1.starts_at, p2.name, s2.starts_at FROM "
    "guard_swap_requests q JOIN guard_roster_shifts s1 ON s1.id = q.first_shift_id JOIN "
    "guard_posts p1 ON p1.id = s1.post_id JOIN guard_roster_shifts s2 ON s2.id = "
    "q.second_shift_id JOIN guard_posts p2 ON p2.id = s2.post_id";

SwapRequest swap_of(const storage::Row& r) {
  SwapRequest x;
  x.id = r.i64(0);
  x.roster_id = r.i64(1);
  x.first_shift_id = r.i64(2);
  x.first_person_id = r.i64(3);
  x.second_shift_id = r.i64(4);
  x.second_person_id = r.i64(5);
  x.reason = r.str(6);
  x.status = r.str(7);
  x.requested_by = r.str(8);
  x.created_at = r.i64(9);
  x.decided_by = r.opt_str(10);
  x.decided_at = r.opt_i64(11);
  x.note = r.opt_str(12);
  if (auto v = r.opt_i64(13)) x.version = int(*v);
  x.first_post = r.str(14);
  x.first_starts_at = r.i64(15);
  x.second_post = r.str(16);
  x.second_starts_at = r.i64(17);
  return x;
}

}  // namespace

std::int64_t insert_swap_request(storage::Tx& tx, const SwapRequest& r) {
  return tx
      .one(
          "INSERT INTO guard_swap_requests (roster_id, first_shift_id, first_person_id, "
          "second_shift_id, second_person_id, reason, status, requested_by, created_at) VALUES "
          "($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
          {r.roster_id, r.first_shift_id, r.first_person_id, r.second_shift_id, r.second_person_id,
           r.reason, r.status, r.requested_by, r.created_at})
      .i64(0);
}

std::optional<SwapRequest> swap_request(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(std::string("SELECT ") + kSwapColumns + " WHERE q.id = $1", {id});
  if (!r) return std::nullopt;
  return swap_of(*r);
}

std::vector<SwapRequest> swap_requests(storage::Tx& tx, const std::string& status, int limit) {
  std::vector<SwapRequest> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kSwapColumns +
                                    " WHERE ($1 = '' OR q.status = $1) ORDER BY q.id DESC LIMIT $2",
                                {status, limit}))
    out.push_back(swap_of(r));
  return out;
}

bool decide_swap_request(storage::Tx& tx, std::int64_t id, const std::string& status,
                         const std::string& by, std::int64_t at,
                         const std::optional<std::string>& note, std::optional<int> version) {
  return tx.exec(
             "UPDATE guard_swap_requests SET status = $2, decided_by = $3, decided_at = $4, "
             "note = $5, version = $6 WHERE id = $1 AND status = 'pending'",
             {id, status, by, at, note, version}) == 1;
}

bool pending_swap_for(storage::Tx& tx, std::int64_t shift, std::int64_t person) {
  return tx
      .maybe(
          "SELECT 1 FROM guard_swap_requests WHERE status = 'pending' AND ((first_shift_id = $1 "
          "AND first_person_id = $2) OR (second_shift_id = $1 AND second_person_id = $2))",
          {shift, person})
      .has_value();
}

}  // namespace qorgan::guard::duty_store
