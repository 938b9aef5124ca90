#include "auth/audit.hpp"

#include <set>

#include "auth/audit_store.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"

namespace qorgan::auth {

namespace {

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
  auto head = audit_store::lock_head(tx);
  AuditEntry e;
  e.seq = head.seq + 1;
  e.prev_hash = std::move(head.hash);
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
  audit_store::append(tx, e);
}

std::vector<AuditEntry> list_audit(storage::Database& db, const AuditQuery& q) {
  return db.read([&](storage::Tx& tx) { return audit_store::list(tx, q); });
}

VerifyReport verify_audit(storage::Database& db) {
  return db.read([](storage::Tx& tx) {
    VerifyReport rep;
    std::string prev;
    std::int64_t expected = 1;
    std::int64_t after = 0;
    // Pages of 5,000 keep memory flat on long logs.
    for (;;) {
      auto page = audit_store::entries_after(tx, after, 5000);
      if (page.empty()) break;
      for (const auto& e : page) {
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
    auto head = audit_store::head(tx);
    if (head.seq != rep.checked || head.hash != prev) {
      rep.ok = false;
      rep.broken_seq = rep.checked + 1;
      rep.reason = "the log ends at entry " + std::to_string(rep.checked) +
                   " but its head records entry " + std::to_string(head.seq) +
                   " (entries were removed from the end)";
    }
    return rep;
  });
}

}  // namespace qorgan::auth
