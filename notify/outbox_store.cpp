#include "notify/outbox_store.hpp"

#include <set>

#include "core/json.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::notify::outbox_store {

namespace {

constexpr const char* kColumns =
    "id, channel, recipient, subject, body, html, reference, kind, status, attempts, last_error, "
    "next_attempt_at, created_at, updated_at, sent_at, list_unsubscribe, body_id";

Message from_row(const storage::Row& r) {
  Message m;
  m.id = r.i64(0);
  m.channel = r.str(1);
  m.recipient = r.str(2);
  m.subject = r.str(3);
  m.text = r.str(4);
  m.html = r.opt_str(5);
  m.reference = r.str(6);
  m.kind = r.str(7);
  m.status = r.str(8);
  m.attempts = int(r.i64(9));
  m.last_error = r.opt_str(10);
  m.next_attempt_at = r.i64(11);
  m.created_at = r.i64(12);
  m.updated_at = r.i64(13);
  m.sent_at = r.opt_i64(14);
  m.list_unsubscribe = r.opt_str(15);
  if (auto body = r.opt_i64(16)) m.shared = Message::Shared{*body, {}, {}};
  return m;
}

// Bulk messages take their words, source and context from their body (one query per body).
void fill_bodies(storage::Tx& tx, std::vector<Message>& messages) {
  std::set<std::int64_t> ids;
  for (const auto& m : messages)
    if (m.shared) ids.insert(m.shared->body_id);
  for (auto id : ids) {
    auto b = tx.maybe(
        "SELECT source, context, shared_subject, shared_text FROM notify_bodies WHERE id = $1",
        {id});
    if (!b) continue;
    for (auto& m : messages)
      if (m.shared && m.shared->body_id == id) {
        m.shared->source = b->str(0);
        m.shared->context = b->str(1);
        m.subject = b->str(2);
        m.text = b->str(3);
      }
  }
}

// References are printable ASCII (0x20–0x7e, checked by validate), and the column compares
// bytewise on both engines (SQLite's BINARY, PostgreSQL's COLLATE "C"), so every reference
// starting with P lies in [P, P + 0x7f): an index range, not a scan.
std::string reference_clause(const ReferenceMatch& m, storage::Params& params) {
  using storage::param;
  if (!m.prefix) return " AND reference = " + param(params, m.reference);
  if (m.reference.empty()) return "";
  std::string sql = " AND reference >= " + param(params, m.reference);
  return sql + " AND reference < " + param(params, m.reference + "\x7f");
}

std::vector<Message> rows_of(storage::Tx& tx, const storage::Rows& rows) {
  std::vector<Message> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  fill_bodies(tx, out);
  return out;
}

}  // namespace

std::int64_t insert(storage::Tx& tx, const NewMessage& m, std::int64_t now) {
  auto row = tx.one(
      "INSERT INTO notify_outbox (channel, recipient, subject, body, html, reference, kind, "
      "status, attempts, next_attempt_at, created_at, updated_at, list_unsubscribe) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $9, $10) RETURNING id",
      {m.channel, m.recipient, m.subject, m.text, m.html, m.reference, m.kind,
       m.not_before > now ? m.not_before : now, now, m.list_unsubscribe});
  return row.i64(0);
}

std::vector<std::int64_t> insert_many(storage::Tx& tx, const std::vector<NewMessage>& messages,
                                      std::int64_t now) {
  if (messages.empty()) return {};
  storage::Params values;
  values.reserve(messages.size() * 13);
  for (const auto& m : messages) {
    values.emplace_back(m.channel);
    values.emplace_back(m.recipient);
    values.emplace_back(m.subject);
    values.emplace_back(m.text);
    values.emplace_back(m.html);
    values.emplace_back(m.reference);
    values.emplace_back(m.kind);
    values.emplace_back(std::string("queued"));
    values.emplace_back(std::int64_t{0});
    values.emplace_back(m.not_before > now ? m.not_before : now);
    values.emplace_back(now);
    values.emplace_back(now);
    values.emplace_back(m.list_unsubscribe);
  }
  return tx.insert_rows(
      "notify_outbox (channel, recipient, subject, body, html, reference, kind, status, attempts, "
      "next_attempt_at, created_at, updated_at, list_unsubscribe)",
      13, values);
}

std::int64_t insert_body(storage::Tx& tx, const Body& b, std::int64_t now) {
  return tx
      .one(
          "INSERT INTO notify_bodies (source, context, shared_subject, shared_text, created_at) "
          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
          {b.source, b.context, b.subject, b.text, now})
      .i64(0);
}

