#include "activation/activation_store.hpp"

#include <set>
#include <tuple>

#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::activation::activation_store {

namespace {

constexpr const char* kColumns =
    "id, plan_id, kind, phase, region_path, deadline_minutes, proposed_by, proposed_at, "
    "approved_by, ended_by, activated_at, deadline_at, ended_at";

Activation row(const storage::Row& r) {
  Activation a;
  a.id = r.i64(0);
  a.plan_id = r.i64(1);
  a.kind = kind_from(r.str(2)).value_or(Kind::exercise);
  a.phase = phase_from(r.str(3)).value_or(Phase::cancelled);
  a.region_path = r.str(4);
  a.deadline_minutes = r.i64(5);
  a.proposed_by = r.str(6);
  a.proposed_at = r.i64(7);
  a.approved_by = r.opt_str(8);
  a.ended_by = r.opt_str(9);
  a.activated_at = r.opt_i64(10);
  a.deadline_at = r.opt_i64(11);
  a.ended_at = r.opt_i64(12);
  return a;
}

constexpr const char* kNoticeColumns =
    "id, activation_id, person_id, unit_id, assembly_facility_id, person_name, code, status, "
    "reason, answered_at, arrived_at, arrived_facility_id, checked_in_by, language, delivered_at";

// Columns `at` to `at` + 14 (kNoticeColumns), read from the engine's row in place.
Notice notice_row(const storage::RowCursor& r, int at = 0) {
  Notice n;
  n.id = r.i64(at);
  n.activation_id = r.i64(at + 1);
  n.person_id = r.i64(at + 2);
  n.unit_id = r.i64(at + 3);
  n.assembly_facility_id = r.i64(at + 4);
  n.person_name = r.text(at + 5);
  n.code = r.text(at + 6);
  n.muster.status = muster_from(r.text(at + 7)).value_or(Muster::called);
  if (auto reason = r.opt_view(at + 8)) n.muster.reason = decline_reason_from(*reason);
  n.answered_at = r.opt_i64(at + 9);
  n.muster.arrived_at = r.opt_i64(at + 10);
  n.arrived_facility_id = r.opt_i64(at + 11);
  n.checked_in_by = r.opt_text(at + 12);
  n.language = r.text(at + 13);
  n.delivered_at = r.opt_i64(at + 14);
  return n;
}

// The notices `sql` (selecting kNoticeColumns) reads, in its order.
std::vector<Notice> notices_of(storage::Tx& tx, std::string_view sql,
                               const storage::Params& params) {
  std::vector<Notice> out;
  storage::each_row(tx, sql, params,
                    [&](const storage::RowCursor& r) { out.push_back(notice_row(r)); });
  return out;
}

std::optional<Notice> first_notice(storage::Tx& tx, std::string_view sql,
                                   const storage::Params& params) {
  std::optional<Notice> out;
  storage::each_row(tx, sql, params, [&](const storage::RowCursor& r) {
    if (!out) out = notice_row(r);
  });
  return out;
}

std::optional<std::string> reason_text(const Notice& n) {
  if (!n.muster.reason) return std::nullopt;
  return std::string(to_string(*n.muster.reason));
}

}  // namespace

std::optional<Activation> get(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(std::string("SELECT ") + kColumns + " FROM activations WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return row(*r);
}

std::vector<Activation> list(storage::Tx& tx, const std::string& path_prefix, int limit) {
  std::vector<Activation> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kColumns +
                                    " FROM activations WHERE substr(region_path, 1, $1) = $2 "
                                    "ORDER BY id DESC LIMIT $3",
                                {std::int64_t(path_prefix.size()), path_prefix, limit}))
    out.push_back(row(r));
  return out;
}

std::int64_t insert(storage::Tx& tx, const Activation& a) {
  return tx
      .one(
          "INSERT INTO activations (plan_id, kind, phase, region_path, deadline_minutes, "
          "proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {a.plan_id, std::string(to_string(a.kind)), std::string(to_string(a.phase)),
           a.region_path, a.deadline_minutes, a.proposed_by, a.proposed_at})
      .i64(0);
}

void update(storage::Tx& tx, const Activation& a) {
  tx.exec(
      "UPDATE activations SET phase = $2, approved_by = $3, ended_by = $4, activated_at = $5, "
      "deadline_at = $6, ended_at = $7 WHERE id = $1",
      {a.id, std::string(to_string(a.phase)), a.approved_by, a.ended_by, a.activated_at,
       a.deadline_at, a.ended_at});
}

std::map<std::string, std::int64_t> counts(storage::Tx& tx, std::int64_t activation_id) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT status, SUM(people) FROM activation_muster_counts WHERE activation_id = $1 "
                "GROUP BY status HAVING SUM(people) > 0",
                {activation_id}))
    out[r.str(0)] = r.i64(1);
  return out;
}

