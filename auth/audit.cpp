#include "auth/audit.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "auth/audit_seal.hpp"
#include "auth/audit_store.hpp"
#include "core/crypto.hpp"
#include "core/json_writer.hpp"
#include "core/time.hpp"
#include "storage/after_commit.hpp"

namespace qorgan::auth {

namespace {

bool secret_field(std::string_view key) {
  static constexpr std::string_view kSecrets[] = {
      "password", "password_hash", "iin", "token", "csrf_token", "iin_sealed", "iin_index"};
  return std::ranges::find(kSecrets, key) != std::end(kSecrets);
}

core::Json redact(core::Json j) {
  if (!j.is_object()) return j;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (secret_field(it.key())) it.value() = "[redacted]";
  return j;
}

// Reduces `before` and `after` to the fields that changed: `after` keeps the fields that are
// new or differ, `before` their old values (a field `after` lacks is not named). In place: an
// entry's objects are small, and building new ones copied every key and value again.
void keep_changes(core::Json& before, core::Json& after) {
  for (auto it = after.begin(); it != after.end();) {
    auto old = before.find(it.key());
    if (old != before.end() && *old == it.value()) {
      before.erase(old);
      it = after.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = before.begin(); it != before.end();)
    it = after.contains(it.key()) ? std::next(it) : before.erase(it);
}

std::string json_text(const core::Json& j) {
  return j.dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

// The text the chain hashes: the entry as a JSON array, written from its parts so that a caller
// holding `before` and `after` as text (the stored columns) serialises them only once. The same
// bytes as the array's own dump, which joins its elements' dumps with commas: the texts are
// written by core::append_json_string, which escapes as that dump does (json_writer_test), the
// numbers in decimal as it prints integers. A chain written before this writer verifies.
std::string content_of(const AuditEntry& e, std::string_view before, std::string_view after) {
  std::string c;
  c.reserve(160 + e.actor_login.size() + e.action.size() + e.entity_type.size() +
            e.entity_id.size() + before.size() + after.size() + e.request_id.size() +
            e.prev_hash.size());
  const auto number = [&c](std::int64_t n) {
    char buf[24];
    c.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
    c += ',';
  };
  const auto text = [&c](std::string_view s) {
    core::append_json_string(c, s);
    c += ',';
  };
  c += '[';
  number(e.seq);
  number(e.at);
  if (e.actor_id)
    number(*e.actor_id);
  else
    c += "null,";
  text(e.actor_login);
  text(e.action);
  text(e.entity_type);
  text(e.entity_id);
  c.append(before).append(",").append(after).append(",");
  text(e.request_id);
  core::append_json_string(c, e.prev_hash);
  c += ']';
  return c;
}

std::string content_of(const AuditEntry& e) {
  return content_of(e, json_text(e.before), json_text(e.after));
}

constexpr std::string_view kChainContext = "audit.chain";
constexpr std::string_view kCheckpointContext = "audit.checkpoint";

struct Keys {
  core::MasterKey key;
  core::Signer signer;
  explicit Keys(const core::MasterKey& k) : key(k), signer(k, kCheckpointContext) {}
};

std::mutex keys_mu;
std::shared_ptr<const Keys> keys_slot;

std::shared_ptr<const Keys> keys() {
  std::lock_guard lock(keys_mu);
  if (!keys_slot) throw std::logic_error("the audit key is not set (auth::use_audit_key)");
  return keys_slot;
}

std::string hash_of(const Keys& k, const AuditEntry& e) {
  return core::keyed_hash(k.key, kChainContext, content_of(e));
}

// How entries were hashed before the chain was keyed.
std::string unkeyed_hash_of(const AuditEntry& e) {
  return core::sha256_hex(content_of(e));
}

std::string checkpoint_message(std::int64_t seq, std::string_view head, std::int64_t at) {
  return "qorgan-audit-checkpoint-v1\n" + std::to_string(seq) + "\n" + std::string(head) + "\n" +
         std::to_string(at);
}

std::string checkpoint_name(const Checkpoint& c, size_t index) {
  return "checkpoint " + std::to_string(index + 1) + " (entry " + std::to_string(c.seq) + ", " +
         core::format_rfc3339(c.at) + ")";
}

// Sealing rounds of this process, one at a time: a writer that has committed waits for a round
// that starts after its commit (whose snapshot holds its entry), running it itself when none
// runs. So the writers that commit during a round are chained together by the next one: one
// transaction on the chain's lock for a whole group instead of one each.
struct Rounds {
  std::mutex mu;
  std::condition_variable done;
  std::int64_t started = 0, finished = 0;
  bool running = false;
};

// Per database (a process may hold more than one, tests do); never removed: a few counters each.
Rounds& rounds_of(const storage::Database& db) {
  static std::mutex mu;
  static std::map<const storage::Database*, std::unique_ptr<Rounds>> all;
  std::lock_guard lock(mu);
  auto& r = all[&db];
  if (!r) r = std::make_unique<Rounds>();
  return *r;
}

// After a PostgreSQL writer's commit. A failure (the server gone) leaves the entries committed
// and unchained, for the next round: the writer's change stands either way.
void seal_after_commit(storage::Database& db) {
  auto& rounds = rounds_of(db);
  std::unique_lock lock(rounds.mu);
  const std::int64_t needed = rounds.started + 1;
  while (rounds.finished < needed) {
    if (rounds.running) {
      rounds.done.wait(lock);
      continue;
    }
    rounds.running = true;
    const std::int64_t round = ++rounds.started;
    lock.unlock();
    try {
      seal_audit(db);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "qorgan: audit entries left to chain later: %s\n", e.what());
    } catch (...) {
    }
    lock.lock();
    rounds.finished = round;
    rounds.running = false;
    rounds.done.notify_all();
  }
}

// The entries committed so far, chained before the log is read whole.
void sealed(storage::Database& db) {
  if (db.engine() == storage::Engine::postgres) seal_audit(db);
}

}  // namespace

void use_audit_key(const core::MasterKey& key) {
  auto k = std::make_shared<const Keys>(key);
  std::lock_guard lock(keys_mu);
  keys_slot = std::move(k);
}

void audit(storage::Tx& tx, const Actor& actor, std::string_view action,
           std::string_view entity_type, std::string_view entity_id, core::Json before,
           core::Json after) {
  before = redact(std::move(before));
  after = redact(std::move(after));
  if (before.is_object() && after.is_object()) keep_changes(before, after);
  auto k = keys();
  AuditEntry e;
  e.at = core::now_us();
  e.actor_id = actor.account_id;
  e.actor_login = actor.login;
  e.action = action;
  e.entity_type = entity_type;
  e.entity_id = entity_id;
  e.before = std::move(before);
  e.after = std::move(after);
  e.request_id = actor.request_id;
  // PostgreSQL runs writers side by side: the chain's lock held from here to the commit would
  // queue every audited write of the system behind one fsync at a time. The entry goes in with
  // the change, unchained, and is chained once committed (audit_seal.hpp).
  if (tx.engine() == storage::Engine::postgres) {
    audit_store::append_pending(tx, e);
    storage::after_commit(&seal_after_commit);
    return;
  }
  auto head = audit_store::lock_head(tx);
  e.seq = head.seq + 1;
  e.prev_hash = std::move(head.hash);
  std::optional<std::string> before_text, after_text;
  if (!e.before.is_null()) before_text = json_text(e.before);
  if (!e.after.is_null()) after_text = json_text(e.after);
  e.hash =
      core::keyed_hash(k->key, kChainContext,
                       content_of(e, before_text.value_or("null"), after_text.value_or("null")));
  audit_store::append(tx, e, std::move(before_text), std::move(after_text));
}

std::int64_t seal_audit(storage::Database& db) {
  if (db.engine() != storage::Engine::postgres) return 0;
  auto k = keys();
  constexpr int kBatch = 1000;
  std::int64_t total = 0;
  for (;;) {
    auto n = db.write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
      auto head = audit_store::lock_head(tx);
      auto es = audit_store::take_pending(tx, kBatch);
      for (auto& e : es) {
        e.seq = ++head.seq;
        e.prev_hash = std::move(head.hash);
        e.hash = hash_of(*k, e);
        head.hash = e.hash;
      }
      audit_store::append_chained(tx, es);
      return std::int64_t(es.size());
    });
    if (!n) throw std::runtime_error("sealing the audit log: " + n.error().message);
    total += *n;
    if (*n < kBatch) return total;
  }
}