// One statement a call: the keys travel as one JSON array that the engine unfolds into rows, so
// a batch of 20,000 messages costs neither a bound statement a row (SQLite) nor 50 multi-row
// statements with their parameters (PostgreSQL).
void insert_bulk(storage::Tx& tx, const BulkMessages& m, std::int64_t now) {
  if (m.keys.empty()) return;
  const bool postgres = tx.engine() == storage::Engine::postgres;
  tx.exec(postgres
              ? "INSERT INTO notify_outbox (channel, recipient, body, reference, kind, "
                "next_attempt_at, created_at, updated_at, body_id) SELECT $1, k.key, '', $2, $3, "
                "$4::bigint, $4::bigint, $4::bigint, $5::bigint FROM "
                "jsonb_array_elements_text($6::jsonb) WITH ORDINALITY AS k(key, n) ORDER BY k.n"
              : "INSERT INTO notify_outbox (channel, recipient, body, reference, kind, "
                "next_attempt_at, created_at, updated_at, body_id) SELECT $1, k.value, '', $2, $3, "
                "$4, $4, $4, $5 FROM json_each($6) AS k ORDER BY k.key",
          {m.channel, m.reference, m.kind, now, m.body_id, core::Json(m.keys).dump()});
}

std::optional<Message> get(storage::Tx& tx, std::int64_t id) {
  auto row =
      tx.maybe(std::string("SELECT ") + kColumns + " FROM notify_outbox WHERE id = $1", {id});
  if (!row) return std::nullopt;
  std::vector<Message> one{from_row(*row)};
  fill_bodies(tx, one);
  return std::move(one.front());
}

std::vector<Message> list(storage::Tx& tx, const MessageFilter& f) {
  using storage::param;
  storage::Params params;
  std::string sql = std::string("SELECT ") + kColumns + " FROM notify_outbox WHERE 1=1";
  if (f.status) sql += " AND status = " + param(params, *f.status);
  if (f.channel) sql += " AND channel = " + param(params, *f.channel);
  if (f.reference) sql += reference_clause(*f.reference, params);
  if (f.before_id) sql += " AND id < " + param(params, *f.before_id);
  sql += " ORDER BY id DESC LIMIT " + param(params, f.limit + 1);
  return rows_of(tx, tx.query(sql, params));
}

std::map<std::string, std::int64_t> counts(storage::Tx& tx,
                                           const std::optional<std::string>& channel,
                                           const std::optional<ReferenceMatch>& match) {
  using storage::param;
  storage::Params params;
  std::string sql = "SELECT status, COUNT(*) FROM notify_outbox WHERE 1=1";
  if (channel) sql += " AND channel = " + param(params, *channel);
  if (match) sql += reference_clause(*match, params);
  sql += " GROUP BY status";
  std::map<std::string, std::int64_t> out;
  for (const auto& r : tx.query(sql, params)) out[r.str(0)] = r.i64(1);
  return out;
}

std::int64_t cancel_queued(storage::Tx& tx, const ReferenceMatch& match, std::int64_t now) {
  storage::Params params{now};
  std::string sql =
      "UPDATE notify_outbox SET status = 'cancelled', updated_at = $1 WHERE status = 'queued'";
  sql += reference_clause(match, params);
  return tx.exec(sql, params);
}

void update_state(storage::Tx& tx, const Message& m) {
  tx.exec(
      "UPDATE notify_outbox SET status = $2, attempts = $3, last_error = $4, "
      "next_attempt_at = $5, updated_at = $6, sent_at = $7 WHERE id = $1",
      {m.id, m.status, m.attempts, m.last_error, m.next_attempt_at, m.updated_at, m.sent_at});
}

std::vector<std::int64_t> due(storage::Tx& tx, const std::string& channel, std::int64_t now,
                              int limit) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT id FROM notify_outbox WHERE status = 'queued' AND channel = $1 AND "
                "next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3",
                {channel, now, limit}))
    out.push_back(r.i64(0));
  return out;
}

std::optional<std::int64_t> next_due(storage::Tx& tx, const std::string& channel) {
  auto row = tx.one(
      "SELECT MIN(next_attempt_at) FROM notify_outbox WHERE status = 'queued' AND channel = $1",
      {channel});
  return row.opt_i64(0);
}

bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE notify_outbox SET status = 'sending', attempts = attempts + 1, "
             "updated_at = $2 WHERE id = $1 AND status = 'queued'",
             {id, now}) == 1;
}

void unclaim(storage::Tx& tx, std::int64_t id) {
  tx.exec(
      "UPDATE notify_outbox SET status = 'queued', attempts = attempts - 1 "
      "WHERE id = $1 AND status = 'sending'",
      {id});
}

std::vector<Message> sending(storage::Tx& tx) {
  return rows_of(tx, tx.query(std::string("SELECT ") + kColumns +
                              " FROM notify_outbox WHERE status = 'sending' ORDER BY id"));
}

std::vector<Message> queued_print(storage::Tx& tx, const ReferenceMatch& match, int limit) {
  using storage::param;
  storage::Params params;
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM notify_outbox WHERE status = 'queued' AND channel = 'print'";
  sql += reference_clause(match, params);
  sql += " ORDER BY id LIMIT " + param(params, limit);
  return rows_of(tx, tx.query(sql, params));
}

}  // namespace qorgan::notify::outbox_store