bool plan_has_activations(storage::Tx& tx, std::int64_t plan_id) {
  return tx.maybe("SELECT 1 FROM activations WHERE plan_id = $1 LIMIT 1", {plan_id}).has_value();
}

void insert_notices(storage::Tx& tx, std::vector<Notice>& notices) {
  if (notices.empty()) return;
  storage::Params values;
  values.reserve(notices.size() * 8);
  for (const auto& n : notices) {
    values.emplace_back(n.activation_id);
    values.emplace_back(n.person_id);
    values.emplace_back(n.unit_id);
    values.emplace_back(n.assembly_facility_id);
    values.emplace_back(n.person_name);
    values.emplace_back(n.code);
    values.emplace_back(std::string(to_string(n.muster.status)));
    values.emplace_back(n.language);
  }
  auto ids = tx.insert_rows(
      "activation_notices (activation_id, person_id, unit_id, assembly_facility_id, person_name, "
      "code, status, language)",
      8, values);
  for (std::size_t i = 0; i < notices.size(); ++i) notices[i].id = ids.at(i);
  // Counted here once per unit and status rather than by a row trigger (migration 0097): on
  // SQLite a trigger makes every row's insert keep a statement journal of the pages it touches,
  // gigabytes of temporary-file writes for an approval of 100,000 notices.
  std::map<std::tuple<std::int64_t, std::int64_t, std::string>, std::int64_t> added;
  for (const auto& n : notices)
    ++added[{n.activation_id, n.unit_id, std::string(to_string(n.muster.status))}];
  // Several groups a statement (a round trip each on PostgreSQL), in a few fixed sizes so that
  // each engine prepares few statement texts.
  auto group = added.begin();
  std::size_t left = added.size();
  for (std::size_t size : {std::size_t(64), std::size_t(8), std::size_t(1)})
    for (; left >= size; left -= size) {
      storage::Params params;
      std::string rows;
      for (std::size_t i = 0; i < size; ++i, ++group) {
        const auto& [key, people] = *group;
        rows += std::string(i ? ", (" : "(") + storage::param(params, std::get<0>(key)) + ", " +
                storage::param(params, std::get<1>(key)) + ", " +
                storage::param(params, std::get<2>(key)) + ", " + storage::param(params, people) +
                ")";
      }
      tx.exec(
          "INSERT INTO activation_muster_counts (activation_id, unit_id, status, people) VALUES " +
              rows +
              " ON CONFLICT (activation_id, unit_id, status) DO UPDATE SET people = "
              "activation_muster_counts.people + excluded.people",
          params);
    }
}

MusterTallies muster_tallies(storage::Tx& tx, std::int64_t activation_id) {
  // The counts are kept per unit and status (migration 0090); only the arrivals, for their
  // times, are read from the notices, from an index of the arrivals alone, in its order and
  // row by row: every check-in adds one, so a region's readiness during a large activation
  // reads tens of thousands. Each row is one time appended; a unit's run is marked once.
  MusterTallies out;
  storage::each_row(
      tx,
      "SELECT unit_id, arrived_at FROM activation_notices WHERE activation_id = $1 AND status = "
      "'arrived' AND arrived_at IS NOT NULL ORDER BY unit_id, arrived_at",
      {activation_id}, [&](const storage::RowCursor& r) {
        const std::int64_t unit_id = r.i64(0);
        if (out.arrivals.empty() || out.arrivals.back().unit_id != unit_id)
          out.arrivals.push_back({unit_id, out.times.size(), out.times.size()});
        out.times.push_back(r.i64(1));
        out.arrivals.back().end = out.times.size();
      });
  storage::each_row(
      tx,
      "SELECT unit_id, status, people FROM activation_muster_counts WHERE "
      "activation_id = $1 AND people > 0 ORDER BY unit_id, status",
      {activation_id}, [&](const storage::RowCursor& r) {
        out.counts.push_back({r.i64(0), muster_from(r.text(1)).value_or(Muster::called), r.i64(2)});
      });
  return out;
}

std::vector<Notice> notices(storage::Tx& tx, std::int64_t activation_id,
                            const std::vector<std::string>& statuses, std::int64_t after_id,
                            int limit) {
  storage::Params params{activation_id, after_id, std::int64_t(limit)};
  std::string in;
  for (const auto& s : statuses) in += (in.empty() ? "" : ", ") + storage::param(params, s);
  return notices_of(tx,
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM activation_notices WHERE activation_id = $1 AND id > $2" +
                        (in.empty() ? "" : " AND status IN (" + in + ")") + " ORDER BY id LIMIT $3",
                    params);
}

