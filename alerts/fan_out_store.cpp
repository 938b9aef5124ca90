#include "alerts/fan_out_store.hpp"

namespace qorgan::alerts::fan_out_store {

namespace {

constexpr const char* kColumns =
    "id, alert_id, msg_type, identifier, cap_status, request, state, cutoff, cursor, enqueued, "
    "created_at, updated_at, done_at, bodies";

Job from_row(const storage::Row& r) {
  Job j;
  j.id = r.i64(0);
  j.alert_id = r.i64(1);
  j.msg_type = r.str(2);
  j.identifier = r.str(3);
  j.cap_status = r.str(4);
  j.request = r.str(5);
  j.state = r.str(6);
  j.cutoff = r.i64(7);
  j.cursor = r.i64(8);
  j.enqueued = r.i64(9);
  j.created_at = r.i64(10);
  j.updated_at = r.i64(11);
  j.done_at = r.opt_i64(12);
  j.bodies = r.opt_str(13).value_or("");
  return j;
}

std::vector<Job> jobs(storage::Tx& tx, const std::string& tail, const storage::Params& params) {
  std::vector<Job> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kColumns + " FROM alert_fan_outs " + tail, params))
    out.push_back(from_row(r));
  return out;
}

}  // namespace

bool exists(storage::Tx& tx, std::int64_t alert_id, const std::string& msg_type) {
  return tx
      .maybe("SELECT 1 FROM alert_fan_outs WHERE alert_id = $1 AND msg_type = $2",
             {alert_id, msg_type})
      .has_value();
}

std::int64_t insert(storage::Tx& tx, const Job& j, const std::vector<std::string>& codes) {
  auto id = tx.one(
                  "INSERT INTO alert_fan_outs (alert_id, msg_type, identifier, cap_status, "
                  "request, cutoff, cursor, enqueued, state, created_at, updated_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 'running', $6, $6) RETURNING id",
                  {j.alert_id, j.msg_type, j.identifier, j.cap_status, j.request, j.cutoff})
                .i64(0);
  for (const auto& c : codes)
    tx.exec("INSERT INTO alert_fan_out_codes (fan_out_id, code) VALUES ($1, $2)", {id, c});
  return id;
}

std::optional<Job> get(storage::Tx& tx, std::int64_t id) {
  auto rows = jobs(tx, "WHERE id = $1", {id});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<std::int64_t> running(storage::Tx& tx) {
  std::vector<std::int64_t> ids;
  for (const auto& r :
       tx.query("SELECT id FROM alert_fan_outs WHERE state = 'running' ORDER BY id"))
    ids.push_back(r.i64(0));
  return ids;
}

void advance(storage::Tx& tx, std::int64_t id, std::int64_t cursor, std::int64_t added, bool done,
             std::int64_t now) {
  tx.exec(
      "UPDATE alert_fan_outs SET cursor = $1, enqueued = enqueued + $2, state = $3, "
      "updated_at = $4, done_at = $5 WHERE id = $6",
      {cursor, added, done ? "done" : "running", now,
       done ? storage::Value(now) : storage::Value(nullptr), id});
}

void set_bodies(storage::Tx& tx, std::int64_t id, const std::string& bodies) {
  tx.exec("UPDATE alert_fan_outs SET bodies = $1 WHERE id = $2", {bodies, id});
}

std::vector<Job> of_alert(storage::Tx& tx, std::int64_t alert_id) {
  return jobs(tx, "WHERE alert_id = $1 ORDER BY id", {alert_id});
}

std::vector<Job> recent(storage::Tx& tx, int limit) {
  return jobs(tx, "ORDER BY id DESC LIMIT $1", {limit});
}

// The next batch walks the subscribers from the cursor in id order and looks each one's regions
// up by key. On PostgreSQL the regions are a scalar subquery rather than EXISTS, which the planner
// may turn into a join that reads the whole region table for every batch (a fresh job's codes have
// no statistics yet); SQLite runs EXISTS per row as wanted, and faster.
std::vector<Recipient> next_recipients(storage::Tx& tx, const Job& j, int limit) {
  std::vector<Recipient> out;
  const bool postgres = tx.engine() == storage::Engine::postgres;
  auto rows = tx.query(
      postgres ? "SELECT s.id, s.channel, s.language FROM alert_subscribers s "
                 "WHERE s.status = 'confirmed' AND s.id > $1 AND s.confirmed_at <= $2 AND ("
                 "SELECT 1 FROM alert_subscriber_regions r JOIN alert_fan_out_codes c "
                 "ON c.fan_out_id = $3 AND c.code = r.code WHERE r.subscriber_id = s.id LIMIT 1) "
                 "IS NOT NULL ORDER BY s.id LIMIT $4"
               : "SELECT s.id, s.channel, s.language FROM alert_subscribers s "
                 "WHERE s.status = 'confirmed' AND s.id > $1 AND s.confirmed_at <= $2 AND EXISTS ("
                 "SELECT 1 FROM alert_subscriber_regions r JOIN alert_fan_out_codes c "
                 "ON c.fan_out_id = $3 AND c.code = r.code WHERE r.subscriber_id = s.id) "
                 "ORDER BY s.id LIMIT $4",
      {j.cursor, j.cutoff, j.id, limit});
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.i64(0), r.str(1), r.str(2)});
  return out;
}

}  // namespace qorgan::alerts::fan_out_store
