#include "alerts/fan_out_store.hpp"

#include <algorithm>

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

std::vector<Job> undelivered(storage::Tx& tx) {
  return jobs(tx, "WHERE state = 'done' AND delivered_at IS NULL ORDER BY id", {});
}

bool set_delivered(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE alert_fan_outs SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL",
             {now, id}) > 0;
}

std::vector<Job> recent(storage::Tx& tx, int limit) {
  return jobs(tx, "ORDER BY id DESC LIMIT $1", {limit});
}

// The next batch comes from the regions' side: each of the job's codes gives its next `limit`
// subscriber ids after the cursor (a range of the index on (code, subscriber_id)); the first
// `limit` distinct ids of them all end at `upto`, and no id up to `upto` is missed (a code that
// gave `limit` ids has its last at or above `upto`). The subscribers themselves are then one
// range (cursor, upto] of the table's key, kept when confirmed by the cutoff and among the ids.
// This reads each reached subscriber once, where probing each subscriber's regions cost two index
// lookups a subscriber (most of the walk's time on PostgreSQL).
Walk next_recipients(storage::Tx& tx, const Job& j, int limit) {
  Walk w;
  w.upto = j.cursor;
  std::vector<std::int64_t> ids;
  bool more = false;
  for (const auto& c :
       tx.query("SELECT code FROM alert_fan_out_codes WHERE fan_out_id = $1", {j.id})) {
    auto rows = tx.query(
        "SELECT subscriber_id FROM alert_subscriber_regions WHERE code = $1 AND "
        "subscriber_id > $2 ORDER BY subscriber_id LIMIT $3",
        {c.str(0), j.cursor, limit});
    if (int(rows.size()) == limit) more = true;
    for (const auto& r : rows) ids.push_back(r.i64(0));
  }
  std::ranges::sort(ids);
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (int(ids.size()) > limit) {
    ids.resize(std::size_t(limit));
    more = true;
  }
  w.done = !more;
  if (ids.empty()) return w;
  w.upto = ids.back();
  auto rows = tx.query(
      "SELECT id, channel, language FROM alert_subscribers WHERE id > $1 AND id <= $2 AND "
      "status = 'confirmed' AND confirmed_at <= $3 ORDER BY id",
      {j.cursor, w.upto, j.cutoff});
  w.recipients.reserve(ids.size());
  for (const auto& r : rows)
    if (std::ranges::binary_search(ids, r.i64(0)))
      w.recipients.push_back({r.i64(0), r.str(1), r.str(2)});
  return w;
}

}  // namespace qorgan::alerts::fan_out_store
