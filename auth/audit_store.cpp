#include "auth/audit_store.hpp"

#include <algorithm>
#include <utility>

#include "storage/row_cursor.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::auth::audit_store {

namespace {

constexpr std::int64_t kAuditLock = 0x61756469;

constexpr const char* kColumns =
    "seq, at, actor_id, actor_login, action, entity_type, entity_id, before_json, after_json, "
    "request_id, prev_hash, hash";

// before/after are stored as JSON text; a text that is not JSON is kept as a string.
core::Json parse_or_null(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  auto j = core::Json::parse(*s, nullptr, false);
  return j.is_discarded() ? core::Json(*s) : j;
}

storage::Value text_or_null(const core::Json& j) {
  if (j.is_null()) return {};
  return j.dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

// Columns 1-9 of an audit row, the same in audit_log and audit_pending (whose column 0 is its id
// and which has no chain).
AuditEntry unchained_from_row(const storage::Row& r) {
  AuditEntry e;
  e.at = r.i64(1);
  e.actor_id = r.opt_i64(2);
  e.actor_login = r.str(3);
  e.action = r.str(4);
  e.entity_type = r.str(5);
  e.entity_id = r.str(6);
  e.before = parse_or_null(r.opt_str(7));
  e.after = parse_or_null(r.opt_str(8));
  e.request_id = r.str(9);
  return e;
}

AuditEntry from_row(const storage::Row& r) {
  AuditEntry e = unchained_from_row(r);
  e.seq = r.i64(0);
  e.prev_hash = r.str(10);
  e.hash = r.str(11);
  return e;
}

std::vector<AuditEntry> entries(storage::Tx& tx, const std::string& sql,
                                const storage::Params& params) {
  std::vector<AuditEntry> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(from_row(r));
  return out;
}

}  // namespace

Head head(storage::Tx& tx) {
  std::optional<Head> out;
  storage::each_row(tx, "SELECT seq, hash FROM audit_head WHERE id = 1", {},
                    [&](const storage::RowCursor& r) {
                      out = Head{r.i64(0), std::string(r.text(1))};
                    });
  if (!out) throw storage::DbError("the audit log has no head row");
  return *out;
}

Head lock_head(storage::Tx& tx) {
  tx.lock(kAuditLock);
  return head(tx);
}

void append(storage::Tx& tx, const AuditEntry& e, std::optional<std::string> before,
            std::optional<std::string> after) {
  static const std::string sql = std::string("INSERT INTO audit_log (") + kColumns +
                                 ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
  tx.exec(sql, {e.seq, e.at, e.actor_id, e.actor_login, e.action, e.entity_type, e.entity_id,
                std::move(before), std::move(after), e.request_id, e.prev_hash, e.hash});
  tx.exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {e.seq, e.hash});
}

void append_pending(storage::Tx& tx, const AuditEntry& e) {
  tx.exec(
      "INSERT INTO audit_pending (at, actor_id, actor_login, action, entity_type, entity_id, "
      "before_json, after_json, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {e.at, e.actor_id, e.actor_login, e.action, e.entity_type, e.entity_id,
       text_or_null(e.before), text_or_null(e.after), e.request_id});
}

std::vector<AuditEntry> take_pending(storage::Tx& tx, int limit) {
  // One statement: rows that commit while it runs are not in its snapshot and stay for the next
  // sealer, so none is removed without being returned.
  auto rows = tx.query(
      "DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT $1) "
      "RETURNING id, at, actor_id, actor_login, action, entity_type, entity_id, before_json, "
      "after_json, request_id",
      {std::int64_t(limit)});
  std::vector<std::pair<std::int64_t, AuditEntry>> byId;
  byId.reserve(rows.size());
  for (const auto& r : rows) byId.emplace_back(r.i64(0), unchained_from_row(r));
  // RETURNING gives no order.
  std::ranges::sort(byId, {}, &std::pair<std::int64_t, AuditEntry>::first);
  std::vector<AuditEntry> out;
  out.reserve(byId.size());
  for (auto& [id, e] : byId) out.push_back(std::move(e));
  return out;
}

void append_chained(storage::Tx& tx, const std::vector<AuditEntry>& es) {
  if (es.empty()) return;
  // Multi-row inserts: one round trip for up to 100 entries.
  constexpr size_t kRows = 100;
  for (size_t from = 0; from < es.size(); from += kRows) {
    std::string sql = std::string("INSERT INTO audit_log (") + kColumns + ") VALUES ";
    storage::Params p;
    for (size_t i = from; i < std::min(es.size(), from + kRows); ++i) {
      const auto& e = es[i];
      sql += i == from ? "(" : ", (";
      for (storage::Value v :
           {storage::Value(e.seq), storage::Value(e.at), storage::Value(e.actor_id),
            storage::Value(e.actor_login), storage::Value(e.action), storage::Value(e.entity_type),
            storage::Value(e.entity_id), text_or_null(e.before), text_or_null(e.after),
            storage::Value(e.request_id), storage::Value(e.prev_hash), storage::Value(e.hash)}) {
        if (sql.back() != '(') sql += ", ";
        sql += storage::param(p, std::move(v));
      }
      sql += ")";
    }
    tx.exec(sql, p);
  }
  tx.exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
          {es.back().seq, es.back().hash});
}

void rehash(storage::Tx& tx, const AuditEntry& e) {
  tx.exec("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3",
          {e.prev_hash, e.hash, e.seq});
  tx.exec("UPDATE audit_head SET hash = $1 WHERE id = 1 AND seq = $2", {e.hash, e.seq});
}

std::optional<std::string> hash_at(storage::Tx& tx, std::int64_t seq) {
  auto r = tx.maybe("SELECT hash FROM audit_log WHERE seq = $1", {seq});
  if (!r) return std::nullopt;
  return r->str(0);
}

std::vector<AuditEntry> list(storage::Tx& tx, const AuditQuery& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE 1=1";
  storage::Params p;
  if (q.entity_type) sql += " AND entity_type = " + storage::param(p, *q.entity_type);
  if (q.entity_id) sql += " AND entity_id = " + storage::param(p, *q.entity_id);
  if (q.actor_id) sql += " AND actor_id = " + storage::param(p, *q.actor_id);
  if (q.from) sql += " AND at >= " + storage::param(p, *q.from);
  if (q.to) sql += " AND at < " + storage::param(p, *q.to);
  if (q.before_seq) sql += " AND seq < " + storage::param(p, *q.before_seq);
  sql += " ORDER BY seq DESC LIMIT " + storage::param(p, std::int64_t(q.limit));
  return entries(tx, sql, p);
}

std::vector<AuditEntry> entries_after(storage::Tx& tx, std::int64_t after_seq, int limit) {
  return entries(
      tx,
      std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
      {after_seq, std::int64_t(limit)});
}

}  // namespace qorgan::auth::audit_store