std::vector<AuditEntry> list_audit(storage::Database& db, const AuditQuery& q) {
  sealed(db);
  return db.read([&](storage::Tx& tx) { return audit_store::list(tx, q); });
}

VerifyReport verify_audit(storage::Database& db) {
  auto k = keys();
  sealed(db);
  return db.read([&k](storage::Tx& tx) {
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
        else if (hash_of(*k, e) != e.hash)
          broken(unkeyed_hash_of(e) == e.hash
                     ? "it carries an unkeyed hash: it was written before the chain was keyed "
                       "and never re-hashed, or rewritten by someone without the key"
                     : "its content does not match its hash (the entry was edited, or the "
                       "chain was written with another key)");
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

core::Result<std::int64_t> key_legacy_chain(storage::Database& db) {
  auto k = keys();
  return db.write([&k](storage::Tx& tx) -> core::Result<std::int64_t> {
    audit_store::lock_head(tx);
    std::string old_prev, new_prev;
    std::int64_t expected = 1, after = 0;
    for (;;) {
      auto page = audit_store::entries_after(tx, after, 5000);
      if (page.empty()) break;
      for (auto& e : page) {
        after = e.seq;
        if (e.seq == 1 && hash_of(*k, e) == e.hash) return std::int64_t(0);  // keyed already
        if (e.seq != expected || e.prev_hash != old_prev || unkeyed_hash_of(e) != e.hash)
          return core::fail(core::Error::conflict(
              "the audit log from before keying is broken at entry " + std::to_string(e.seq) +
              ", so it was left as it is: 'qorgan audit verify' shows where"));
        old_prev = e.hash;
        e.prev_hash = new_prev;
        e.hash = hash_of(*k, e);
        audit_store::rehash(tx, e);
        new_prev = e.hash;
        ++expected;
      }
    }
    return expected - 1;
  });
}

std::string checkpoint_public_key() {
  return keys()->signer.public_key_hex();
}

Checkpoint checkpoint_now(storage::Database& db) {
  auto k = keys();
  sealed(db);
  auto head = db.read([](storage::Tx& tx) { return audit_store::head(tx); });
  Checkpoint c{head.seq, head.hash, core::now_us(), k->signer.public_key_hex(), {}};
  c.signature = k->signer.sign_hex(checkpoint_message(c.seq, c.head, c.at));
  return c;
}

std::string checkpoint_line(const Checkpoint& c) {
  core::Json j{
      {"qorgan_audit_checkpoint", 1},       {"seq", c.seq}, {"head", c.head},          {"at", c.at},
      {"time", core::format_rfc3339(c.at)}, {"key", c.key}, {"signature", c.signature}};
  return j.dump();
}

core::Status append_checkpoint(const std::string& path, const Checkpoint& c) {
  std::ofstream out(path, std::ios::app);
  out << checkpoint_line(c) << '\n';
  out.flush();
  if (!out) return core::fail(core::Error::internal("cannot append a checkpoint to " + path));
  return {};
}

core::Result<Checkpoint> parse_checkpoint(std::string_view line) {
  auto j = core::Json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return core::fail(core::Error::invalid("it is not a JSON object"));
  if (j.value("qorgan_audit_checkpoint", 0) != 1)
    return core::fail(core::Error::invalid("it is not a Qorgan audit checkpoint (version 1)"));
  Checkpoint c;
  auto need_int = [&](const char* name, std::int64_t& out) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_number_integer()) return false;
    out = it->get<std::int64_t>();
    return true;
  };
  auto need_str = [&](const char* name, std::string& out) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  for (auto [name, ok] : {std::pair{"seq", need_int("seq", c.seq)},
                          {"at", need_int("at", c.at)},
                          {"head", need_str("head", c.head)},
                          {"key", need_str("key", c.key)},
                          {"signature", need_str("signature", c.signature)}})
    if (!ok)
      return core::fail(core::Error::invalid(std::string("its \"") + name +
                                             "\" is missing or of the wrong type"));
  if (c.seq < 0) return core::fail(core::Error::invalid("its \"seq\" is negative"));
  return c;
}

CheckpointReport verify_checkpoints(storage::Database& db, const std::vector<Checkpoint>& kept,
                                    const std::string& trusted_key) {
  std::string trusted = trusted_key.empty() ? checkpoint_public_key() : trusted_key;
  sealed(db);
  return db.read([&](storage::Tx& tx) {
    CheckpointReport rep;
    auto head = audit_store::head(tx);
    for (size_t i = 0; i < kept.size(); ++i) {
      const auto& c = kept[i];
      auto fail = [&](std::string why) {
        rep.ok = false;
        rep.reason = checkpoint_name(c, i) + ": " + std::move(why);
        return rep;
      };
      if (c.key != trusted)
        return fail("it is signed by key " + c.key.substr(0, 16) + "…, not by the trusted key " +
                    trusted.substr(0, 16) + "…");
      if (!core::signature_valid(c.key, checkpoint_message(c.seq, c.head, c.at), c.signature))
        return fail("its signature does not match its content (the checkpoint was altered)");
      if (c.seq > head.seq)
        return fail("the log now ends at entry " + std::to_string(head.seq) +
                    ": entries after it were removed");
      auto hash = c.seq == 0 ? std::optional<std::string>("") : audit_store::hash_at(tx, c.seq);
      if (!hash) return fail("the log has no entry " + std::to_string(c.seq) + " any more");
      if (*hash != c.head)
        return fail("entry " + std::to_string(c.seq) +
                    " no longer has the hash it had then: the log was rewritten at or before it");
      ++rep.matched;
    }
    return rep;
  });
}

}  // namespace qorgan::auth