std::vector<Notice> all_notices(storage::Tx& tx, std::int64_t activation_id) {
  return notices_of(tx,
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM activation_notices WHERE activation_id = $1 ORDER BY id",
                    {activation_id});
}

// PostgreSQL locks the row read for a change until the transaction ends, so that a concurrent
// change of the same notice waits and then reads this one's result (SQLite has one writer).
namespace {
std::string locking(storage::Tx& tx, bool for_update) {
  return for_update && tx.engine() == storage::Engine::postgres ? " FOR UPDATE" : "";
}
}  // namespace

std::optional<Notice> notice(storage::Tx& tx, std::int64_t activation_id, std::int64_t id,
                             bool for_update) {
  return first_notice(tx,
                      std::string("SELECT ") + kNoticeColumns +
                          " FROM activation_notices WHERE activation_id = $1 AND id = $2" +
                          locking(tx, for_update),
                      {activation_id, id});
}

std::optional<Notice> notice_by_code(storage::Tx& tx, std::int64_t activation_id,
                                     const std::string& code, bool for_update) {
  return first_notice(tx,
                      std::string("SELECT ") + kNoticeColumns +
                          " FROM activation_notices WHERE activation_id = $1 AND code = $2" +
                          locking(tx, for_update),
                      {activation_id, code});
}

std::optional<NoticeToCheckIn> notice_to_check_in(storage::Tx& tx, std::int64_t activation_id,
                                                  const std::string& code) {
  static constexpr const char* kSql =
      "SELECT a.phase, a.region_path, n.id, n.activation_id, n.person_id, n.unit_id, "
      "n.assembly_facility_id, n.person_name, n.code, n.status, n.reason, n.answered_at, "
      "n.arrived_at, n.arrived_facility_id, n.checked_in_by, n.language, n.delivered_at FROM "
      "activation_notices n JOIN activations a ON a.id = n.activation_id WHERE n.activation_id = "
      "$1 AND n.code = $2";
  static const std::string locked = std::string(kSql) + " FOR UPDATE OF n";
  std::optional<NoticeToCheckIn> out;
  storage::each_row(tx, tx.engine() == storage::Engine::postgres ? std::string_view(locked) : kSql,
                    {activation_id, code}, [&](const storage::RowCursor& r) {
                      out = NoticeToCheckIn{phase_from(r.text(0)).value_or(Phase::cancelled),
                                            std::string(r.text(1)), notice_row(r, 2)};
                    });
  return out;
}

void update_notice(storage::Tx& tx, const Notice& n) {
  tx.exec(
      "UPDATE activation_notices SET status = $2, reason = $3, answered_at = $4, arrived_at = $5, "
      "arrived_facility_id = $6, checked_in_by = $7 WHERE id = $1",
      {n.id, std::string(to_string(n.muster.status)), reason_text(n), n.answered_at,
       n.muster.arrived_at, n.arrived_facility_id, n.checked_in_by});
}

std::vector<Activation> active_at(storage::Tx& tx, std::int64_t facility_id,
                                  const std::string& path_prefix) {
  std::vector<Activation> out;
  for (const auto& r : tx.query(
           std::string("SELECT ") + kColumns +
               " FROM activations WHERE phase = 'active' AND substr(region_path, 1, $1) = $2 AND "
               "id IN (SELECT activation_id FROM activation_notices WHERE assembly_facility_id = "
               "$3 UNION SELECT activation_id FROM activation_notices WHERE arrived_facility_id = "
               "$3) ORDER BY id",
           {std::int64_t(path_prefix.size()), path_prefix, facility_id}))
    out.push_back(row(r));
  return out;
}

std::vector<Notice> notices_at(storage::Tx& tx, std::int64_t activation_id,
                               std::int64_t facility_id) {
  return notices_of(
      tx,
      std::string("SELECT ") + kNoticeColumns +
          " FROM activation_notices WHERE activation_id = $1 AND "
          "(assembly_facility_id = $2 OR arrived_facility_id = $2) ORDER BY person_name, id",
      {activation_id, facility_id});
}

std::optional<std::int64_t> activation_with_code(storage::Tx& tx, const std::string& code,
                                                 const std::string& path_prefix,
                                                 std::int64_t facility_id) {
  auto r = tx.maybe(
      "SELECT a.id FROM activation_notices n JOIN activations a ON a.id = n.activation_id "
      "WHERE n.code = $1 AND substr(a.region_path, 1, $2) = $3 ORDER BY CASE WHEN "
      "n.assembly_facility_id = $4 THEN 0 ELSE 1 END, CASE WHEN a.phase = 'active' THEN 0 ELSE 1 "
      "END, a.id DESC LIMIT 1",
      {code, std::int64_t(path_prefix.size()), path_prefix, facility_id});
  if (!r) return std::nullopt;
  return r->i64(0);
}

