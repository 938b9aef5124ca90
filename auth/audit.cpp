#include "auth/audit.hpp"

#include <set>

#include "core/crypto.hpp"
#include "core/time.hpp"

namespace qorgan::auth {

namespace {

constexpr std::int64_t kAuditLock = 0x61756469;

bool secret_field(const std::string& key) {
  static const std::set<std::string> secrets{"password",   "password_hash", "iin",      "token",
                                             "csrf_token", "iin_sealed",    "iin_index"};
  return secrets.contains(key);
}

core::Json redact(core::Json j) {
  if (!j.is_object()) return j;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (secret_field(it.key())) it.value() = "[redacted]";
  return j;
}

std::string content_of(const AuditEntry& e) {
  core::Json c = core::Json::array({e.seq, e.at, e.actor_id ? core::Json(*e.actor_id) : nullptr,
                                    e.actor_login, e.action, e.entity_type, e.entity_id, e.before,
                                    e.after, e.request_id, e.prev_hash});
  return c.dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

std::string hash_of(const AuditEntry& e) {
  return core::sha256_hex(content_of(e));
}

core::Json parse_or_null(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  auto j = core::Json::parse(*s, nullptr, false);
  return j.is_discarded() ? core::Json(*s) : j;
}

std::string dump_or_null(const core::Json& j) {
  return j.dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

AuditEntry from_row(const storage::Row& r) {
  AuditEntry e;
  e.seq = r.i64(0);
  e.at = r.i64(1);
  e.actor_id = r.opt_i64(2);
  e.actor_login = r.str(3);
  e.action = r.str(4);
  e.entity_type = r.str(5);
  e.entity_id = r.str(6);
  e.before = parse_or_null(r.opt_str(7));
  e.after = parse_or_null(r.opt_str(8));
  e.request_id = r.str(9);
  e.prev_hash = r.str(10);
  e.hash = r.str(11);
  return e;
}

constexpr const char* kColumns =
    "seq, at, actor_id, actor_login, action, entity_type, entity_id, before_json, after_json, "
    "request_id, prev_hash, hash";

}  // namespace

void audit(storage::Tx& tx, const Actor& actor, std::string_view action,
           std::string_view entity_type, std::string_view entity_id, core::Json before,
           core::Json after) {
  before = redact(std::move(before));
  after = redact(std::move(after));
  if (before.is_object() && after.is_object()) {
    core::Json b = core::Json::object(), a = core::Json::object();
    for (auto it = after.begin(); it != after.end(); ++it) {
      auto old = before.find(it.key());
      if (old == before.end() || *old != it.value()) {
        if (old != before.end()) b[it.key()] = *old;
        a[it.key()] = it.value();
      }
    }
    before = std::move(b);
    after = std::move(a);
  }
  tx.lock(kAuditLock);
  auto head = tx.one("SELECT seq, hash FROM audit_head WHERE id = 1");
  AuditEntry e;
  e.seq = head.i64(0) + 1;
  e.prev_hash = head.str(1);
  e.at = core::now_us();
  e.actor_id = actor.account_id;
  e.actor_login = actor.login;
  e.action = action;
  e.entity_type = entity_type;
  e.entity_id = entity_id;
  e.before = std::move(before);
  e.after = std::move(after);
  e.request_id = actor.request_id;
  e.hash = hash_of(e);
  tx.exec(std::string("INSERT INTO audit_log (") + kColumns +
              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          {e.seq, e.at, e.actor_id, e.actor_login, e.action, e.entity_type, e.entity_id,
           e.before.is_null() ? storage::Value() : storage::Value(dump_or_null(e.before)),
           e.after.is_null() ? storage::Value() : storage::Value(dump_or_null(e.after)),
           e.request_id, e.prev_hash, e.hash});
  tx.exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {e.seq, e.hash});
}

std::vector<AuditEntry> list_audit(storage::Database& db, const AuditQuery& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE 1=1";
  storage::Params p;
  auto add = [&](const char* clause, storage::Value v) {
    p.push_back(std::move(v));
    sql += std::string(" AND ") + clause + " $" + std::to_string(p.size());
  };
  if (q.entity_type) add("entity_type =", *q.entity_type);
  if (q.entity_id) add("entity_id =", *q.entity_id);
  if (q.actor_id) add("actor_id =", *q.actor_id);
  if (q.from) add("at >=", *q.from);
  if (q.to) add("at <", *q.to);
  if (q.before_seq) add("seq <", *q.before_seq);
  p.push_back(std::int64_t(q.limit));
  sql += " ORDER BY seq DESC LIMIT $" + std::to_string(p.size());
  return db.read([&](storage::Tx& tx) {
    std::vector<AuditEntry> out;
    for (const auto& r : tx.query(sql, p)) out.push_back(from_row(r));
    return out;
  });
}

VerifyReport verify_audit(storage::Database& db) {
  return db.read([](storage::Tx& tx) {
    VerifyReport rep;
    std::string prev;
    std::int64_t expected = 1;
    std::int64_t after = 0;
    // Pages of 5,000 keep memory flat on long logs.
    for (;;) {
      auto rows = tx.query(std::string("SELECT ") + kColumns +
                               " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000",
                           {after});
      if (rows.empty()) break;
      for (const auto& r : rows) {
        auto e = from_row(r);
        after = e.seq;
        auto broken = [&](std::string why) {
          rep.ok = false;
          rep.broken_seq = e.seq;
          rep.reason = std::move(why);
        };
        if (e.seq != expected)
          broken("entries " + std::to_string(expected) + " to " + std::to_string(e.seq - 1) +
                 " are missing");
        else if (e.prev_hash != prev)
          broken("its previous-hash does not match the entry before it");
        else if (hash_of(e) != e.hash)
          broken("its content does not match its hash (the entry was edited)");
        if (!rep.ok) return rep;
        prev = e.hash;
        ++expected;
        ++rep.checked;
      }
    }
    auto head = tx.one("SELECT seq, hash FROM audit_head WHERE id = 1");
    if (head.i64(0) != rep.checked || head.str(1) != prev) {
      rep.ok = false;
      rep.broken_seq = rep.checked + 1;
      rep.reason = "the log ends at entry " + std::to_string(rep.checked) +
                   " but its head records entry " + std::to_string(head.i64(0)) +
                   " (entries were removed from the end)";
    }
    return rep;
  });
}

core::Json to_json(const AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", core::format_rfc3339(e.at)},
          {"actor_id", e.actor_id ? core::Json(*e.actor_id) : nullptr},
          {"actor_login", e.actor_login},
          {"action", e.action},
          {"entity_type", e.entity_type},
          {"entity_id", e.entity_id},
          {"before", e.before},
          {"after", e.after},
          {"request_id", e.request_id},
          {"hash", e.hash}};
}

}  // namespace qorgan::auth