bool arrive(storage::Tx& tx, const Notice& n) {
  return tx.exec(
             "UPDATE activation_notices SET status = $2, reason = $3, arrived_at = $4, "
             "arrived_facility_id = $5, checked_in_by = $6 WHERE id = $1 AND status <> 'arrived'",
             {n.id, std::string(to_string(n.muster.status)), reason_text(n), n.muster.arrived_at,
              n.arrived_facility_id, n.checked_in_by}) == 1;
}

bool set_delivered(storage::Tx& tx, std::int64_t activation_id, std::int64_t notice_id,
                   std::int64_t at) {
  // on_delivered as one statement, so that an answer or a check-in stored meanwhile stands.
  return tx.exec(
             "UPDATE activation_notices SET delivered_at = COALESCE(delivered_at, $3), status = "
             "CASE WHEN status = 'called' THEN 'reached' ELSE status END WHERE id = $2 AND "
             "activation_id = $1",
             {activation_id, notice_id, at}) == 1;
}

std::vector<std::int64_t> exercise_attendees(storage::Tx& tx, std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  // By activation and status first: a join let SQLite walk every notice of every activation
  // (100,000 of a real one) on each readiness request.
  for (const auto& r : tx.query(
           "SELECT DISTINCT person_id FROM activation_notices WHERE activation_id IN (SELECT id "
           "FROM activations WHERE kind = 'exercise') AND status = 'arrived' AND arrived_at >= $1 "
           "AND arrived_at < $2 ORDER BY person_id",
           {from, to}))
    out.push_back(r.i64(0));
  return out;
}

std::int64_t mark_overdue(storage::Tx& tx, std::int64_t activation_id) {
  return tx.exec(
      "UPDATE activation_notices SET status = 'overdue' WHERE activation_id = $1 AND status IN "
      "('called', 'reached', 'confirmed')",
      {activation_id});
}

std::optional<Notice> notice_by_id(storage::Tx& tx, std::int64_t id) {
  return first_notice(
      tx, std::string("SELECT ") + kNoticeColumns + " FROM activation_notices WHERE id = $1", {id});
}

std::vector<Notice> notices_of_unit(storage::Tx& tx, std::int64_t activation_id,
                                    std::int64_t unit_id) {
  return notices_of(tx,
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM activation_notices WHERE activation_id = $1 AND "
                        "unit_id = $2 ORDER BY person_name, id",
                    {activation_id, unit_id});
}

std::vector<Notice> notices_by_code(storage::Tx& tx, const std::string& code) {
  return notices_of(tx,
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM activation_notices WHERE code = $1 ORDER BY id DESC "
                        "LIMIT 20",
                    {code});
}

std::vector<Notice> notices_of_person(storage::Tx& tx, std::int64_t person_id, int limit) {
  return notices_of(tx,
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM activation_notices WHERE person_id = $1 ORDER BY id "
                        "DESC LIMIT $2",
                    {person_id, std::int64_t(limit)});
}

std::set<std::string> active_codes(storage::Tx& tx) {
  std::set<std::string> out;
  for (const auto& r : tx.query(
           "SELECT n.code FROM activation_notices n JOIN activations a ON a.id = n.activation_id "
           "WHERE a.phase IN ('proposed', 'active')",
           {}))
    out.insert(r.str(0));
  return out;
}

std::vector<Notice> unanswered(storage::Tx& tx, std::int64_t activation_id,
                               std::optional<std::int64_t> unit_id) {
  return notices_of(
      tx,
      std::string("SELECT ") + kNoticeColumns +
          " FROM activation_notices WHERE activation_id = $1 AND ($2 = 0 OR unit_id = "
          "$2) AND answered_at IS NULL AND status IN ('called', 'reached', 'overdue') "
          "ORDER BY id",
      {activation_id, unit_id.value_or(0)});
}

std::optional<std::int64_t> last_reminder(storage::Tx& tx, std::int64_t activation_id,
                                          std::optional<std::int64_t> unit_id) {
  auto r = tx.maybe(
      "SELECT MAX(sent_at) FROM activation_reminders WHERE activation_id = $1 AND (unit_id IS "
      "NULL OR $2 = 0 OR unit_id = $2)",
      {activation_id, unit_id.value_or(0)});
  if (!r) return std::nullopt;
  return r->opt_i64(0);
}

void insert_reminder(storage::Tx& tx, std::int64_t activation_id,
                     std::optional<std::int64_t> unit_id, const std::string& by, std::int64_t at,
                     std::int64_t messages) {
  tx.exec(
      "INSERT INTO activation_reminders (activation_id, unit_id, sent_by, sent_at, messages) "
      "VALUES ($1, $2, $3, $4, $5)",
      {activation_id, unit_id, by, at, messages});
}

}  // namespace qorgan::activation::activation_store
